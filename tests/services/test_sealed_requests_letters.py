"""Service requests and letters are ciphertext (issue 19 point 3): the applicant's name, phone, NIK and purpose, the
decision note, the holder's name, the letter's body and values and its return and revocation notes are sealed under
the registered person's data key when the record names one, else under the record's own key, live and history rows
alike. Erasing the person destroys both, so a copy of the raw rows taken before (a backup) opens to nothing, while
the pages, the public tracking page, the agenda and the PDF keep reading the values of everyone else."""

import importlib
from functools import partial
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.crypto import encrypt
from core.models import DataKey
from privacy.services import erase_person
from tests.privacy import rawrows
from tests.privacy.rawrows import all_sealed, key_kinds
from tests.privacy.rawrows import opened_all as opened
from village_services.models import Letter, RequestStatus, Service, ServiceRequest
from village_services.privacy import records_for
from village_services.services import (
    check_letter,
    draft_letter,
    return_letter,
    revoke_letter,
    set_requirements,
    submit_request,
    transition_request,
)

from .conftest import NIK, domicile_values

pytestmark = pytest.mark.django_db

NAME, PHONE, PURPOSE = "Siti Aminah", "081377665544", "Syarat pendaftaran calon PMI ke Hong Kong"
DECISION = "Dibatalkan atas permintaan pemohon sendiri"
RETURN_NOTE, REVOCATION = "Alamat Dusun Krajan belum lengkap", "Pemegang pindah ke Kabupaten Malang"
REQUEST_SECRETS = [NAME, "Aminah", "7766-5544", "77665544", PURPOSE, "Hong Kong", DECISION, NIK]
LETTER_SECRETS = [NAME, "Aminah", NIK, "Krajan", RETURN_NOTE, REVOCATION, "Malang"]

REQUESTS = [
    ("services_servicerequest", "id", ["applicant_name", "applicant_phone", "applicant_nik", "purpose",
                                       "decision_note"]),
    ("services_historicalservicerequest", "id", ["applicant_name", "purpose", "decision_note"]),
]
LETTERS = [
    ("services_letter", "id", ["holder_name", "return_note", "revocation_reason", "body", '"values"']),
    ("services_historicalletter", "id", ["holder_name", "return_note", "revocation_reason"]),
]
request_values = partial(rawrows.raw_values, REQUESTS)
letter_values = partial(rawrows.raw_values, LETTERS)


def clear_of(cells, secrets):
    return [s for s in secrets if any(s.lower() in c.lower() for c in cells)]


def audit_cells(object_type, pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_repr, note, changes FROM audit_auditentry WHERE object_type = %s AND "
                       "object_id = %s", [object_type, str(pk)])
        return [str(v) for row in cursor.fetchall() for v in row if v]


@pytest.fixture
def cpmi_service(jatinom_catalogue):
    return Service.objects.get(village=jatinom_catalogue, code="keterangan-cpmi")


@pytest.fixture
def cancelled_request(cpmi_service, jatinom_operator):
    """A counter request of someone not registered (no person), cancelled with a note for the applicant."""
    req = submit_request(service=cpmi_service, applicant_name=NAME, nik=NIK, phone=PHONE, purpose=PURPOSE,
                         actor=jatinom_operator)
    return transition_request(jatinom_operator, req, RequestStatus.CANCELLED, note=DECISION)


def test_a_request_naming_no_one_is_stored_only_as_ciphertext_under_its_own_key_live_and_history(cancelled_request):
    stored = request_values(cancelled_request.pk)

    assert set(stored) == {(t, c) for t, _k, columns in REQUESTS for c in columns}
    assert all_sealed(stored) and key_kinds(stored) == {"services.servicerequest"}
    assert opened(stored) == {NAME, "+6281377665544", NIK, PURPOSE, DECISION}
    assert clear_of(rawrows.raw_cells(REQUESTS, cancelled_request.pk), REQUEST_SECRETS) == []
    # The audit log holds none of it in clear either (the note and the changes are sealed under the same key).
    assert clear_of(audit_cells("services.servicerequest", cancelled_request.pk), REQUEST_SECRETS) == []
    row = ServiceRequest.objects.get(pk=cancelled_request.pk)
    assert (row.applicant_name, row.applicant_phone, row.purpose, row.decision_note) == (
        NAME, "+6281377665544", PURPOSE, DECISION)


def test_a_request_of_a_registered_resident_is_sealed_under_their_key(cpmi_service, jatinom_operator, person):
    req = submit_request(service=cpmi_service, applicant_name="", nik=NIK, phone=PHONE, purpose=PURPOSE,
                         actor=jatinom_operator)

    assert req.person == person
    stored = request_values(req.pk)
    assert all_sealed(stored) and key_kinds(stored) == {"people.person"}
    assert opened(stored) == {NAME, "+6281377665544", NIK, PURPOSE}


def test_a_letter_is_stored_only_as_ciphertext_live_and_history(issue, person, jatinom_operator, jatinom_secretary,
                                                                 domicile):
    revoked = revoke_letter(jatinom_operator, issue(person=person), REVOCATION)
    returned = draft_letter(jatinom_operator, domicile, domicile_values())  # names no registered person
    return_letter(jatinom_secretary, returned, RETURN_NOTE)

    stored = letter_values(revoked.pk)
    assert {c for _t, c in stored} == {"holder_name", "revocation_reason", "body", '"values"'}
    assert all_sealed(stored) and key_kinds(stored) == {"people.person"}
    assert {NAME, REVOCATION} <= opened(stored)
    own = letter_values(returned.pk)
    assert {c for _t, c in own} == {"holder_name", "return_note", "body", '"values"'}
    assert all_sealed(own) and key_kinds(own) == {"services.letter"}
    assert {NAME, RETURN_NOTE} <= opened(own)
    for letter in (revoked, returned):
        assert clear_of(rawrows.raw_cells(LETTERS, letter.pk), LETTER_SECRETS) == []
        assert clear_of(audit_cells("services.letter", letter.pk), LETTER_SECRETS) == []


def test_the_pages_the_tracking_page_the_agenda_and_the_pdf_read_the_sealed_values(
        cancelled_request, issue, jatinom_operator, jatinom_secretary, domicile, client, client_for):
    submit_request(service=cancelled_request.service, applicant_name="Dewi Anggraini", actor=jatinom_operator)
    letter = issue(values=domicile_values(nama="Rukmini Wulandari"))
    returned = draft_letter(jatinom_operator, domicile, domicile_values(nama="Sri Handayani"))
    return_letter(jatinom_secretary, returned, RETURN_NOTE)
    staff = client_for(jatinom_operator)

    assert NAME in staff.get("/layanan/permohonan/").content.decode()
    assert "Dewi Anggraini" in staff.get("/layanan/").content.decode()  # the open requests
    detail = staff.get(f"/layanan/permohonan/{cancelled_request.pk}/").content.decode()
    assert all(text in detail for text in (NAME, PURPOSE, DECISION))
    tracked = client.post("/layanan/lacak/", {"kode": cancelled_request.tracking_code}).content.decode()
    assert DECISION in tracked
    letters = staff.get("/layanan/surat/").content.decode()
    assert "Rukmini Wulandari" in letters and "Sri Handayani" in letters
    assert RETURN_NOTE in staff.get(f"/layanan/surat/{returned.pk}/").content.decode()
    assert "Rukmini Wulandari" in staff.get("/layanan/surat/agenda/", {"year": 2026}).content.decode()
    pdf = staff.get(f"/layanan/surat/{letter.pk}/pdf/")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_erasure_leaves_no_readable_request_or_letter_and_a_backup_taken_before_opens_to_nothing(
        cpmi_service, issue, person, jatinom_operator, gogodeso_operator, gogodeso_catalogue, jatinom_secretary,
        domicile):
    linked = submit_request(service=cpmi_service, applicant_name="", nik=NIK, phone=PHONE, purpose=PURPOSE,
                            actor=jatinom_operator)
    transition_request(jatinom_operator, linked, RequestStatus.CANCELLED, note=DECISION)
    # Filed in another village with her NIK: not linked to her (the counter finds residents of its own village).
    elsewhere = submit_request(service=Service.objects.get(village=gogodeso_catalogue, code="keterangan-cpmi"),
                               applicant_name=NAME, nik=NIK, phone=PHONE, purpose=PURPOSE, actor=gogodeso_operator)
    transition_request(gogodeso_operator, elsewhere, RequestStatus.CANCELLED, note=DECISION)
    assert elsewhere.person is None
    revoked = revoke_letter(jatinom_operator, issue(person=person), REVOCATION)
    returned = draft_letter(jatinom_operator, domicile, domicile_values(), person=person)
    return_letter(jatinom_secretary, returned, RETURN_NOTE)
    requests, letters = (linked.pk, elsewhere.pk), (revoked.pk, returned.pk)
    backup = [*(request_values(pk) for pk in requests), *(letter_values(pk) for pk in letters)]
    assert {v for copy in backup for v in opened(copy)} >= {NAME, PURPOSE, DECISION, REVOCATION, RETURN_NOTE}

    erasure = erase_person(jatinom_operator, person)

    assert {v for copy in backup for v in opened(copy)} == {None}
    for pk in requests:
        row = ServiceRequest.objects.get(pk=pk)
        assert (row.person_id, row.applicant_name, row.applicant_phone, row.applicant_nik_hash, row.purpose,
                row.decision_note, row.status) == (person.pk, erasure.pseudonym, "", "", "", "", "cancelled")
        assert opened(request_values(pk)) == {erasure.pseudonym}  # the name columns, live and history
        assert clear_of(rawrows.raw_cells(REQUESTS, pk), REQUEST_SECRETS) == []
    for pk in letters:
        row = Letter.objects.get(pk=pk)
        assert (row.holder_name, row.return_note, row.revocation_reason, row.body) == (erasure.pseudonym, "", "", "")
        assert clear_of(rawrows.raw_cells(LETTERS, pk), LETTER_SECRETS) == []
    assert Letter.objects.get(pk=revoked.pk).number == revoked.number  # numbers, types and dates stay
    assert not DataKey.objects.filter(subject_type__in=["services.servicerequest", "services.letter"],
                                      subject_id__in=[str(pk) for pk in (*requests, *letters)],
                                      destroyed_at=None).exists()


def test_a_letter_signed_before_its_holder_was_registered_opens_to_nothing_after_her_erasure(
        cpmi_service, jatinom_operator, issue, request):
    req = submit_request(service=cpmi_service, applicant_name=NAME, nik=NIK, phone=PHONE, actor=jatinom_operator)
    set_requirements(jatinom_operator, req, cpmi_service.requirement_list())
    letter = issue(request=req)  # signing it completes the request: no hold
    assert (req.person, letter.person, ServiceRequest.objects.get(pk=req.pk).status) == (None, None, "completed")
    signature = [("services_lettersignature", "letter_id", ["pdf"])]
    backup = rawrows.raw_values(signature, letter.pk)  # the signed PDF prints her NIK
    assert all_sealed(backup) and key_kinds(backup) == {"services.letter"}
    person = request.getfixturevalue("person")  # registered afterwards, with the NIK the request gave

    erase_person(jatinom_operator, person)

    assert opened(backup) == {None}
    assert (Letter.objects.get(pk=letter.pk).person, ServiceRequest.objects.get(pk=req.pk).person) == (person, person)


def test_a_letter_drafted_with_no_request_for_someone_not_registered_is_hers_in_the_access_file_and_erasure(
        domicile, jatinom_operator, request):
    """The operator typed the holder's values (her NIK among them) with no request and no registered person: the
    letter is found by the keyed hash of that NIK once she is registered, listed in her access file, and her
    erasure links, pseudonymises and shreds it, so a copy taken before opens to nothing."""
    letter = draft_letter(jatinom_operator, domicile, domicile_values())
    assert (letter.person, letter.request, key_kinds(letter_values(letter.pk))) == (None, None, {"services.letter"})
    backup = letter_values(letter.pk)
    person = request.getfixturevalue("person")  # registered afterwards, with the NIK the letter gives

    sections = {str(s.title): s for s in records_for(person)}
    assert [r["Isi"] for r in sections["Surat keterangan"].rows] == [letter.body]

    erasure = erase_person(jatinom_operator, person)

    assert opened(backup) == {None}
    row = Letter.objects.get(pk=letter.pk)
    assert (row.person, row.holder_name, row.holder_nik_hash, row.body) == (person, erasure.pseudonym, "", "")
    assert clear_of(rawrows.raw_cells(LETTERS, letter.pk), LETTER_SECRETS) == []
    assert not DataKey.objects.filter(subject_type="services.letter", subject_id=str(letter.pk),
                                      destroyed_at=None).exists()


def test_a_letter_for_her_nik_being_checked_and_signed_holds_her_erasure_until_it_is_issued(
        domicile, jatinom_operator, jatinom_secretary, person):
    from privacy.services import holds_for

    letter = draft_letter(jatinom_operator, domicile, domicile_values())
    assert holds_for(person) == []  # a draft is the operator's work in progress
    check_letter(jatinom_secretary, letter)

    assert holds_for(person) == ['surat "Surat keterangan domisili" sedang diperiksa dan ditandatangani']
    with pytest.raises(ValidationError) as refused:
        erase_person(jatinom_operator, person)
    assert refused.value.message_dict == {"person": [
        'Data belum dapat dihapus: surat "Surat keterangan domisili" sedang diperiksa dan ditandatangani.']}


def test_the_access_file_lists_the_requests_opened(cpmi_service, jatinom_operator, person):
    submit_request(service=cpmi_service, applicant_name="", nik=NIK, phone=PHONE, purpose=PURPOSE,
                   actor=jatinom_operator)

    sections = {str(s.title): s for s in records_for(person)}

    assert [r["Keperluan"] for r in sections["Permohonan layanan"].rows] == [PURPOSE]


# --- The data migration ----------------------------------------------------------------------------------------

services_0007 = importlib.import_module("village_services.migrations.0007_seal_stored_requests_and_letters")
EDITOR = SimpleNamespace(connection=connection)


def test_the_migration_seals_stored_plain_and_deployment_only_values_and_a_second_run_writes_nothing(
        cpmi_service, jatinom_operator, person, issue):
    """Rows as they were stored before: the names and notes plain, the NIK of a request naming no one and the body
    of a letter naming no one under the deployment keys only."""
    linked = submit_request(service=cpmi_service, applicant_name="", nik=NIK, phone=PHONE, purpose=PURPOSE,
                            actor=jatinom_operator)
    unlinked = submit_request(service=cpmi_service, applicant_name="Warsini", nik="", purpose="Paspor",
                              actor=jatinom_operator)
    letter = issue()
    DataKey.objects.filter(subject_type__in=["services.servicerequest", "services.letter"]).delete()
    with connection.cursor() as cursor:
        for table in ("services_servicerequest", "services_historicalservicerequest"):
            cursor.execute(f"UPDATE {table} SET applicant_name = %s, purpose = %s WHERE id = %s",
                           [NAME, PURPOSE, linked.pk])
            cursor.execute(f"UPDATE {table} SET applicant_name = %s, purpose = %s WHERE id = %s",
                           ["Warsini", "Paspor", unlinked.pk])
        cursor.execute("UPDATE services_servicerequest SET applicant_phone = %s WHERE id = %s", [PHONE, linked.pk])
        for table in ("services_letter", "services_historicalletter"):
            cursor.execute(f"UPDATE {table} SET holder_name = %s WHERE id = %s", [NAME, letter.pk])
        cursor.execute('UPDATE services_letter SET body = %s, "values" = %s WHERE id = %s',
                       [encrypt("Isi surat"), encrypt('{"nama": "Siti Aminah"}'), letter.pk])

    services_0007.seal(None, EDITOR)

    assert all_sealed(request_values(linked.pk)) and key_kinds(request_values(linked.pk)) == {"people.person"}
    assert opened(request_values(linked.pk)) == {NAME, PHONE, NIK, PURPOSE}
    assert all_sealed(request_values(unlinked.pk))
    assert key_kinds(request_values(unlinked.pk)) == {"services.servicerequest"}
    assert opened(request_values(unlinked.pk)) == {"Warsini", "Paspor"}
    stored = letter_values(letter.pk)
    assert all_sealed(stored) and key_kinds(stored) == {"services.letter"}
    assert (Letter.objects.get(pk=letter.pk).body, Letter.objects.get(pk=letter.pk).values) == (
        "Isi surat", {"nama": NAME})
    assert (ServiceRequest.objects.get(pk=linked.pk).applicant_phone, Letter.objects.get(pk=letter.pk).holder_name) \
        == (PHONE, NAME)

    before = [request_values(linked.pk), request_values(unlinked.pk), stored]
    services_0007.seal(None, EDITOR)
    assert [request_values(linked.pk), request_values(unlinked.pk), letter_values(letter.pk)] == before


services_0008 = importlib.import_module("village_services.migrations.0008_seal_signed_pdfs_of_unlinked_letters")


def test_the_migration_seals_the_signed_pdf_of_a_letter_naming_no_one_under_the_letters_key(issue):
    letter = issue()
    DataKey.objects.filter(subject_type="services.letter").delete()
    with connection.cursor() as cursor:  # as stored before: under the deployment keys only
        cursor.execute("UPDATE services_lettersignature SET pdf = %s WHERE letter_id = %s",
                       [encrypt("JVBERi0xLjQ="), letter.pk])
    signature = [("services_lettersignature", "letter_id", ["pdf"])]

    services_0008.seal(None, EDITOR)

    stored = rawrows.raw_values(signature, letter.pk)
    assert all_sealed(stored) and key_kinds(stored) == {"services.letter"} and opened(stored) == {"JVBERi0xLjQ="}
    services_0008.seal(None, EDITOR)
    assert rawrows.raw_values(signature, letter.pk) == stored  # a second run writes nothing


services_0009 = importlib.import_module("village_services.migrations.0009_letter_holder_nik_hash")


def test_the_migration_gives_stored_letters_the_hash_of_the_nik_their_values_give(domicile, jatinom_operator, person):
    from django.apps import apps

    from core.crypto import keyed_hash

    with_nik = draft_letter(jatinom_operator, domicile, domicile_values())
    Letter.objects.filter(pk=with_nik.pk).update(holder_nik_hash="")

    services_0009.fill(apps, EDITOR)

    assert Letter.objects.get(pk=with_nik.pk).holder_nik_hash == keyed_hash(NIK) == person.nik_hash
