"""Migration audit 0005 seals the stored before/after values of entries about a person's record under the person's
data key, and those about a person already erased under a key destroyed at once; other entries stay plain JSON; the
way back opens them again."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEntry
from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from privacy import services as privacy
from tests.privacy.rawrows import opened

BEFORE = [("audit", "0004_seal_labels_and_notes")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def raw_changes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_id, changes FROM audit_auditentry WHERE object_type IN ('people.person', 'x') "
                       "AND action = 'update' ORDER BY id")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_stored_changes_are_sealed_under_the_persons_key_and_an_erased_persons_open_to_nothing(
        make_person, jatinom_operator):
    person, erased = make_person(name="Suwarni"), make_person(name="Sumiati")
    privacy.erase_person(jatinom_operator, erased)
    migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("audit", "AuditEntry")
        for object_type, pk in (("people.person", person.pk), ("people.person", erased.pk), ("x", 1)):
            old.objects.create(action="update", object_type=object_type, object_id=str(pk),
                               changes={"dusun": ["Krajan", "Sumbersari"]})
    finally:
        migrate()
    (_p, mine), (_e, gone), (_x, plain) = raw_changes()
    assert is_encrypted_token(mine) and decrypt(mine).startswith(SEAL_PREFIX) and is_encrypted_token(gone)
    assert (opened(mine), opened(gone)) == ('{"dusun": ["Krajan", "Sumbersari"]}', None)
    assert "Krajan" in plain and not is_encrypted_token(plain)
    entries = AuditEntry.objects.filter(action="update", object_type="people.person").order_by("id")
    assert [(e.changes, e.erased) for e in entries] == [({"dusun": ["Krajan", "Sumbersari"]}, False), ({}, True)]

    migrate(BEFORE)
    try:
        assert [c if isinstance(c, dict) else json.loads(c) for _o, c in raw_changes()] == [
            {"dusun": ["Krajan", "Sumbersari"]}, {}, {"dusun": ["Krajan", "Sumbersari"]}]
    finally:
        migrate()
