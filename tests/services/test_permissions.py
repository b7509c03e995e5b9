"""The one permission rule in village services: a role counts only in the regions of its own membership; full NIK/KK
numbers in letter bodies only for roles that may reveal them; API creates find their parent through the user's scope."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from tests.conftest import GOGODESO, JATINOM
from village_services.models import Letter, LetterType, Service, ServiceRequest
from village_services.services import draft_letter, operated_villages, submit_request

from .conftest import NIK, NIK_FAMILY, domicile_values, family_values, issue_through

MASKED_NIK = "3505**********01"
MASKED_NIK_FAMILY = "3505**********02"


@pytest.fixture
def admin_in_jatinom(regions, make_user):
    """A system administrator bound to Jatinom who also volunteers in Gogodeso (so Gogodeso is in scope)."""
    return make_user("admin.jatinom", (Role.SYSTEM_ADMIN, JATINOM), (Role.COMMUNITY_VOLUNTEER, GOGODESO))


@pytest.fixture
def gogodeso_domicile(gogodeso_catalogue):
    return LetterType.objects.get(village=gogodeso_catalogue, code="domisili")


@pytest.fixture
def jatinom_volunteer(regions, make_user):
    return make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))


# --- Mixed roles ----------------------------------------------------------------------------------------------


def test_mixed_role_user_drafts_letters_only_where_they_are_operator(mixed_user, domicile, gogodeso_domicile):
    with pytest.raises(PermissionDenied):
        draft_letter(mixed_user, gogodeso_domicile, domicile_values())
    assert not Letter.objects.filter(village_id=GOGODESO).exists()
    letter = draft_letter(mixed_user, domicile, domicile_values())
    assert letter.village_id == JATINOM


def test_mixed_role_user_is_refused_in_gogodeso_on_the_screens(client_for, mixed_user, domicile, gogodeso_domicile):
    client = client_for(mixed_user)
    url = f"/layanan/surat/terbitkan/{gogodeso_domicile.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, domicile_values()).status_code == 403
    assert not Letter.objects.exists()
    response = client.post(f"/layanan/surat/terbitkan/{domicile.pk}/", domicile_values())
    assert response.status_code == 302
    assert list(Letter.objects.values_list("village_id", flat=True)) == [JATINOM]


def test_mixed_role_user_is_refused_in_gogodeso_through_the_api(api_client_for, mixed_user, domicile,
                                                                 gogodeso_domicile):
    api = api_client_for(mixed_user)
    refused = api.post("/api/v1/letters/", {"letter_type": gogodeso_domicile.pk, "values": domicile_values()},
                       format="json")
    assert refused.status_code == 403
    assert not Letter.objects.exists()
    issued = api.post("/api/v1/letters/", {"letter_type": domicile.pk, "values": domicile_values()}, format="json")
    assert issued.status_code == 201


def test_mixed_role_user_takes_counter_requests_only_where_operator(api_client_for, mixed_user, jatinom_catalogue,
                                                                    gogodeso_catalogue):
    theirs = Service.objects.get(village=gogodeso_catalogue, code="domisili")
    mine = Service.objects.get(village=jatinom_catalogue, code="domisili")
    with pytest.raises(PermissionDenied):
        submit_request(service=theirs, applicant_name="Siti", actor=mixed_user)
    api = api_client_for(mixed_user)
    assert api.post("/api/v1/service-requests/", {"service": theirs.pk, "applicant_name": "Siti"},
                    format="json").status_code == 403
    assert api.post("/api/v1/service-requests/", {"service": mine.pk, "applicant_name": "Siti"},
                    format="json").status_code == 201
    assert list(ServiceRequest.objects.values_list("village_id", flat=True)) == [JATINOM]


def test_mixed_role_user_may_revoke_only_letters_of_their_operator_village(client_for, api_client_for, mixed_user,
                                                                           gogodeso_domicile, gogodeso_operator,
                                                                           gogodeso_officials):
    secretary, head = gogodeso_officials
    letter = issue_through(gogodeso_domicile, domicile_values(), operator=gogodeso_operator, secretary=secretary,
                           head=head)
    page = client_for(mixed_user).get(f"/layanan/surat/{letter.pk}/").content.decode()
    assert 'data-testid="revoke"' not in page
    assert client_for(mixed_user).post(f"/layanan/surat/{letter.pk}/cabut/",
                                       {"reason": "alasan yang cukup panjang"}).status_code == 403
    assert api_client_for(mixed_user).post(f"/api/v1/letters/{letter.pk}/revoke/",
                                           {"reason": "alasan yang cukup panjang"}, format="json").status_code == 403
    letter.refresh_from_db()
    assert letter.is_valid


def test_system_admin_with_a_region_acts_only_there(client_for, admin_in_jatinom, domicile, gogodeso_domicile):
    with pytest.raises(PermissionDenied):
        draft_letter(admin_in_jatinom, gogodeso_domicile, domicile_values())
    assert client_for(admin_in_jatinom).post(f"/layanan/surat/terbitkan/{gogodeso_domicile.pk}/",
                                             domicile_values()).status_code == 403
    assert draft_letter(admin_in_jatinom, domicile, domicile_values()).village_id == JATINOM
    assert list(operated_villages(admin_in_jatinom).values_list("code", flat=True)) == [JATINOM]


def test_system_admin_without_a_region_acts_everywhere(make_user, gogodeso_domicile):
    admin = make_user("admin.nasional", (Role.SYSTEM_ADMIN, None))
    assert draft_letter(admin, gogodeso_domicile, domicile_values()).village_id == GOGODESO
    assert operated_villages(admin).filter(code__in=[JATINOM, GOGODESO]).count() == 2


def test_form_choices_offer_only_operator_villages(mixed_user, jatinom_catalogue, gogodeso_catalogue):
    from village_services.forms import CounterRequestForm, ServiceForm

    offered = CounterRequestForm(user=mixed_user).fields["service"].queryset
    assert set(offered.values_list("village_id", flat=True)) == {JATINOM}
    assert list(ServiceForm(user=mixed_user).fields["village"].queryset.values_list("code", flat=True)) == [JATINOM]


# --- NIK and KK in letter bodies ----------------------------------------------------------------------------------


def test_letter_page_masks_niks_for_a_volunteer(client_for, jatinom_volunteer, issue, family_permission):
    letter = issue(family_permission, family_values())
    page = client_for(jatinom_volunteer).get(f"/layanan/surat/{letter.pk}/").content.decode()
    assert NIK not in page and NIK_FAMILY not in page
    assert MASKED_NIK in page and MASKED_NIK_FAMILY in page


def test_letter_page_shows_niks_to_the_operator(client_for, jatinom_operator, issue, family_permission):
    letter = issue(family_permission, family_values())
    page = client_for(jatinom_operator).get(f"/layanan/surat/{letter.pk}/").content.decode()
    assert NIK in page and NIK_FAMILY in page


def test_letter_api_masks_niks_for_a_volunteer(api_client_for, jatinom_volunteer, jatinom_operator, issue,
                                               family_permission):
    letter = issue(family_permission, family_values())
    body = api_client_for(jatinom_volunteer).get(f"/api/v1/letters/{letter.pk}/").json()["body"]
    assert NIK not in body and NIK_FAMILY not in body
    assert MASKED_NIK in body and MASKED_NIK_FAMILY in body
    full = api_client_for(jatinom_operator).get(f"/api/v1/letters/{letter.pk}/").json()["body"]
    assert NIK in full and NIK_FAMILY in full
    assert body == full.replace(NIK, MASKED_NIK).replace(NIK_FAMILY, MASKED_NIK_FAMILY)


def test_printed_letter_keeps_the_full_nik_for_every_reader(client_for, jatinom_volunteer, issue, family_permission):
    from village_services.pdf import letter_html

    letter = issue(family_permission, family_values())
    response = client_for(jatinom_volunteer).get(f"/layanan/surat/{letter.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = letter_html(letter)
    assert NIK in html and NIK_FAMILY in html


# --- API creates name their parent through the user's scope -------------------------------------------------------


def _not_found(field, pk):
    return {field: [f'Data dengan nomor "{pk}" tidak ditemukan di wilayah kerja Anda.']}


def test_counter_request_for_another_villages_service_reads_like_a_missing_one(api_client_for, jatinom_operator,
                                                                               gogodeso_catalogue):
    theirs = Service.objects.filter(village=gogodeso_catalogue).first()
    api = api_client_for(jatinom_operator)
    other = api.post("/api/v1/service-requests/", {"service": theirs.pk, "applicant_name": "Siti"}, format="json")
    missing = api.post("/api/v1/service-requests/", {"service": 999999, "applicant_name": "Siti"}, format="json")
    assert (other.status_code, other.json()) == (400, _not_found("service", theirs.pk))
    assert (missing.status_code, missing.json()) == (400, _not_found("service", 999999))
    assert not ServiceRequest.objects.exists()


def test_letter_for_another_villages_type_or_request_reads_like_a_missing_one(api_client_for, jatinom_operator,
                                                                              gogodeso_operator, domicile,
                                                                              gogodeso_domicile):
    service = Service.objects.get(village_id=GOGODESO, code="domisili")
    their_request = submit_request(service=service, applicant_name="Siti", nik=NIK, actor=gogodeso_operator)
    api = api_client_for(jatinom_operator)
    other_type = api.post("/api/v1/letters/", {"letter_type": gogodeso_domicile.pk, "values": domicile_values()},
                          format="json")
    assert (other_type.status_code, other_type.json()) == (400, _not_found("letter_type", gogodeso_domicile.pk))
    missing_type = api.post("/api/v1/letters/", {"letter_type": 999999, "values": domicile_values()}, format="json")
    assert (missing_type.status_code, missing_type.json()) == (400, _not_found("letter_type", 999999))
    other_request = api.post("/api/v1/letters/", {"letter_type": domicile.pk, "request": their_request.pk,
                                                  "values": domicile_values()}, format="json")
    assert (other_request.status_code, other_request.json()) == (400, _not_found("request", their_request.pk))
    assert not Letter.objects.exists()
