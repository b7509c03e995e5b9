"""One FilterSet per list (village_services.filters): the page and the API give the same rows for the same query,
a bad value is a 400 naming the filter, and choices offer only what the user may see."""

import re

from village_services.filters import ServiceRequestFilter
from village_services.models import RequestStatus, Service
from village_services.services import revoke_letter, submit_request, transition_request

from .conftest import NIK, domicile_values


def _linked(body, path):
    return sorted(int(pk) for pk in re.findall(rf'href="/layanan/{path}/(\d+)/"', body))


def test_letter_filter_gives_the_same_letters_on_the_page_and_in_the_api(client_for, api_client_for,
                                                                          jatinom_operator, issue):
    kept = issue()
    revoked = issue(values=domicile_values(nama="Budi Santoso"))
    issue(values=domicile_values(nama="Ani"))
    revoke_letter(jatinom_operator, revoked, "Nama pemegang salah ketik")
    page = client_for(jatinom_operator).get("/layanan/surat/?status=revoked")
    api = api_client_for(jatinom_operator).get("/api/v1/letters/?status=revoked").json()
    assert _linked(page.content.decode(), "surat") == [revoked.pk]
    assert [row["id"] for row in api["results"]] == [revoked.pk]

    page = client_for(jatinom_operator).get(f"/layanan/surat/?q={kept.number}")
    api = api_client_for(jatinom_operator).get("/api/v1/letters/", {"q": kept.number}).json()
    assert _linked(page.content.decode(), "surat") == [kept.pk]
    assert [row["id"] for row in api["results"]] == [kept.pk]


def test_request_status_filter_gives_the_same_requests_on_the_page_and_in_the_api(
        client_for, api_client_for, jatinom_operator, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    waiting = submit_request(service=service, applicant_name="Siti", nik=NIK, actor=jatinom_operator)
    in_process = submit_request(service=service, applicant_name="Budi", actor=jatinom_operator)
    transition_request(jatinom_operator, in_process, RequestStatus.IN_PROCESS)
    page = client_for(jatinom_operator).get("/layanan/permohonan/?status=in_process")
    api = api_client_for(jatinom_operator).get("/api/v1/service-requests/?status=in_process").json()
    assert _linked(page.content.decode(), "permohonan") == [in_process.pk]
    assert [row["id"] for row in api["results"]] == [in_process.pk]
    assert waiting.pk not in _linked(page.content.decode(), "permohonan")


def test_a_bad_status_is_a_400_that_names_the_filter(client_for, api_client_for, jatinom_operator, issue):
    issue()
    page = client_for(jatinom_operator).get("/layanan/permohonan/?status=bogus")
    assert page.status_code == 400
    assert ("Saringan tidak valid — Status: Masukkan pilihan yang valid. bogus bukan salah satu dari pilihan yang "
            "tersedia.") in page.content.decode()
    assert client_for(jatinom_operator).get("/layanan/surat/?status=bogus").status_code == 400
    assert _linked(client_for(jatinom_operator).get("/layanan/surat/?status=bogus").content.decode(), "surat") == []
    assert api_client_for(jatinom_operator).get("/api/v1/letters/?status=bogus").status_code == 400


def test_a_village_outside_the_users_regions_is_not_a_choice(api_client_for, jatinom_operator, jatinom,
                                                             gogodeso, issue):
    letter = issue()
    api = api_client_for(jatinom_operator)
    assert [row["id"] for row in api.get(f"/api/v1/letters/?village={jatinom.code}").json()["results"]] == [
        letter.pk]
    refused = api.get(f"/api/v1/letters/?village={gogodeso.code}")
    assert refused.status_code == 400
    assert list(refused.json()) == ["village"]


def test_service_choices_are_the_services_of_the_users_villages(rf, jatinom_operator, jatinom_catalogue,
                                                                gogodeso_catalogue):
    request = rf.get("/")
    request.user = jatinom_operator
    offered = ServiceRequestFilter(request.GET, request=request).form.fields["service"].queryset
    assert {s.village_id for s in offered} == {jatinom_catalogue.code}
    assert offered.count() == Service.objects.filter(village=jatinom_catalogue).count()
