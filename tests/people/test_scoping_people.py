"""The spine's proof on the first real village record: a village operator cannot read, list, export or guess a
person of another village; the district officer sees both."""

import csv
import io

from audit.models import Action, AuditEntry

from .conftest import GOGODESO, JATINOM


def _people(make_person):
    return make_person(village=JATINOM, name="Siti Jatinom"), make_person(village=GOGODESO, name="Sri Gogodeso")


def test_jatinom_operator_lists_only_jatinom_people(make_person, jatinom_operator, client_for):
    siti, sri = _people(make_person)
    response = client_for(jatinom_operator).get("/warga/")
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]] == [siti.pk]
    assert "Sri Gogodeso" not in response.content.decode()


def test_jatinom_operator_cannot_open_a_gogodeso_person_by_url(make_person, jatinom_operator, client_for):
    siti, sri = _people(make_person)
    client = client_for(jatinom_operator)
    assert client.get(f"/warga/{sri.pk}/").status_code == 404
    assert client.get(f"/warga/{sri.pk}/ubah/").status_code == 404
    assert client.post(f"/warga/{sri.pk}/nik/").status_code == 404
    assert client.get(f"/warga/{sri.pk + 1000}/").status_code == 404  # same answer as a missing record
    assert client.get(f"/warga/{siti.pk}/").status_code == 200


def test_jatinom_operator_cannot_find_a_gogodeso_person_by_searching_her_nik(make_person, jatinom_operator,
                                                                           client_for):
    siti, sri = _people(make_person)
    response = client_for(jatinom_operator).get("/warga/", {"q": sri.nik})
    assert list(response.context["page"]) == []


def test_jatinom_export_contains_only_jatinom_and_is_audited(make_person, jatinom_operator, client_for):
    siti, sri = _people(make_person)
    response = client_for(jatinom_operator).get("/warga/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["Siti Jatinom"]
    assert rows[1][1] == siti.masked_nik
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == jatinom_operator
    assert entry.note == "Daftar warga — 1 baris (CSV)"


def test_jatinom_operator_cannot_read_list_or_guess_through_the_api(make_person, jatinom_operator, api_client_for):
    siti, sri = _people(make_person)
    api = api_client_for(jatinom_operator)
    listing = api.get("/api/v1/people/").json()
    assert [p["id"] for p in listing["results"]] == [siti.pk]
    assert api.get(f"/api/v1/people/{sri.pk}/").status_code == 404
    assert api.patch(f"/api/v1/people/{sri.pk}/", {"name": "X"}, format="json").status_code == 404
    assert api.get("/api/v1/people/", {"nik": sri.nik}).json()["count"] == 0


def test_jatinom_operator_cannot_register_a_person_in_gogodeso_through_the_api(regions, jatinom_operator,
                                                                             api_client_for):
    response = api_client_for(jatinom_operator).post("/api/v1/people/", {
        "nik": "3505105705950001", "name": "Siti", "sex": "F", "birth_date": "1995-05-17", "village": GOGODESO,
    }, format="json")
    assert response.status_code == 400
    assert response.json()["village"] == ["Wilayah ini di luar wilayah kerja Anda."]


def test_district_officer_sees_people_of_both_villages(make_person, blitar_officer, client_for, api_client_for):
    siti, sri = _people(make_person)
    client = client_for(blitar_officer)
    assert {p.pk for p in client.get("/warga/").context["page"]} == {siti.pk, sri.pk}
    assert client.get(f"/warga/{sri.pk}/").status_code == 200
    rows = list(csv.reader(io.StringIO(client.get("/warga/", {"export": "csv"}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert sorted(r[3] for r in rows[1:]) == ["Siti Jatinom", "Sri Gogodeso"]
    assert api_client_for(blitar_officer).get("/api/v1/people/").json()["count"] == 2


def test_opening_a_person_writes_an_audit_read_entry(make_person, jatinom_operator, client_for):
    siti, _sri = _people(make_person)
    client_for(jatinom_operator).get(f"/warga/{siti.pk}/")
    entry = AuditEntry.objects.get(action=Action.READ)
    assert (entry.object_type, entry.object_id, entry.actor) == ("people.person", str(siti.pk), jatinom_operator)


def test_revealing_a_nik_is_audited_and_shows_the_full_number(make_person, jatinom_operator, client_for):
    siti, _sri = _people(make_person)
    client = client_for(jatinom_operator)
    page = client.get(f"/warga/{siti.pk}/").content.decode()
    assert siti.masked_nik in page and siti.nik not in page
    response = client.post(f"/warga/{siti.pk}/nik/")
    assert siti.nik in response.content.decode()
    entry = AuditEntry.objects.get(action=Action.REVEAL)
    assert (entry.object_id, entry.note, entry.region_code) == (str(siti.pk), "NIK/KK", JATINOM)
    assert siti.nik not in str(entry.changes) + entry.note


def test_a_volunteer_sees_the_masked_nik_and_cannot_reveal_it(make_person, make_user, client_for):
    from accounts.models import Role

    siti, _sri = _people(make_person)
    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    client = client_for(volunteer)
    assert siti.masked_nik in client.get(f"/warga/{siti.pk}/").content.decode()
    assert client.post(f"/warga/{siti.pk}/nik/").status_code == 403
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()


def test_opening_a_placement_document_scan_writes_an_audit_read_entry(make_person, jatinom_operator, client_for,
                                                                     tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from migrants import services
    from migrants.models import DocumentKind

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    siti, _sri = _people(make_person)
    placement = services.create_placement(jatinom_operator, siti, destination_country="HK")
    doc = placement.documents.get(kind=DocumentKind.PASSPORT)
    services.update_document(jatinom_operator, doc, scan=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj"))
    response = client_for(jatinom_operator).get(f"/pmi/{placement.pk}/dokumen/{doc.pk}/pindaian/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    entry = AuditEntry.objects.get(action=Action.READ, object_type="migrants.placementdocument")
    assert entry.object_id == str(doc.pk)
