"""/warga/cek/: duplicates are named only inside the user's area, every look-up is audited without the NIK,
and the look-ups of one user are throttled."""

import datetime

import pytest

from accounts.models import Role
from audit.models import Action, AuditEntry
from people.models import digits_hash

from .conftest import GOGODESO, JATINOM, make_nik

ELSEWHERE_NIK = "NIK ini sudah terdaftar di wilayah lain — hubungi petugas kabupaten."
ELSEWHERE_DUPLICATES = ("Warga dengan nama dan tanggal lahir yang sama terdaftar di wilayah lain — hubungi petugas "
                        "kabupaten.")


@pytest.fixture
def sri(make_person):
    return make_person(village=GOGODESO, name="Sri Gogodeso", birth=datetime.date(1990, 3, 2),
                       nik=make_nik(birth=datetime.date(1990, 3, 2), serial="0042"))


@pytest.fixture
def siti(make_person):
    return make_person(village=JATINOM, name="Siti Jatinom", nik=make_nik(serial="0007"))


def _check_entries():
    # The label of an entry about a person is sealed under their data key: read, not searched.
    return [e for e in AuditEntry.objects.filter(action=Action.READ).order_by("id")
            if e.object_repr == "Cek duplikat warga"]


def test_a_nik_registered_in_the_users_area_is_named_and_linked(siti, jatinom_operator, client_for):
    body = client_for(jatinom_operator).get("/warga/cek/", {"nik": siti.nik}).content.decode()
    assert "NIK ini sudah terdaftar di wilayah Anda:" in body
    assert f'href="/warga/{siti.pk}/"' in body and "Siti Jatinom" in body


def test_a_nik_registered_elsewhere_is_answered_without_identifying_the_person(sri, jatinom_operator, client_for):
    body = client_for(jatinom_operator).get("/warga/cek/", {"nik": sri.nik}).content.decode()
    assert ELSEWHERE_NIK in body
    for trace in ("Sri", "Gogodeso", f"/warga/{sri.pk}/", sri.masked_nik, GOGODESO):
        assert trace not in body


def test_a_name_and_birth_date_registered_elsewhere_is_answered_without_identifying_or_counting(
        sri, make_person, jatinom_operator, client_for):
    make_person(village=GOGODESO, name="SRI gogodeso", birth=datetime.date(1990, 3, 2))
    body = client_for(jatinom_operator).get("/warga/cek/", {
        "name": "sri  Gogodeso", "birth_date": "1990-03-02"}).content.decode()
    assert ELSEWHERE_DUPLICATES in body
    for trace in ("Sri Gogodeso", "SRI gogodeso", "/warga/", "2 warga", GOGODESO):
        assert trace not in body


def test_a_name_and_birth_date_in_the_users_area_lists_the_person_with_a_link(siti, jatinom_operator, client_for):
    body = client_for(jatinom_operator).get("/warga/cek/", {
        "name": "siti jatinom", "birth_date": "1995-05-17"}).content.decode()
    assert "sudah terdaftar di wilayah Anda" in body
    assert f'href="/warga/{siti.pk}/"' in body


def test_the_person_being_edited_is_not_reported_as_their_own_duplicate(siti, jatinom_operator, client_for):
    body = client_for(jatinom_operator).get("/warga/cek/", {
        "pk": siti.pk, "nik": siti.nik, "name": siti.name, "birth_date": "1995-05-17"}).content.decode()
    assert "sudah terdaftar" not in body


def test_every_look_up_is_audited_without_the_nik_or_the_name(sri, siti, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    client.get("/warga/cek/", {"nik": sri.nik, "name": "Sri Gogodeso", "birth_date": "1990-03-02"})
    client.get("/warga/cek/", {"nik": siti.nik})
    client.get("/warga/cek/", {"nik": "35051"})  # malformed: nothing is looked up, nothing recorded
    elsewhere, here = _check_entries()
    assert (elsewhere.actor, elsewhere.object_type, elsewhere.object_id, elsewhere.region_code) == (
        jatinom_operator, "people.person", "", JATINOM)
    assert elsewhere.note == (f"Cek duplikat — NIK #{digits_hash(sri.nik)[:12]}: di wilayah lain; "
                              "nama + tanggal lahir: di wilayah lain")
    # A match in the user's area files the look-up under that person: their access log shows it.
    assert (here.object_type, here.object_id, here.region_code) == ("people.person", str(siti.pk), JATINOM)
    assert here.note == f"Cek duplikat — NIK #{digits_hash(siti.nik)[:12]}: di wilayah Anda"
    for entry in (elsewhere, here):
        logged = f"{entry.note} {entry.object_repr} {entry.changes} {entry.object_id}"
        for secret in (sri.nik, siti.nik, "Sri Gogodeso", "Siti Jatinom"):
            assert secret not in logged


def test_look_ups_are_throttled_per_user_with_a_429_page(sri, jatinom_operator, make_user, client_for, settings):
    settings.PEOPLE_CHECK_RATE = (3, 3600)
    client = client_for(jatinom_operator)
    answers = [client.get("/warga/cek/", {"nik": sri.nik}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/warga/cek/", {"nik": sri.nik})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Terlalu banyak pemeriksaan data warga dalam waktu singkat." in refused.content.decode()
    assert len(_check_entries()) == 3  # refused look-ups look nothing up
    other = make_user("op.lain", (Role.VILLAGE_OPERATOR, JATINOM))
    assert client_for(other).get("/warga/cek/", {"nik": sri.nik}).status_code == 200


def test_a_role_that_registers_no_one_cannot_use_the_check(sri, blitar_officer, client_for):
    assert client_for(blitar_officer).get("/warga/cek/", {"nik": sri.nik}).status_code == 403
    assert _check_entries() == []


def test_registering_a_nik_held_elsewhere_is_refused_without_naming_the_person(sri, jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", {
        "nik": sri.nik, "name": "Orang Lain", "sex": "F", "birth_date": "1990-03-02", "village": JATINOM,
        "marital_status": "single"})
    assert response.context["form"].errors["nik"] == [ELSEWHERE_NIK]
    assert "Sri Gogodeso" not in response.content.decode()
