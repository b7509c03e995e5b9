import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from cases import services
from cases.models import Case, Notification, Referral, ReferralStatus, Status, TimelineEntry
from tests.conftest import GOGODESO


def test_referral_needs_consent_to_share(jatinom_operator, make_case, bpjs):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError) as exc:
        services.refer_case(jatinom_operator, case, bpjs, request="Klaim JKM")
    assert list(exc.value.message_dict) == ["override_reason"]
    assert Referral.objects.count() == 0


def test_village_operator_cannot_override_consent(jatinom_operator, make_case, bpjs):
    case = make_case(jatinom_operator)
    with pytest.raises(PermissionDenied):
        services.refer_case(jatinom_operator, case, bpjs, request="Klaim JKM", override_reason="Darurat")
    assert Referral.objects.count() == 0


def test_district_officer_override_is_audited(jatinom_operator, blitar_officer, make_case, police):
    case = make_case(jatinom_operator, category="trafficking")
    referral = services.refer_case(blitar_officer, case, police, request="Laporan TPPO",
                                   override_reason="Korban dalam bahaya, pengadu belum dapat dihubungi.")
    assert referral.consent_override is True
    entry = AuditEntry.objects.get(action=Action.OVERRIDE)
    assert entry.object_id == str(referral.pk)
    assert entry.note == "Rujukan tanpa persetujuan pengadu: Korban dalam bahaya, pengadu belum dapat dihubungi."


def test_referral_moves_case_to_referred_and_notifies_the_organisation(jatinom_operator, make_case, bpjs,
                                                                      bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True)
    services.refer_case(jatinom_operator, case, bpjs, request="Mohon bantu klaim JKK.")
    case.refresh_from_db()
    assert case.status == Status.REFERRED
    assert Notification.objects.filter(user=bpjs_staff).count() == 1


def test_referral_lifecycle_and_legal_moves(jatinom_operator, make_case, bpjs, bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True, handler=jatinom_operator)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim")
    with pytest.raises(ValidationError):
        services.complete_referral(bpjs_staff, referral, note="Selesai")  # not accepted yet
    with pytest.raises(PermissionDenied):
        services.answer_referral(jatinom_operator, referral, accept=True)  # only the organisation answers
    with pytest.raises(ValidationError):
        services.answer_referral(bpjs_staff, referral, accept=False, reason="")
    services.answer_referral(bpjs_staff, referral, accept=True, external_reference="BPJS-77")
    services.complete_referral(bpjs_staff, referral, note="Klaim dibayar Rp 85.000.000")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.external_reference == "BPJS-77"
    # The handler hears of both answers, in the app and by e-mail when the handler has an address.
    assert Notification.objects.filter(user=jatinom_operator).count() == 3  # assignment + 2 answers
    with pytest.raises(ValidationError):
        services.revoke_referral(jatinom_operator, referral, reason="x")


def test_declined_referral_keeps_its_reason(jatinom_operator, make_case, bpjs, bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim")
    services.answer_referral(bpjs_staff, referral, accept=False, reason="Bukan peserta BPJS")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (ReferralStatus.DECLINED, "Bukan peserta BPJS")


def test_no_second_live_referral_to_the_same_organisation(jatinom_operator, make_case, bpjs):
    case = make_case(jatinom_operator, consent_share=True)
    services.refer_case(jatinom_operator, case, bpjs, request="Klaim")
    with pytest.raises(ValidationError):
        services.refer_case(jatinom_operator, case, bpjs, request="Lagi")


def test_village_operator_never_sees_another_village(jatinom_operator, gogodeso_operator, blitar_officer, make_case):
    mine = make_case(jatinom_operator)
    theirs = make_case(gogodeso_operator, village=GOGODESO)
    assert list(Case.objects.visible_to(jatinom_operator)) == [mine]
    assert list(Case.objects.visible_to(gogodeso_operator)) == [theirs]
    assert set(Case.objects.visible_to(blitar_officer)) == {mine, theirs}
    assert list(TimelineEntry.objects.visible_to(jatinom_operator).values_list("case_id", flat=True)) == [mine.pk]


def test_organisation_user_sees_only_cases_referred_to_it(jatinom_operator, make_case, bpjs, police,
                                                           bpjs_staff, police_staff):
    referred = make_case(jatinom_operator, consent_share=True)
    make_case(jatinom_operator, worker_name="Lain")
    to_police = make_case(jatinom_operator, consent_share=True, worker_name="Korban")
    services.refer_case(jatinom_operator, referred, bpjs, request="Klaim")
    services.refer_case(jatinom_operator, to_police, police, request="Lapor")
    # The BPJS staff membership carries the Blitar region, yet grants no village scope over cases.
    assert list(Case.objects.visible_to(bpjs_staff)) == [referred]
    assert list(Case.objects.visible_to(police_staff)) == [to_police]
    assert not bpjs_staff.has_perm("cases.edit_case", referred)
    assert bpjs_staff.has_perm("cases.add_entry", referred)


def test_revoked_referral_hides_the_case_from_the_organisation(jatinom_operator, make_case, bpjs, bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim")
    services.revoke_referral(jatinom_operator, referral, reason="Salah lembaga")
    assert Case.objects.visible_to(bpjs_staff).count() == 0


def test_user_without_memberships_sees_no_case(regions, make_user, jatinom_operator, make_case):
    make_case(jatinom_operator)
    assert Case.objects.visible_to(make_user("nobody")).count() == 0
