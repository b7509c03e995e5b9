"""The before/after values of an audit entry about a person's record (a dusun, an RT, a birth date) are sealed under
the person's data key like its label and note (issue 19 point 3): the audit list, the API and the access file show
them while the key lives, and once the person is erased neither the row nor a copy taken before opens to them; the
page says the entry's personal data was erased. Entries about no one's record stay plain JSON."""

import pytest
from django.db import connection

from audit.models import Action, AuditEntry, AuditImmutableError
from audit.services import log_update, record, snapshot
from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from privacy import services as privacy
from tests.conftest import JATINOM
from tests.privacy.rawrows import opened

pytestmark = pytest.mark.django_db


def raw_changes(object_type="people.person"):
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM audit_auditentry WHERE object_type = %s AND changes <> '{}'",
                       [object_type])
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def moved(make_person, jatinom_operator):
    """A person who moved from dusun Krajan RT 001 to dusun Sumbersari RT 004 (an audited edit)."""
    person = make_person(name="Suwarni", dusun="Krajan", rt="001")
    before = snapshot(person, ["dusun", "rt"])
    person.dusun, person.rt = "Sumbersari", "004"
    person.save()
    entry = log_update(jatinom_operator, person, before)
    return person, AuditEntry.objects.get(pk=entry.pk)


def test_the_changed_values_are_sealed_under_the_persons_key_and_shown_opened(
        moved, client_for, api_client_for, blitar_officer):
    person, entry = moved
    (stored,) = raw_changes()
    assert is_encrypted_token(stored) and decrypt(stored).startswith(SEAL_PREFIX)
    assert "Krajan" not in stored and "Krajan" in opened(stored)
    assert entry.changes == {"dusun": ["Krajan", "Sumbersari"], "rt": ["001", "004"]} and not entry.erased

    page = client_for(blitar_officer).get("/audit/", {"object_type": "people.person"}).content.decode()
    assert "Krajan → Sumbersari" in page and 'data-testid="audit-erased"' not in page
    api = api_client_for(blitar_officer).get("/api/v1/audit/", {"object_type": "people.person",
                                                                 "action": "update"}).json()["results"]
    assert [(e["changes"], e["erased"]) for e in api] == [(entry.changes, False)]
    processing = privacy.build_access_file(person)["processing"]
    assert [row["Perubahan"] for row in processing if row["Tindakan"] == "ubah"] == [
        "dusun: Krajan → Sumbersari; rt: 001 → 004"]


def test_after_erasure_the_entry_and_a_copy_taken_before_open_to_nothing_and_the_page_says_so(
        moved, jatinom_operator, client_for, api_client_for, blitar_officer):
    person, entry = moved
    backup = raw_changes()

    privacy.erase_person(jatinom_operator, person)

    assert [opened(v) for v in backup] == [None]
    assert raw_changes() == backup  # the row itself never changed (append-only)
    erased = AuditEntry.objects.get(pk=entry.pk)
    assert (erased.changes, erased.erased, erased.action) == ({}, True, Action.UPDATE)
    page = client_for(blitar_officer).get("/audit/", {"object_type": "people.person"}).content.decode()
    assert 'data-testid="audit-erased"' in page and "Krajan" not in page and "Sumbersari" not in page
    api = api_client_for(blitar_officer).get(f"/api/v1/audit/{entry.pk}/").json()
    assert (api["changes"], api["erased"], api["action"]) == ({}, True, "update")


def test_entries_about_no_ones_record_stay_plain_and_filters_still_work(jatinom_operator, client_for,
                                                                           blitar_officer):
    record(jatinom_operator, Action.UPDATE, object_type="governance.budgetline", object_id="7",
           region_code=JATINOM, changes={"amount": [100, 200]})
    assert raw_changes("governance.budgetline") == ['{"amount": [100, 200]}']
    assert AuditEntry.objects.get(object_type="governance.budgetline").changes == {"amount": [100, 200]}
    page = client_for(blitar_officer).get("/audit/", {"action": "update", "actor": str(jatinom_operator)[:4]})
    assert "100 → 200" in page.content.decode()
    assert "100 → 200" not in client_for(blitar_officer).get("/audit/", {"action": "read"}).content.decode()


def test_changes_may_be_written_again_only_as_ciphertext(moved):
    _person, entry = moved
    AuditEntry.objects.bulk_update([entry], ["changes"])  # key rotation re-encrypts them
    entry.refresh_from_db()
    assert entry.changes == {"dusun": ["Krajan", "Sumbersari"], "rt": ["001", "004"]}
    with pytest.raises(AuditImmutableError):
        entry.save()
    if connection.vendor == "postgresql":  # the database refuses plain values, even inside a rewrap
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")
            cursor.execute("UPDATE audit_auditentry SET changes = '{}' WHERE id = %s", [entry.pk])
