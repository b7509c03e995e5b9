"""Migration audit 0006 seals the stored entries about records whose models named their data subject after 0004 and
0005 ran (community members, program enrolments, messaging, village services), through the same code path
(audit.sealing.seal_entries): under the registered person's key or the record's own, an erased subject's under a key
destroyed at once (a subject whose key was merely replaced is not erased), a record gone with a label naming no one;
a second run writes nothing and entries about other records are not touched."""

import datetime
import importlib
import json
from types import SimpleNamespace

import pytest
from django.db import connection

from audit.models import AuditEntry
from core import datakeys
from core.crypto import SEAL_PREFIX, _split_sealed, decrypt, is_encrypted_token
from core.models import DataKey
from privacy import services as privacy
from tests.factories import CommunityGroupFactory, ProgramFactory
from tests.privacy.rawrows import opened

pytestmark = pytest.mark.django_db

audit_0006 = importlib.import_module("audit.migrations.0006_seal_entries_of_later_subjects")
EDITOR = SimpleNamespace(connection=connection)
CHANGES = {"name": ["Sumarni", "Sumarni Wati"]}


def old_entry(object_type, object_id, label):
    """An entry as written before its model named a DATA_SUBJECT: label, note and changes plain."""
    entry = AuditEntry(action="update", object_type=object_type, object_id=str(object_id), object_repr=label,
                       note=f"Catatan tentang {label}", changes=CHANGES)
    entry.save()
    return entry.pk


def raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_repr, note, changes FROM audit_auditentry WHERE id = %s", [pk])
        return cursor.fetchone()


def key_kind(token):
    return DataKey.objects.get(kid=_split_sealed(decrypt(token))[0]).subject_type


def test_old_entries_of_later_subjects_are_sealed_under_the_persons_or_the_records_key(
        jatinom_operator, make_person):
    from community.services import add_member
    from empowerment.services import enrol

    group = CommunityGroupFactory(actor=jatinom_operator)
    program = ProgramFactory(actor=jatinom_operator)
    guest = add_member(jatinom_operator, group, name="Sumarni", joined_on=datetime.date(2020, 1, 1))
    resident = make_person(name="Wartini")
    enrolment = enrol(jatinom_operator, program, name="Wartini", person=resident)
    other = make_person(name="Suparmi")
    entries = {
        "member": old_entry("community.groupmember", guest.pk, "Sumarni"),
        "enrolment": old_entry("empowerment.enrolment", enrolment.pk, "Wartini"),
        "gone": old_entry("community.groupmember", 999999, "Sutinah"),
        "person": old_entry("people.person", other.pk, "Suparmi"),  # not one of 0006's models: left alone
    }

    assert audit_0006.seal(None, EDITOR) is None

    label, note, changes = raw(entries["member"])
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in (label, note, changes))
    assert {key_kind(v) for v in (label, note, changes)} == {"community.groupmember"}
    assert (opened(label), opened(note), json.loads(opened(changes))) == ("Sumarni", "Catatan tentang Sumarni",
                                                                          CHANGES)
    assert {key_kind(v) for v in raw(entries["enrolment"])} == {"people.person"}
    assert opened(raw(entries["enrolment"])[0]) == "Wartini"
    gone = raw(entries["gone"])
    assert (gone[0], gone[1], json.loads(gone[2])) == ("community.groupmember #999999", "Catatan tentang Sutinah",
                                                       CHANGES)
    untouched = raw(entries["person"])
    assert (untouched[0], untouched[1], json.loads(untouched[2])) == ("Suparmi", "Catatan tentang Suparmi", CHANGES)
    entry = AuditEntry.objects.get(pk=entries["member"])
    assert (entry.object_repr, entry.note, entry.changes, entry.erased) == (
        "Sumarni", "Catatan tentang Sumarni", CHANGES, False)

    before = [raw(pk) for pk in entries.values()]
    from audit.sealing import COLUMNS, seal_entries

    assert seal_entries(connection, COLUMNS, labels=audit_0006.LABELS) == 0  # a second run writes nothing
    assert [raw(pk) for pk in entries.values()] == before


def test_an_erased_persons_old_entries_open_to_nothing_and_a_replaced_key_is_no_erasure(
        jatinom_operator, make_person):
    from empowerment.models import Enrolment
    from empowerment.services import enrol

    program = ProgramFactory(actor=jatinom_operator)
    erased, rekeyed = make_person(name="Sumiati"), make_person(name="Karsinah")
    gone_enrolment = enrol(jatinom_operator, program, name="Sumiati", person=erased)
    kept_enrolment = enrol(jatinom_operator, program, name="Karsinah", person=rekeyed)
    privacy.erase_person(jatinom_operator, erased)
    # Karsinah's key was replaced (the complainant of her case was erased): a destroyed key beside her live one.
    datakeys.rekey("people.person", [rekeyed.pk], datakeys.subject_lookups("people.person"))
    live_before = set(DataKey.objects.filter(subject_type="people.person", subject_id=str(rekeyed.pk),
                                             destroyed_at=None).values_list("kid", flat=True))
    gone_entry = old_entry("empowerment.enrolment", gone_enrolment.pk, "Sumiati")
    kept_entry = old_entry("empowerment.enrolment", kept_enrolment.pk, "Karsinah")

    audit_0006.seal(None, EDITOR)

    assert [opened(v) for v in raw(gone_entry)] == [None, None, None]
    assert AuditEntry.objects.get(pk=gone_entry).erased
    assert not DataKey.objects.filter(subject_type="people.person", subject_id=str(erased.pk),
                                      destroyed_at=None).exists()
    assert [opened(v) for v in raw(kept_entry)][:2] == ["Karsinah", "Catatan tentang Karsinah"]
    assert {_split_sealed(decrypt(v))[0] for v in raw(kept_entry)} == live_before
    assert set(DataKey.objects.filter(subject_type="people.person", subject_id=str(rekeyed.pk),
                                      destroyed_at=None).values_list("kid", flat=True)) == live_before
    assert Enrolment.objects.get(pk=kept_enrolment.pk).name == "Karsinah"  # her records stay readable
