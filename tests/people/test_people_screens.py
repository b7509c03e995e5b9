import datetime

from people.models import Person

from .conftest import JATINOM, make_nik


def form_data(**over):
    data = {"nik": make_nik(), "kk": "3505100101010001", "name": "Siti Aminah", "sex": "F", "birth_place": "Blitar",
            "birth_date": "1995-05-17", "village": JATINOM, "marital_status": "single", "phone": "0812-3456-7890"}
    data.update(over)
    return data


def test_registering_a_person_stores_e164_phone_and_redirects_to_her_page(jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", form_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/warga/{person.pk}/"
    assert person.phone == "+6281234567890"
    assert person.nik == "3505105705950001"


def test_a_malformed_nik_is_refused_naming_the_wrong_part(jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", form_data(nik="3505103505950001"))
    assert response.status_code == 400
    assert response.context["form"].errors["nik"] == [
        "Tanggal lahir pada NIK (digit 7–8, 35) harus 01–31, atau 41–71 untuk perempuan."]
    assert not Person.objects.exists()


def test_a_nik_date_mismatch_is_saved_with_a_warning(jatinom_operator, client_for):
    response = client_for(jatinom_operator).post("/warga/baru/", form_data(birth_date="1995-05-18"), follow=True)
    assert Person.objects.count() == 1
    assert any("Tanggal lahir pada NIK (17-05-95)" in str(m) for m in response.context["messages"])


def test_a_second_person_with_the_same_nik_is_refused(make_person, jatinom_operator, client_for):
    make_person(nik=make_nik())
    response = client_for(jatinom_operator).post("/warga/baru/", form_data())
    assert response.status_code == 400
    assert "NIK ini sudah terdaftar" in response.context["form"].errors["nik"][0]
    assert Person.objects.count() == 1


def test_a_near_duplicate_needs_confirmation_before_saving(make_person, jatinom_operator, client_for):
    make_person(name="SITI  aminah", birth=datetime.date(1995, 5, 17), nik=make_nik(serial="0009"))
    client = client_for(jatinom_operator)
    first = client.post("/warga/baru/", form_data())
    assert first.status_code == 200 and first.context["form"].needs_confirmation is True
    assert Person.objects.count() == 1
    second = client.post("/warga/baru/", form_data(confirm_duplicate="1"))
    assert second.status_code == 302
    assert Person.objects.count() == 2


def test_inline_nik_check_names_the_wrong_part(jatinom_operator, client_for):
    response = client_for(jatinom_operator).get("/warga/cek/", {"nik": "3505101713950001"})
    assert "Bulan lahir pada NIK (digit 9–10, 13) harus 01–12." in response.content.decode()


def test_a_foreign_phone_for_a_family_contact_is_kept_in_e164(make_person, jatinom_operator, client_for):
    person = make_person()
    client_for(jatinom_operator).post(f"/warga/{person.pk}/kontak/baru/", {
        "name": "Bapak", "relationship": "parent", "phone": "+852 9123 4567", "is_primary": "on"})
    assert person.contacts.get().phone == "+85291234567"


def test_editing_without_retyping_the_nik_keeps_it(make_person, jatinom_operator, client_for):
    person = make_person(nik=make_nik(), name="Siti", kk="3505100101010007")
    data = form_data(nik="", kk="", name="Siti Aminah")
    response = client_for(jatinom_operator).post(f"/warga/{person.pk}/ubah/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.nik, person.kk) == ("Siti Aminah", make_nik(), "3505100101010007")


def test_the_person_page_shows_placements_and_a_timeline(make_person, jatinom_operator, client_for):
    from migrants import services

    person = make_person()
    services.create_placement(jatinom_operator, person, destination_country="TW")
    response = client_for(jatinom_operator).get(f"/warga/{person.pk}/")
    body = response.content.decode()
    assert "Taiwan" in body
    assert [e[1] for e in response.context["timeline"]][:1] in (["Penempatan dicatat: Taiwan"],
                                                                 ["Terdaftar sebagai warga"])
    assert len(response.context["timeline"]) == 2
