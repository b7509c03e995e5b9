"""An audit entry about a person's record keeps its label and note sealed under the person's data key (issue 19
point 3): the append-only row never changes, and once the person is erased neither it nor a backup taken before
opens to their name or story. The typed search text of a list read is never logged."""

import pytest
from django.db import connection

from audit.models import Action, AuditEntry, AuditImmutableError
from audit.services import log_list_read, record
from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from people.models import Person
from privacy import services as privacy

pytestmark = pytest.mark.django_db

NAME = "Suwarni Kusumawati"


def raw_entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_repr, note FROM audit_auditentry WHERE object_type = 'people.person'")
        return [v for row in cursor.fetchall() for v in row if v]


def test_entries_about_a_person_are_sealed_under_their_key_and_open_to_nothing_after_erasure(
        make_person, jatinom_operator):
    from tests.migrants.test_sealed_records import opened

    person = make_person(name=NAME)
    record(jatinom_operator, Action.OTHER, person, note=f"Datang bersama suaminya, {NAME} minta surat")
    backup = raw_entries()
    assert backup and all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in backup)
    assert any(NAME in opened(v) for v in backup)

    privacy.erase_person(jatinom_operator, person)

    assert [opened(v) for v in backup] == [None] * len(backup)
    shown = [f"{e.object_repr} {e.note}" for e in AuditEntry.objects.filter(object_type="people.person")]
    assert [s for s in shown if NAME in s] == []


def test_a_list_read_logs_the_filter_but_not_the_typed_search_text(jatinom_operator):
    entry = log_list_read(jatinom_operator, Person, [], query="q=Suwarni+Kusuma&status=working&search=0812")
    assert NAME.split()[0] not in entry.note and "0812" not in entry.note
    assert "status=working" in entry.note


def test_only_label_and_note_may_be_written_again_and_only_as_the_same_text(jatinom_operator):
    entry = record(jatinom_operator, Action.OTHER, object_type="x", object_id="1", object_repr="label", note="n")

    AuditEntry.objects.bulk_update([entry], ["object_repr", "note"])  # key rotation re-encrypts them

    entry.refresh_from_db()
    assert (entry.object_repr, entry.note) == ("label", "n")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.bulk_update([entry], ["action"])
    if connection.vendor == "postgresql":  # the database refuses any other change, even in raw SQL
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")
            cursor.execute("UPDATE audit_auditentry SET action = 'read' WHERE id = %s", [entry.pk])
