"""The one permission rule for residents: a role counts only in the regions of the membership that grants it,
and a full NIK/KK reaches a user only through the audited reveal."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import Action, AuditEntry
from people import services
from people.models import Person

from .conftest import GOGODESO, JATINOM, make_nik

BLITAR = "35.05"


@pytest.fixture
def officer_and_volunteer(regions, make_user):
    """District officer of Blitar (reads every village, registers no one), volunteer in Gogodeso."""
    return make_user("petugas.relawan", (Role.DISTRICT_OFFICER, BLITAR), (Role.COMMUNITY_VOLUNTEER, GOGODESO))


@pytest.fixture
def pair(make_person):
    return (make_person(village=JATINOM, name="Siti Jatinom", kk="3505100101010777"),
            make_person(village=GOGODESO, name="Sri Gogodeso", kk="3505100101010888"))


def test_mixed_user_reveals_a_nik_in_jatinom_but_not_in_gogodeso_through_the_service(mixed_user, pair):
    siti, sri = pair
    assert services.reveal_nik(mixed_user, siti) == {"nik": siti.nik, "kk": siti.kk}
    with pytest.raises(PermissionDenied):
        services.reveal_nik(mixed_user, sri)
    assert list(AuditEntry.objects.filter(action=Action.REVEAL).values_list("object_id", flat=True)) == [str(siti.pk)]


def test_mixed_user_gets_403_revealing_a_gogodeso_nik_and_sees_no_reveal_button_there(mixed_user, pair, client_for):
    siti, sri = pair
    client = client_for(mixed_user)
    refused = client.post(f"/warga/{sri.pk}/nik/")
    assert refused.status_code == 403
    assert sri.nik not in refused.content.decode()
    assert 'data-testid="reveal-nik"' not in client.get(f"/warga/{sri.pk}/").content.decode()
    revealed = client.post(f"/warga/{siti.pk}/nik/")
    assert revealed.status_code == 200 and siti.nik in revealed.content.decode()
    assert 'data-testid="reveal-nik"' in client.get(f"/warga/{siti.pk}/").content.decode()


def test_a_district_officer_who_volunteers_in_gogodeso_cannot_register_a_person_in_jatinom(
        officer_and_volunteer, client_for, api_client_for):
    data = {"nik": make_nik(), "name": "Siti", "sex": "F", "birth_date": "1995-05-17", "village": JATINOM,
            "marital_status": "single"}
    with pytest.raises(PermissionDenied):
        services.register_person(officer_and_volunteer, nik=make_nik(), name="Siti", sex="F",
                                 birth_date="1995-05-17", village=JATINOM)
    page = client_for(officer_and_volunteer).post("/warga/baru/", data)
    assert page.status_code == 400
    assert page.context["form"].errors["village"] == [
        "Desa/kelurahan: Anda tidak dapat mencatat warga di desa ini. Pilih desa tempat Anda bertugas."]
    api = api_client_for(officer_and_volunteer).post("/api/v1/people/", data, format="json")
    assert api.status_code == 400 and api.json()["village"] == ["Wilayah ini di luar wilayah kerja Anda."]
    assert not Person.objects.exists()
    # In Gogodeso the volunteer membership counts.
    ok = api_client_for(officer_and_volunteer).post("/api/v1/people/", {**data, "village": GOGODESO},
                                                   format="json")
    assert ok.status_code == 201


def test_a_district_officer_who_volunteers_in_gogodeso_cannot_edit_a_jatinom_person(officer_and_volunteer, pair,
                                                                                   client_for, api_client_for):
    siti, _sri = pair
    assert client_for(officer_and_volunteer).get(f"/warga/{siti.pk}/ubah/").status_code == 403
    assert client_for(officer_and_volunteer).post(f"/warga/{siti.pk}/kontak/baru/", {
        "name": "Bapak", "relationship": "parent"}).status_code == 403
    api = api_client_for(officer_and_volunteer).patch(f"/api/v1/people/{siti.pk}/", {"name": "X"}, format="json")
    assert api.status_code == 403
    siti.refresh_from_db()
    assert siti.name == "Siti Jatinom" and not siti.contacts.exists()


def _pages(client, person, placement):
    """Every screen, export and API answer of people and migrants that shows this person."""
    yield "list", client.get("/warga/").content
    yield "search", client.get("/warga/", {"q": person.name}).content
    yield "detail", client.get(f"/warga/{person.pk}/").content
    yield "edit form", client.get(f"/warga/{person.pk}/ubah/").content
    yield "csv", client.get("/warga/", {"export": "csv"}).content
    book = load_workbook(io.BytesIO(client.get("/warga/", {"export": "xlsx"}).content))
    yield "xlsx", repr([list(r) for r in book.active.iter_rows(values_only=True)]).encode()
    yield "placement detail", client.get(f"/pmi/{placement.pk}/").content
    yield "placement list", client.get("/pmi/").content
    yield "placement csv", client.get("/pmi/", {"export": "csv"}).content
    yield "placement form", client.get(f"/pmi/{placement.pk}/ubah/").content
    yield "check", client.get("/warga/cek/", {"nik": person.nik}).content


@pytest.mark.parametrize("role", [Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.VILLAGE_OPERATOR])
def test_no_screen_export_or_api_shows_a_full_nik_or_kk_outside_the_reveal(role, make_user, pair, client_for,
                                                                        api_client_for):
    from migrants import services as migrant_services

    siti, _sri = pair
    user = make_user("pengguna", (role, JATINOM))
    placement = migrant_services.create_placement(user, siti, destination_country="HK")
    client = client_for(user)
    for name, body in _pages(client, siti, placement):
        text = body.decode("utf-8-sig") if isinstance(body, bytes) else body
        assert siti.nik not in text, name
        assert siti.kk not in text, name
    api = api_client_for(user)
    for path in ("/api/v1/people/", f"/api/v1/people/{siti.pk}/", "/api/v1/placements/",
                 f"/api/v1/placements/{placement.pk}/"):
        text = api.get(path).content.decode()
        assert siti.nik not in text and siti.kk not in text, path
    rows = list(csv.reader(io.StringIO(client.get("/warga/", {"export": "csv"}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert rows[1][1] == siti.masked_nik == f"{siti.nik[:4]}{'*' * 10}{siti.nik[-2:]}"
