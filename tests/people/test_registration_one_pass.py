"""Registering a person in one pass (issue 22.4): the operator's own village pre-filled, the family contact on the
same page, and a duplicate NIK that links the person in the user's area or names whom to ask outside it."""

import pytest

from audit.models import Action, AuditEntry
from people.models import FamilyContact, Person
from tests.conftest import GOGODESO, JATINOM
from tests.factories import make_nik

pytestmark = pytest.mark.django_db

NEW = {"nik": make_nik(serial="0777"), "name": "Lestari Wahyuni", "sex": "F", "birth_date": "1995-05-17",
       "village": JATINOM, "marital_status": "single"}


def test_the_registration_form_prefills_the_operators_only_village(jatinom_operator, client_for):
    response = client_for(jatinom_operator).get("/warga/baru/")
    assert response.context["form"].initial["village"] == JATINOM
    assert f'value="{JATINOM}"' in response.content.decode()


def test_a_user_of_two_villages_chooses_the_village_himself(mixed_user, client_for):
    response = client_for(mixed_user).get("/warga/baru/")
    assert response.context["form"].initial.get("village") is None


def test_registering_with_a_family_contact_saves_both_in_one_submission(jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", {
        **NEW, "contact_name": "Slamet", "contact_relationship": "spouse", "contact_phone": "0813 1111 2222"})
    person = Person.objects.with_name("Lestari Wahyuni").get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    contact = FamilyContact.objects.get(person=person)
    assert (contact.name, contact.relationship, contact.phone, contact.is_primary) == (
        "Slamet", "spouse", "+6281311112222", True)
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="people.familycontact",
                                     object_id=str(contact.pk)).count() == 1


def test_a_family_contact_without_name_or_relationship_is_refused_and_nothing_is_written(jatinom_operator,
                                                                                        client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", {**NEW, "contact_phone": "0813 1111 2222"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["contact_name"] == ["Nama kontak keluarga: isi namanya, atau kosongkan semua kolom kontak "
                                      "keluarga."]
    assert errors["contact_relationship"] == ["Hubungan kontak keluarga: pilih hubungannya dengan warga."]
    assert not Person.objects.with_name("Lestari Wahyuni").exists()
    assert not FamilyContact.objects.exists()


def test_registering_without_a_family_contact_still_works(jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", NEW)
    assert response.status_code == 302
    assert not FamilyContact.objects.exists()


def test_the_edit_form_has_no_family_contact_fields(jatinom_operator, make_person, client_for):
    person = make_person()
    form = client_for(jatinom_operator).get(f"/warga/{person.pk}/ubah/").context["form"]
    assert not {"contact_name", "contact_relationship", "contact_phone", "contact_address"} & set(form.fields)


def test_a_duplicate_nik_in_the_users_area_links_the_person(jatinom_operator, make_person, client_for):
    sri = make_person(name="Sri Rahayu")
    response = client_for(jatinom_operator).post("/warga/baru/", {**NEW, "nik": sri.nik})
    assert response.status_code == 400
    assert response.context["form"].errors["nik"] == [
        "NIK ini sudah terdaftar di wilayah Anda atas nama Sri Rahayu. Satu NIK hanya untuk satu warga: buka data "
        "warga tersebut."]
    body = response.content.decode()
    assert f'href="{sri.get_absolute_url()}"' in body and 'data-testid="nik-here-link"' in body


def test_a_duplicate_nik_outside_the_area_names_the_district_officer_and_never_the_person(
        jatinom_operator, blitar_officer, make_person, client_for):
    blitar_officer.phone = "+6281234500000"
    blitar_officer.save()
    sri = make_person(village=GOGODESO, name="Sri Gogodeso")
    response = client_for(jatinom_operator).post("/warga/baru/", {**NEW, "nik": sri.nik})
    assert response.status_code == 400
    assert response.context["form"].errors["nik"] == [
        "NIK ini sudah terdaftar di wilayah lain — hubungi petugas kabupaten: Petugas Blitar (+6281234500000)."]
    body = response.content.decode()
    assert "Sri Gogodeso" not in body and sri.get_absolute_url() not in body


def test_the_inline_check_names_the_district_officer_for_a_nik_held_elsewhere(
        jatinom_operator, blitar_officer, make_person, client_for):
    sri = make_person(village=GOGODESO, name="Sri Gogodeso")
    body = client_for(jatinom_operator).get("/warga/cek/", {"nik": sri.nik}).content.decode()
    assert "hubungi petugas kabupaten: Petugas Blitar." in body
    assert "Sri Gogodeso" not in body
