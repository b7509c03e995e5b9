import csv
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from migrants import services
from migrants.models import DocumentKind, Placement, Status

from .conftest import GOGODESO, JATINOM

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def two_villages(make_person, make_placement, gogodeso_operator):
    mine = make_placement(person=make_person(village=JATINOM, name="Siti Jatinom"))
    theirs = make_placement(person=make_person(village=GOGODESO, name="Sri Gogodeso"), actor=gogodeso_operator)
    return mine, theirs


def test_placement_lists_exports_and_api_are_scoped(make_person, make_placement, gogodeso_operator,
                                                    jatinom_operator, blitar_officer, client_for, api_client_for):
    mine, theirs = two_villages(make_person, make_placement, gogodeso_operator)
    client = client_for(jatinom_operator)
    assert [p.pk for p in client.get("/pmi/").context["page"]] == [mine.pk]
    assert client.get(f"/pmi/{theirs.pk}/").status_code == 404
    doc = theirs.documents.first()
    assert client.get(f"/pmi/{theirs.pk}/dokumen/{doc.pk}/").status_code == 404
    assert client.get(f"/pmi/{mine.pk}/dokumen/{doc.pk}/pindaian/").status_code == 404
    assert client.post(f"/pmi/{theirs.pk}/status/", {"status": "cancelled", "note": "x"}).status_code == 404
    rows = list(csv.reader(io.StringIO(client.get("/pmi/", {"export": "csv"}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert [r[4] for r in rows[1:]] == ["Siti Jatinom"]
    api = api_client_for(jatinom_operator)
    assert [p["id"] for p in api.get("/api/v1/placements/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/placements/{theirs.pk}/").status_code == 404
    assert api.get("/api/v1/placement-documents/", {"placement": theirs.pk}).json()["count"] == 0
    assert api.get(f"/api/v1/placement-documents/{doc.pk}/").status_code == 404
    officer = client_for(blitar_officer)
    assert {p.pk for p in officer.get("/pmi/").context["page"]} == {mine.pk, theirs.pk}
    assert api_client_for(blitar_officer).get("/api/v1/placements/").json()["count"] == 2


def test_exports_neutralise_formula_cells_and_are_audited(make_person, make_placement, jatinom_operator, client_for):
    make_placement(person=make_person(name="=HYPERLINK(\"http://x\")"), employer_name="+62 Agency", departure_date=None)
    client = client_for(jatinom_operator)
    rows = list(csv.reader(io.StringIO(client.get("/pmi/", {"export": "csv"}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert rows[1][4] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][23] == "'+62 Agency"
    wb = load_workbook(io.BytesIO(client.get("/pmi/", {"export": "xlsx"}).content))
    ws = wb.active
    assert ws["E2"].value == "'=HYPERLINK(\"http://x\")"
    assert ws["E2"].data_type == "s"
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 2


def test_filters_by_status_country_flag_and_region(make_person, make_placement, jatinom_operator, client_for):
    hk = make_placement(destination_country="HK")
    tw = make_placement(destination_country="TW", sector="factory", position="factory_operator",
                        employer_type="company")
    services.add_cost(jatinom_operator, hk, component="visa", amount=1_000_000, collected_by="agency")
    client = client_for(jatinom_operator)

    def pks(**params):
        return [p.pk for p in client.get("/pmi/", params).context["page"]]

    assert pks(country="TW") == [tw.pk]
    assert pks(sector="factory") == [tw.pk]
    assert pks(flag="overcharging") == [hk.pk]
    assert pks(status="interest", region="35.05.10") == [tw.pk, hk.pk]
    assert pks(region="35.05.12") == []
    assert pks(q="Warga") == [tw.pk, hk.pk]


def test_monitoring_lists(make_placement, complete_documents, jatinom_operator):
    today = datetime.date.today()
    qs = Placement.objects.all()

    def abroad(**data):
        p = complete_documents(make_placement(departure_date=today - datetime.timedelta(days=400), **data))
        services.verify_placement(jatinom_operator, p)
        services.transition(jatinom_operator, p, Status.READY)
        services.transition(jatinom_operator, p, Status.DEPARTED)
        return p

    due = abroad(contract_end=today + datetime.timedelta(days=10))
    overdue = abroad(contract_end=today - datetime.timedelta(days=3))
    quiet = abroad(contract_end=today + datetime.timedelta(days=300))
    services.log_contact(jatinom_operator, due, contacted_on=today, channel="phone", contact_with="Ibu")
    services.log_contact(jatinom_operator, overdue, contacted_on=today - datetime.timedelta(days=5), channel="visit",
                         contact_with="Ibu")
    departing = make_placement(departure_date=today.replace(day=1) + datetime.timedelta(days=27))
    assert set(services.monitoring(qs, "abroad")) == {due, overdue, quiet}
    assert list(services.monitoring(qs, "due")) == [due]
    assert list(services.monitoring(qs, "overdue")) == [overdue]
    assert list(services.monitoring(qs, "lost", days=90)) == [quiet]
    assert set(services.monitoring(qs, "lost", days=1)) == {overdue, quiet}
    if departing.departure_date.month == today.month:
        assert list(services.monitoring(qs, "departing")) == [departing]


def test_a_scan_is_checked_by_content_stored_privately_and_streamed_in_scope(make_placement, jatinom_operator,
                                                                            gogodeso_operator, client_for,
                                                                            tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    placement = make_placement()
    doc = placement.documents.get(kind=DocumentKind.KTP)
    client = client_for(jatinom_operator)
    fake = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(f"/pmi/{placement.pk}/dokumen/{doc.pk}/", {"status": "submitted", "scan": fake})
    assert response.context["form"].errors["scan"] == [
        'Pindaian: isi berkas "ktp.pdf" bukan PDF, JPEG atau PNG (nama berkas tidak menentukan jenisnya). '
        "Unggah hasil pindaian atau foto dokumen yang asli."]
    good = SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
    response = client.post(f"/pmi/{placement.pk}/dokumen/{doc.pk}/", {"status": "submitted", "scan": good})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.scan_content_type == "image/png"
    assert (tmp_path / doc.scan.name).exists()
    assert str(tmp_path) in doc.scan.path
    served = client.get(f"/pmi/{placement.pk}/dokumen/{doc.pk}/pindaian/")
    assert served["Content-Type"] == "image/png" and served["Cache-Control"] == "private, no-store"
    assert client_for(gogodeso_operator).get(f"/pmi/{placement.pk}/dokumen/{doc.pk}/pindaian/").status_code == 404


def test_a_scan_over_the_size_limit_is_refused(make_placement, jatinom_operator, settings, tmp_path):
    import pytest
    from django.core.exceptions import ValidationError

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_BYTES = 1024
    doc = make_placement().documents.get(kind=DocumentKind.PASSPORT)
    with pytest.raises(ValidationError) as exc:
        services.update_document(jatinom_operator, doc, scan=SimpleUploadedFile("p.pdf", PDF + b"0" * 2000))
    assert exc.value.message_dict["scan"] == [
        'Pindaian: berkas "p.pdf" terlalu besar (2,0\xa0KB). Batas 1,0\xa0KB; perkecil atau pindai ulang dengan '
        "resolusi lebih rendah."]
    assert list(tmp_path.iterdir()) == []


def test_browser_free_flow_through_the_screens(make_person, agency, jatinom_operator, client_for):
    person = make_person()
    client = client_for(jatinom_operator)
    response = client.post(f"/pmi/baru/?person={person.pk}", {
        "person": person.pk, "destination_country": "TW", "sector": "factory", "position": "factory_operator",
        "employer_type": "company", "scheme": "p2p", "agency": agency.pk, "contract_start": "2025-01-10",
        "contract_end": "2024-01-09"})
    assert response.context["form"].errors["contract_end"] == ["Akhir kontrak harus sesudah mulai kontrak."]
    client.post(f"/pmi/baru/?person={person.pk}", {
        "person": person.pk, "destination_country": "TW", "sector": "factory", "position": "factory_operator",
        "employer_type": "company", "scheme": "p2p", "agency": agency.pk, "contract_start": "2025-01-10",
        "contract_end": "2027-01-09", "departure_date": "2025-01-05"})
    placement = person.placements.get()
    client.post(f"/pmi/{placement.pk}/verifikasi/")
    client.post(f"/pmi/{placement.pk}/status/", {"status": "ready"})
    response = client.post(f"/pmi/{placement.pk}/status/", {"status": "departed", "on": "2025-01-05"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[-1].startswith("Keberangkatan belum dapat dicatat karena: Dokumen wajib")
    placement.refresh_from_db()
    assert placement.status == Status.READY


def test_api_creates_a_placement_and_refuses_an_illegal_transition(make_person, agency, jatinom_operator,
                                                                   api_client_for):
    person = make_person()
    api = api_client_for(jatinom_operator)
    created = api.post("/api/v1/placements/", {"person": person.pk, "destination_country": "MY",
                                               "sector": "plantation", "position": "farm_worker",
                                               "employer_type": "company", "scheme": "p2p", "agency": agency.pk},
                       format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "interest" and body["village"] == JATINOM
    assert [f["code"] for f in body["flags"]] == ["document_missing", "no_social_security"]
    refused = api.post(f"/api/v1/placements/{body['id']}/transition/", {"status": "working"}, format="json")
    assert refused.status_code == 400
    assert "tidak dapat langsung ke 'Bekerja'" in refused.json()["status"][0]
    cost = api.post("/api/v1/placement-costs/", {"placement": body["id"], "component": "agency_fee",
                                                 "amount": 5000000, "collected_by": "agency"}, format="json")
    assert cost.status_code == 201
    assert "overcharging" in Placement.objects.get(pk=body["id"]).flags


def test_api_person_create_returns_masked_nik_and_warnings(regions, jatinom_operator, api_client_for):
    response = api_client_for(jatinom_operator).post("/api/v1/people/", {
        "nik": "3505105705950001", "name": "Siti", "sex": "F", "birth_date": "1995-05-18", "village": JATINOM,
        "phone": "081234567890"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["nik_masked"] == "3505**********01" and "nik" not in body
    assert body["phone"] == "+6281234567890"
    assert len(body["warnings"]) == 1


def test_agencies_are_reference_data_editable_only_by_allowed_roles(regions, agency, make_user, api_client_for):
    from accounts.models import Role

    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    api = api_client_for(volunteer)
    assert api.get("/api/v1/agencies/").json()["count"] == 1
    assert api.post("/api/v1/agencies/", {"name": "PT X"}, format="json").status_code == 403


def test_openapi_schema_lists_the_registry_endpoints(regions, jatinom_operator, api_client_for):
    schema = api_client_for(jatinom_operator).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/people/", "/api/v1/placements/", "/api/v1/placements/{id}/transition/",
                 "/api/v1/placement-documents/", "/api/v1/placement-costs/", "/api/v1/agencies/"):
        assert path in schema["paths"]


def test_agency_page_shows_its_placements_in_scope(make_person, make_placement, agency, jatinom_operator,
                                                   gogodeso_operator, client_for):
    mine, theirs = two_villages(make_person, make_placement, gogodeso_operator)
    response = client_for(jatinom_operator).get(f"/pmi/p3mi/{agency.pk}/")
    assert list(response.context["placements"]) == [mine]
    assert (response.context["visible_count"], response.context["all_count"]) == (1, 2)


def test_agency_import_from_a_spreadsheet(regions, jatinom_operator):
    from migrants.models import Agency
    from migrants.reference_import import import_agencies

    data = "nama;no_sip3mi;berlaku_sejak;berlaku_sampai\nPT Satu;SIP/1;01/01/2024;31/12/2028\nPT Dua;;;\n"
    result = import_agencies(jatinom_operator, data.encode())
    assert (result.errors, result.created, result.updated) == ([], 2, 0)
    assert Agency.objects.get(licence_number="SIP/1").licence_valid_until == datetime.date(2028, 12, 31)
    bad = import_agencies(jatinom_operator, b"nama;berlaku_sampai\nPT Tiga;kemarin\n")
    assert bad.errors[0][:2] == (2, "berlaku_sampai")
    assert Agency.objects.count() == 2


def test_overcharging_flag_becomes_a_complaint_in_one_click(make_placement, complete_documents, jatinom_operator,
                                                            client_for):
    from cases.models import Case

    placement = complete_documents(make_placement())
    services.add_cost(jatinom_operator, placement, component="agency_fee", amount=12_500_000,
                      collected_by="recruiter", collector_name="Pak Sponsor")
    client = client_for(jatinom_operator)
    assert 'data-testid="complain-overcharging"' in client.get(f"/pmi/{placement.pk}/").content.decode()
    client.post(f"/kasus/penempatan/{placement.pk}/pengaduan-biaya/")  # the action is the cases app's
    case = Case.objects.get()
    assert case.category == "overcharging"
    assert case.village_id == JATINOM
    assert "Rp 12.500.000" in case.description
