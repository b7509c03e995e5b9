"""Onboarding a village without the raw admin (issue 22.1): the domain actions, called directly."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Invitation, InvitationChannel, Membership, Role, User
from audit.models import Action, AuditEntry
from onboarding import services
from onboarding.forms import ActivationPasswordForm
from regions.models import Region
from tests.conftest import GOGODESO, JATINOM
from village_services import defaults
from village_services.models import Letterhead, LetterType, Service

NEW_PASSWORD = "Payung-Pertama-2026"


def authenticate(**credentials):
    return django_authenticate(RequestFactory().post("/akun/masuk/"), **credentials)


def _activate(invited, password=NEW_PASSWORD):
    invitation = services.find_invitation(invited.key)
    form = ActivationPasswordForm(invitation.user, {"new_password1": password, "new_password2": password})
    assert form.is_valid(), form.errors
    return services.activate(invitation, form)


def _invite(actor, village, name="Sri Wahyuni", role=Role.VILLAGE_OPERATOR, channel=InvitationChannel.SHEET, **kw):
    return services.invite_user(actor, village, full_name=name, role=role, channel=channel, **kw)


# --- Adding the village -------------------------------------------------------------------------------------

def test_district_officer_adds_a_village_of_the_regency_with_the_default_services_letter_types_and_letterhead(
        blitar_officer, kanigoro_village):
    made = services.onboard_village(blitar_officer, kanigoro_village, address="Jl. Raya Kanigoro 1",
                                    contact="0342-123")
    assert Service.objects.filter(village=kanigoro_village).count() == len(defaults.SERVICES)
    assert LetterType.objects.filter(village=kanigoro_village).count() == len(defaults.LETTER_TYPES)
    letterhead = Letterhead.objects.get(village=kanigoro_village)
    assert (letterhead.address, letterhead.contact) == ("Jl. Raya Kanigoro 1", "0342-123")
    assert made == [f"{len(defaults.SERVICES)} layanan (SOP), {len(defaults.LETTER_TYPES)} jenis surat dan 1 kop "
                    "surat bawaan disalin."]
    entry = AuditEntry.objects.get(action=Action.OTHER, object_type="regions.region")
    assert (entry.actor, entry.region_code, entry.object_id) == (blitar_officer, kanigoro_village.code,
                                                                  kanigoro_village.code)


def test_adding_a_village_again_copies_nothing_twice(blitar_officer, kanigoro_village):
    services.onboard_village(blitar_officer, kanigoro_village)
    made = services.onboard_village(blitar_officer, kanigoro_village)
    assert made == ["0 layanan (SOP), 0 jenis surat dan 0 kop surat bawaan disalin."]
    assert Service.objects.filter(village=kanigoro_village).count() == len(defaults.SERVICES)
    assert Letterhead.objects.filter(village=kanigoro_village).count() == 1


def test_district_officer_cannot_add_a_village_outside_the_regency(blitar_officer, kediri_village):
    with pytest.raises(PermissionDenied):
        services.onboard_village(blitar_officer, kediri_village)
    assert Service.objects.filter(village=kediri_village).count() == 0


def test_village_operator_and_national_officer_cannot_add_a_village(jatinom_operator, national_officer):
    jatinom = Region.objects.get(code=JATINOM)
    for actor in (jatinom_operator, national_officer):
        with pytest.raises(PermissionDenied):
            services.onboard_village(actor, jatinom)


def test_system_administrator_adds_a_village_anywhere(system_admin, kediri_village):
    services.onboard_village(system_admin, kediri_village)
    assert Service.objects.filter(village=kediri_village).count() == len(defaults.SERVICES)


def test_a_district_is_not_a_village_to_add(blitar_officer, regions):
    district = Region.objects.get(code="35.05.10")
    with pytest.raises(ValidationError) as refused:
        services.onboard_village(blitar_officer, district)
    assert list(refused.value.message_dict) == ["village"]


# --- Inviting: the user chooses the password ----------------------------------------------------------------

def test_invited_user_cannot_sign_in_until_they_choose_their_own_password(blitar_officer, kanigoro_village):
    invited = _invite(blitar_officer, kanigoro_village)
    user = invited.user
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, role=Role.VILLAGE_OPERATOR, region=kanigoro_village,
                                     is_active=True).count() == 1
    assert len(invited.key) == services.invitations.SHEET_CODE_LENGTH
    assert Invitation.objects.filter(key_hash__contains=invited.key).count() == 0  # only the hash is stored
    _activate(invited)
    user.refresh_from_db()
    assert authenticate(username=user.username, password=NEW_PASSWORD) == user
    assert user.must_change_password is False


def test_the_printed_code_works_once(blitar_officer, kanigoro_village):
    invited = _invite(blitar_officer, kanigoro_village)
    assert services.find_invitation(invited.code.lower()) == invited.invitation  # typed in small letters, dashes
    _activate(invited)
    assert services.find_invitation(invited.key) is None
    assert Invitation.objects.get(pk=invited.invitation.pk).used_at is not None


def test_a_new_invitation_cancels_the_older_one(blitar_officer, kanigoro_village):
    first = _invite(blitar_officer, kanigoro_village)
    second = services.issue_invitation(blitar_officer, first.user, InvitationChannel.SHEET)
    assert services.find_invitation(first.key) is None
    assert services.find_invitation(second.key) == second.invitation


def test_an_expired_invitation_is_refused(blitar_officer, kanigoro_village):
    invited = _invite(blitar_officer, kanigoro_village)
    invited.invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invited.invitation.save()
    assert services.find_invitation(invited.key) is None


def test_email_invitation_sends_a_one_time_link_with_the_username(blitar_officer, kanigoro_village, settings):
    settings.SITE_URL = "https://payung.example"
    invited = _invite(blitar_officer, kanigoro_village, channel=InvitationChannel.EMAIL, email="Sri@Desa.example")
    assert invited.sent is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sri@desa.example"]
    assert f"Nama pengguna Anda: {invited.user.username}" in message.body
    assert f"https://payung.example/kelola/aktivasi/{invited.key}/" in message.body
    assert len(invited.key) == services.invitations.LINK_KEY_LENGTH


def test_email_invitation_that_the_mail_server_refuses_still_creates_the_user(blitar_officer, kanigoro_village,
                                                                               settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    invited = _invite(blitar_officer, kanigoro_village, channel=InvitationChannel.EMAIL, email="sri@desa.example")
    assert invited.sent is False
    assert services.find_invitation(invited.key) == invited.invitation


@pytest.mark.parametrize("kwargs,field", [
    ({"channel": InvitationChannel.EMAIL}, "email"),
    ({"username": "op.jatinom"}, "username"),
    ({"name": "   "}, "full_name"),
])
def test_a_refused_invitation_names_the_field_and_writes_nothing(blitar_officer, kanigoro_village, jatinom_operator,
                                                                 kwargs, field):
    users = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        _invite(blitar_officer, kanigoro_village, **kwargs)
    assert list(refused.value.message_dict) == [field]
    assert User.objects.count() == users


def test_an_address_already_in_use_is_refused(blitar_officer, kanigoro_village, jatinom_operator):
    jatinom_operator.email = "op@jatinom.example"
    jatinom_operator.save()
    with pytest.raises(ValidationError) as refused:
        _invite(blitar_officer, kanigoro_village, email="OP@jatinom.example")
    assert list(refused.value.message_dict) == ["email"]


def test_username_is_made_from_the_name_and_village(blitar_officer, kanigoro_village):
    first = _invite(blitar_officer, kanigoro_village, name="Sri Wahyuni")
    second = _invite(blitar_officer, kanigoro_village, name="Sri Rahayu")
    village = kanigoro_village.name.lower().replace(" ", "").replace("-", "")
    assert (first.user.username, second.user.username) == (f"sri.{village}", f"sri.{village}2")


def test_district_officer_cannot_invite_into_a_village_outside_the_regency(blitar_officer, kediri_village):
    with pytest.raises(PermissionDenied):
        _invite(blitar_officer, kediri_village)
    assert not User.objects.filter(full_name="Sri Wahyuni").exists()


def test_sheets_are_printed_for_the_users_who_never_signed_in(blitar_officer, kanigoro_village):
    waiting = _invite(blitar_officer, kanigoro_village, name="Sri Wahyuni")
    signed_in = _invite(blitar_officer, kanigoro_village, name="Budi Santoso")
    User.objects.filter(pk=signed_in.user.pk).update(last_login=timezone.now())
    sheets = services.issue_sheets(blitar_officer, kanigoro_village)
    assert [s.user for s in sheets] == [waiting.user]
    assert services.find_invitation(waiting.key) is None  # the earlier code stops working


# --- Roles per region ---------------------------------------------------------------------------------------

def test_district_officer_gives_village_roles_in_the_regency_but_no_officer_role(blitar_officer, kanigoro_village,
                                                                                 blitar_regency):
    user = _invite(blitar_officer, kanigoro_village).user
    gogodeso = Region.objects.get(code=GOGODESO)
    services.grant_role(blitar_officer, user, Role.COMMUNITY_VOLUNTEER, gogodeso)
    assert user.memberships.filter(role=Role.COMMUNITY_VOLUNTEER, region=gogodeso, is_active=True).exists()
    with pytest.raises(PermissionDenied):
        services.grant_role(blitar_officer, user, Role.DISTRICT_OFFICER, blitar_regency)


def test_system_administrator_gives_a_district_officer_role(system_admin, blitar_officer, kanigoro_village,
                                                            blitar_regency):
    user = _invite(system_admin, kanigoro_village).user
    services.grant_role(system_admin, user, Role.DISTRICT_OFFICER, blitar_regency)
    assert user.memberships.filter(role=Role.DISTRICT_OFFICER, region=blitar_regency).exists()


def test_a_role_is_given_only_at_its_level(blitar_officer, kanigoro_village):
    user = _invite(blitar_officer, kanigoro_village).user
    with pytest.raises(ValidationError) as refused:
        services.grant_role(blitar_officer, user, Role.VILLAGE_OPERATOR, kanigoro_village.parent)
    assert list(refused.value.message_dict) == ["region"]


def test_a_role_taken_away_stays_as_an_inactive_membership(blitar_officer, kanigoro_village):
    invited = _invite(blitar_officer, kanigoro_village)
    membership = invited.user.memberships.get()
    services.revoke_role(blitar_officer, membership)
    membership.refresh_from_db()
    assert membership.is_active is False
    entry = AuditEntry.objects.filter(object_type="accounts.membership", action=Action.UPDATE).get()
    assert (entry.region_code, entry.changes) == (kanigoro_village.code, {"is_active": [True, False]})
    # Given again, the same membership comes back.
    services.grant_role(blitar_officer, invited.user, Role.VILLAGE_OPERATOR, kanigoro_village)
    assert invited.user.memberships.filter(is_active=True).count() == 1 == invited.user.memberships.count()


# --- Deactivation: the user goes, the records stay ----------------------------------------------------------

def test_a_deactivated_user_cannot_sign_in_and_their_records_stay(blitar_officer, jatinom_operator, make_person):
    person = make_person(created_by=jatinom_operator)
    services.deactivate_user(blitar_officer, jatinom_operator)
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.is_active is False
    assert authenticate(username="op.jatinom", password="Rahasia-Uji-123") is None
    person.refresh_from_db()
    assert person.created_by == jatinom_operator
    assert jatinom_operator.memberships.filter(is_active=True).count() == 1  # the history of roles is kept
    services.reactivate_user(blitar_officer, jatinom_operator)
    assert authenticate(username="op.jatinom", password="Rahasia-Uji-123") == jatinom_operator


def test_deactivation_cancels_open_invitations(blitar_officer, kanigoro_village):
    invited = _invite(blitar_officer, kanigoro_village)
    services.deactivate_user(blitar_officer, invited.user)
    assert services.find_invitation(invited.key) is None


def test_district_officer_cannot_manage_someone_who_also_works_in_another_regency(blitar_officer, make_user, kediri):
    facilitator = make_user("fasilitator.dua", (Role.NGO_FACILITATOR, JATINOM), (Role.NGO_FACILITATOR, "35.06"))
    with pytest.raises(PermissionDenied):
        services.deactivate_user(blitar_officer, facilitator)


def test_district_officer_cannot_deactivate_a_national_officer_nor_themselves(blitar_officer, national_officer,
                                                                            system_admin):
    with pytest.raises(PermissionDenied):
        services.deactivate_user(blitar_officer, national_officer)
    with pytest.raises(PermissionDenied):
        services.deactivate_user(blitar_officer, blitar_officer)  # an officer role is the administrator's matter
    with pytest.raises(ValidationError):
        services.deactivate_user(system_admin, system_admin)
