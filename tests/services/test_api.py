from audit.models import Action, AuditEntry
from village_services.models import Letter, LetterStatus, Service

from .conftest import NIK, domicile_values


def test_api_lists_only_letters_in_scope(api_client_for, gogodeso_operator, blitar_officer, issue):
    letter = issue()
    assert api_client_for(gogodeso_operator).get("/api/v1/letters/").json()["count"] == 0
    listing = api_client_for(blitar_officer).get("/api/v1/letters/").json()
    assert [row["number"] for row in listing["results"]] == [letter.number]
    assert "body" not in listing["results"][0]


def test_api_drafts_checks_signs_and_revokes_a_letter(api_client_for, jatinom_operator, jatinom_secretary,
                                                      jatinom_head, domicile):
    api = api_client_for(jatinom_operator)
    response = api.post("/api/v1/letters/", {"letter_type": domicile.pk, "values": domicile_values()}, format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["number"], data["status"], data["verification_url"]) == (None, "draft", "")
    pk = data["id"]
    assert api.post(f"/api/v1/letters/{pk}/sign/", format="json").status_code == 403
    sent_back = api_client_for(jatinom_secretary).post(f"/api/v1/letters/{pk}/return/", {"note": "ok"},
                                                       format="json")
    assert sent_back.status_code == 400 and "note" in sent_back.json()
    assert api_client_for(jatinom_secretary).post(f"/api/v1/letters/{pk}/check/").json()["status"] == "checked"
    data = api_client_for(jatinom_head).post(f"/api/v1/letters/{pk}/sign/").json()
    assert data["number"].startswith("470/001/SKD/35.05.10.2002/") and data["status"] == "valid"
    assert (data["signer_name"], data["signer_title"]) == ("Suprapto", "Kepala Desa")
    assert data["verification_url"].endswith(f"/layanan/verifikasi/{data['verification_code'][:4]}-"
                                             f"{data['verification_code'][4:8]}-{data['verification_code'][8:]}/")
    short = api.post(f"/api/v1/letters/{pk}/revoke/", {"reason": "salah"}, format="json")
    assert short.status_code == 400 and "reason" in short.json()
    revoked = api.post(f"/api/v1/letters/{pk}/revoke/", {"reason": "Nama pemegang salah ketik"}, format="json")
    assert revoked.status_code == 200 and revoked.json()["status"] == LetterStatus.REVOKED


def test_api_refuses_issuing_outside_scope_and_for_readers(api_client_for, gogodeso_operator, blitar_officer,
                                                           domicile):
    payload = {"letter_type": domicile.pk, "values": domicile_values()}
    assert api_client_for(gogodeso_operator).post("/api/v1/letters/", payload, format="json").status_code == 400
    assert api_client_for(blitar_officer).post("/api/v1/letters/", payload, format="json").status_code == 403
    assert not Letter.objects.exists()


def test_api_missing_values_are_named(api_client_for, jatinom_operator, domicile):
    response = api_client_for(jatinom_operator).post(
        "/api/v1/letters/", {"letter_type": domicile.pk, "values": {"nama": "Siti"}}, format="json")
    assert response.status_code == 400
    assert response.json()["alamat"] == ["Alamat wajib diisi untuk surat ini."]


def test_api_retrieve_letter_is_audited_as_read(api_client_for, jatinom_operator, issue):
    letter = issue()
    data = api_client_for(jatinom_operator).get(f"/api/v1/letters/{letter.pk}/").json()
    assert NIK in data["body"]
    assert AuditEntry.objects.filter(object_type="services.letter", object_id=str(letter.pk),
                                     action=Action.READ).exists()


def test_api_counter_request_and_catalogue(api_client_for, jatinom_operator, gogodeso_operator, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    api = api_client_for(jatinom_operator)
    assert api.get("/api/v1/services/").json()["count"] == 8  # the default catalogue (issue 16.6 added three)
    assert api_client_for(gogodeso_operator).get("/api/v1/services/").json()["count"] == 0
    response = api.post("/api/v1/service-requests/", {"service": service.pk, "applicant_name": "Siti",
                                                      "nik": NIK, "phone": "081234567890"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "submitted" and "nik" not in response.json()
    other = api_client_for(gogodeso_operator).post("/api/v1/service-requests/", {
        "service": service.pk, "applicant_name": "Siti"}, format="json")
    assert other.status_code == 400


def test_api_schema_includes_services(api_client_for, national_officer):
    schema = api_client_for(national_officer).get("/api/v1/schema/").content.decode()
    assert "/api/v1/letters/{id}/revoke/" in schema


def test_api_lists_of_requests_and_letters_open_their_sealed_values_with_one_data_key_query_per_kind(
        api_client_for, jatinom_operator, jatinom_catalogue, domicile):
    """A page of records sealed under their own keys (nobody registered) or a person's: the page's keys are read in
    one query per kind (core.api's sealed page, core.datakeys.with_keys), not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.crypto import _DATA_KEYS
    from village_services.services import draft_letter, submit_request

    service = Service.objects.get(village=jatinom_catalogue, code="keterangan-cpmi")
    for n in range(6):
        submit_request(service=service, applicant_name=f"Pemohon {n}", nik="", purpose=f"Keperluan {n}",
                       actor=jatinom_operator)
        draft_letter(jatinom_operator, domicile, domicile_values(nama=f"Pemegang {n}"))
    api = api_client_for(jatinom_operator)
    for path, field, names in (("/api/v1/service-requests/", "applicant_name", "Pemohon"),
                               ("/api/v1/letters/", "holder_name", "Pemegang")):
        _DATA_KEYS.clear()
        with CaptureQueriesContext(connection) as ctx:
            rows = api.get(path).json()["results"]
        assert sorted(row[field] for row in rows) == [f"{names} {n}" for n in range(6)]
        # Nobody is registered: the records' own keys only, all of the page's in one query.
        assert len([q for q in ctx.captured_queries if "core_datakey" in q["sql"]]) == 1
