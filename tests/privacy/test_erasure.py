"""Erasure by destroying the person's data key: the raw-row proof, legal holds, dashboards unchanged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEntry
from core.crypto import SEAL_PREFIX, decrypt, fernet, is_encrypted_token
from people.models import Person
from privacy import services

pytestmark = pytest.mark.django_db

# Every table (live and history) that holds something about the worker in these tests.
TABLES = {
    "people_person": "id", "people_historicalperson": "id",
    "migrants_placementdocument": "placement_id", "migrants_historicalplacementdocument": "placement_id",
    "cases_case": "person_id", "cases_historicalcase": "person_id",
    "people_familycontact": "person_id", "people_historicalfamilycontact": "person_id",
}


def raw_cells(person_id, placement_id):
    cells = []
    with connection.cursor() as cursor:
        for table, column in TABLES.items():
            key = placement_id if column == "placement_id" else person_id
            cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s", [key])
            rows = cursor.fetchall()
            assert rows or table.startswith("people_") and "family" in table, table
            cells += [value for row in rows for value in row if isinstance(value, str)]
    return cells


def raw_cells_of_people(person_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_person WHERE id = %s", [person_id])
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM people_historicalperson WHERE id = %s", [person_id])
        rows += cursor.fetchall()
    return [value for row in rows for value in row if isinstance(value, str)]


def readable(token):
    """The plaintext a deployment token gives, or None when what it holds is sealed under a destroyed key."""
    from core.crypto import _data_fernet, _split_sealed

    text = decrypt(token)
    if not text.startswith(SEAL_PREFIX):
        return text
    key_id, inner = _split_sealed(text)
    data_fernet = _data_fernet(key_id)
    return None if data_fernet is None else data_fernet.decrypt(inner.encode()).decode()


def test_after_erasure_no_raw_row_holds_the_persons_data_and_no_token_decrypts(
        worker, placed, closed_case, jatinom_operator):
    from people.services import add_contact

    add_contact(jatinom_operator, worker, name="Ibu Marni", relationship="parent", phone="+6281299988877")
    document = placed.documents.get(kind="passport")
    scan_name, storage = document.scan.name, document.scan.storage
    secrets = [worker.name, worker.nik, worker.kk, "Jl. Mawar 7", "+6281233344455", "Cerai, dua anak",
               "C9988776", "Majikan menahan paspor", "Ibu Marni", "+6281299988877"]
    cells = raw_cells(worker.pk, placed.pk)
    tokens = [c for c in cells if is_encrypted_token(c)]
    assert tokens and all(readable(t) is not None for t in tokens)  # before: everything readable
    assert worker.name in {readable(t) for t in tokens}  # the name is stored sealed, never in clear
    # (the complaint's worker_name is still plain before erasure: cases' texts are not sealed yet)
    assert not [c for c in raw_cells_of_people(worker.pk) if worker.name in c]

    erasure = services.erase_person(jatinom_operator, worker)

    cells = raw_cells(worker.pk, placed.pk)
    tokens = [c for c in cells if is_encrypted_token(c)]
    assert len(tokens) >= 4  # NIK, KK (live and history) and the case's worker NIK stay as ciphertext
    # Nothing opens but the pseudonym now standing for the name (live and history rows, contacts' history).
    assert {readable(t) for t in tokens} == {None, erasure.pseudonym}
    for secret in secrets:
        assert not [c for c in cells if secret in c], secret
    assert not storage.exists(scan_name)
    assert erasure.counts["keys_destroyed"] == 1
    person = Person.objects.get(pk=worker.pk)
    assert person.name == erasure.pseudonym and person.nik == ""
    # The aggregate fields stay: village, sex, birth year; the placement's country and status; the case category.
    assert (person.village_id, person.sex, person.birth_date.year) == (worker.village_id, "F", 1995)
    placed.refresh_from_db()
    closed_case.refresh_from_db()
    assert (placed.destination_country.code, placed.status) == ("HK", "interest")
    assert (closed_case.category, closed_case.status) == ("unpaid_wages", "closed")


def test_the_deployment_keys_alone_open_nothing_after_erasure(worker, closed_case, jatinom_operator):
    services.erase_person(jatinom_operator, worker)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM people_historicalperson WHERE id = %s", [worker.pk])
        tokens = [row[0] for row in cursor.fetchall()]
    inner = [fernet().decrypt(t.encode()).decode() for t in tokens]
    assert inner and all(text.startswith(SEAL_PREFIX) for text in inner)
    assert all(worker.nik not in text for text in inner)


def test_an_open_case_holds_erasure_with_the_reason_shown_and_recorded(worker, jatinom_operator):
    from tests.factories import CaseFactory

    case = CaseFactory(actor=jatinom_operator, person=worker, worker_name=worker.name)
    with pytest.raises(ValidationError) as refused:
        services.erase_person(jatinom_operator, worker)
    assert refused.value.message_dict == {
        "person": [f"Data belum dapat dihapus: kasus {case.reference} masih terbuka."]}
    entry = AuditEntry.objects.filter(object_type="people.person", object_id=str(worker.pk), action="other").get()
    assert entry.note == f"Penghapusan ditolak karena penahanan hukum: kasus {case.reference} masih terbuka"
    assert Person.objects.get(pk=worker.pk).nik == worker.nik


def test_a_pending_claim_holds_erasure(worker, closed_case, jatinom_operator):
    from cases.models import Claim

    Claim.objects.create(case=closed_case, claim_type="death", status="submitted")
    assert services.holds_for(worker) == [f"klaim pada kasus {closed_case.reference} belum selesai"]


def published(dashboard, open_data):
    """The dashboard and the open data as published (JSON: what the pages and the CSV show), but the time of the
    run they are current as of (the second rebuild is later, by design)."""
    import json

    figures = {k: v for k, v in dashboard("35.05", 2026).items() if k != "as_of"}
    return json.dumps([figures, open_data(2, 2026, "35")], default=str, sort_keys=True)


def test_dashboards_and_open_data_are_the_same_after_erasure(worker, placed, closed_case, jatinom_operator):
    from reports import rollup
    from reports.services import dashboard, open_data

    today = datetime.date(2026, 11, 15)
    rollup.rebuild_all(today=today)
    before = published(dashboard, open_data)
    services.erase_person(jatinom_operator, worker)
    rollup.rebuild_all(today=today)
    after = published(dashboard, open_data)
    assert after == before
    assert '"value": 1' in before  # the worker is counted, before and after


def test_erasure_blanks_the_persons_messages_and_a_waiting_one_is_not_sent(worker, jatinom_operator):
    from messaging.models import Channel, Event, Message, Purpose

    sent = Message.objects.create(to="+6281233344455", channel=Channel.WHATSAPP, event=Event.values[0],
                                  purpose=Purpose.values[0], body="Siti, dokumen Anda siap.", person=worker,
                                  status="delivered")
    waiting = Message.objects.create(to="+6281233344455", channel=Channel.SMS, event=Event.values[0],
                                     purpose=Purpose.values[0], body="Siti, jadwal pelatihan besok.", person=worker)
    services.erase_person(jatinom_operator, worker)
    rows = list(Message.objects.filter(pk__in=[sent.pk, waiting.pk]).order_by("pk").values_list("body", "to", "status"))
    assert rows == [("", "", "delivered"), ("", "", "failed")]


def test_erasure_blanks_the_stored_sentence_parts_of_the_case_timeline(worker, closed_case, jatinom_operator):
    from cases.models import TimelineEntry

    TimelineEntry.objects.create(case=closed_case, kind="referral", text="Dirujuk ke BP3MI: Majikan Tan",
                                 text_parts=[{"k": "Dirujuk ke %(org)s: %(req)s",
                                              "p": {"org": "BP3MI", "req": "Majikan Tan"}}])
    services.erase_person(jatinom_operator, worker)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, text_parts FROM cases_timelineentry WHERE case_id = %s UNION ALL "
                       "SELECT text, text_parts FROM cases_historicaltimelineentry WHERE case_id = %s",
                       [closed_case.pk, closed_case.pk])
        rows = cursor.fetchall()
    assert rows and not [row for row in rows if "Majikan Tan" in str(row)]
