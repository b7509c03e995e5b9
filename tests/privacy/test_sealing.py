"""Every sensitive column about a person is ciphertext under the person's data key (issue 19 point 3): a copy of
the raw rows taken before erasure (a backup) opens to nothing afterwards, and the migration seals values that
were stored in clear."""

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from core.datakeys import seal_plain_columns
from people.models import Person
from privacy import services

pytestmark = pytest.mark.django_db

# (table, key column, sealed columns): the columns sealed in this issue, live and history.
SEALED = [
    ("people_person", "id", ["birth_place", "address", "notes"]),
    ("people_historicalperson", "id", ["birth_place", "address", "notes"]),
    ("people_familycontact", "person_id", ["phone", "address"]),
    ("people_historicalfamilycontact", "person_id", ["phone", "address"]),
    ("cases_case", "person_id", ["description", "complainant_address", "outcome_note", "close_note"]),
    ("cases_historicalcase", "person_id", ["description", "complainant_address", "outcome_note", "close_note"]),
]


def raw_values(person_id):
    """{(table, column): [raw stored values]} of the sealed columns of every row about the person."""
    found = {}
    with connection.cursor() as cursor:
        for table, key, columns in SEALED:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {key} = %s", [person_id])
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value:
                        found.setdefault((table, column), []).append(value)
    return found


def opened(token):
    """What a stored token gives with the deployment keys and any data key still standing, or None."""
    from core.crypto import _data_fernet, _split_sealed

    text = decrypt(token)
    if not text.startswith(SEAL_PREFIX):
        return text
    key_id, inner = _split_sealed(text)
    data_fernet = _data_fernet(key_id)
    return None if data_fernet is None else data_fernet.decrypt(inner.encode()).decode()


@pytest.fixture
def worker_with_contact_and_case(worker, closed_case, jatinom_operator):
    from people.services import add_contact

    add_contact(jatinom_operator, worker, name="Ibu Marni", relationship="parent", phone="+6281299988877",
                address="Dusun Krajan RT 2")
    closed_case.complainant_address = "Jl. Kenanga 9, Jatinom"
    closed_case.outcome_note = "Gaji Rp 12.000.000 dibayar majikan."
    closed_case.save()
    return worker


def test_every_sensitive_column_is_stored_as_ciphertext_sealed_under_the_persons_key(
        worker_with_contact_and_case):
    backup = raw_values(worker_with_contact_and_case.pk)
    # Every column of SEALED holds a value in these rows (history included), none in clear.
    assert set(backup) == {(t, c) for t, _k, columns in SEALED for c in columns if c != "close_note"}
    tokens = [value for values in backup.values() for value in values]
    assert all(is_encrypted_token(v) for v in tokens)
    assert all(decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    assert "Jl. Mawar 7" in {opened(v) for v in backup[("people_person", "address")]}


def test_a_backup_of_the_raw_rows_taken_before_erasure_opens_to_nothing_after_it(
        worker_with_contact_and_case, jatinom_operator):
    backup = raw_values(worker_with_contact_and_case.pk)
    secrets = ["Jl. Mawar 7", "Cerai, dua anak", "Blitar", "+6281299988877", "Dusun Krajan RT 2",
               "Majikan menahan paspor", "Jl. Kenanga 9", "Gaji Rp 12.000.000"]
    before = {opened(v) for values in backup.values() for v in values}
    assert all(any(s in text for text in before) for s in secrets)

    services.erase_person(jatinom_operator, worker_with_contact_and_case)

    after = [opened(v) for values in backup.values() for v in values]
    assert after == [None] * len(after)
    # And the live rows read now: no sealed column of the person holds anything readable.
    now = raw_values(worker_with_contact_and_case.pk)
    assert [opened(v) for values in now.values() for v in values] == [None] * sum(map(len, now.values()))
    person = Person.objects.get(pk=worker_with_contact_and_case.pk)
    assert (person.address, person.notes, person.birth_place) == ("", "", "")


def test_the_migration_seals_values_stored_in_clear_under_the_persons_key(worker):
    from core.crypto import data_key_id

    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET address = %s, notes = '' WHERE id = %s", ["Jl. Lama 1", worker.pk])
    assert seal_plain_columns(connection, "people_person", ["birth_place", "address", "notes"], "id") == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM people_person WHERE id = %s", [worker.pk])
        token = cursor.fetchone()[0]
    assert decrypt(token).startswith(f"{SEAL_PREFIX}{data_key_id(worker)}:")
    assert Person.objects.get(pk=worker.pk).address == "Jl. Lama 1"
    # Run again, nothing is left to seal.
    assert seal_plain_columns(connection, "people_person", ["birth_place", "address", "notes"], "id") == 0


def test_the_migration_back_opens_sealed_values_and_an_erased_one_becomes_empty(worker, make_person,
                                                                                  jatinom_operator):
    from core.datakeys import open_sealed_columns

    other = make_person(address="Jl. Lain 2")
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM people_person WHERE id = %s", [other.pk])
        backup = cursor.fetchone()[0]
    services.erase_person(jatinom_operator, other)
    with connection.cursor() as cursor:  # the erased person's sealed address, as a restored backup would hold it
        cursor.execute("UPDATE people_person SET address = %s WHERE id = %s", [backup, other.pk])
    open_sealed_columns(connection, "people_person", ["birth_place", "address", "notes"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, address, notes FROM people_person WHERE id IN (%s, %s) ORDER BY id",
                       [worker.pk, other.pk])
        rows = cursor.fetchall()
    assert rows == [(worker.pk, "Jl. Mawar 7", "Cerai, dua anak"), (other.pk, "", "")]


def test_the_rows_about_people_are_found_with_one_statement_for_every_model(
        worker_with_contact_and_case, placed, make_person):
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case
    from core.datakeys import subject_lookups, subject_rows
    from migrants.models import Placement, PlacementDocument
    from people.models import FamilyContact

    worker, other = worker_with_contact_and_case, make_person(name="Orang Lain")
    ids = [worker.pk, other.pk]
    lookups = subject_lookups("people.person")
    expected = {}
    for n, (model, lookup) in enumerate(lookups):  # what each model's own query finds
        rows = dict(model._base_manager.filter(**{f"{lookup}__in": ids}).values_list("pk", lookup))
        if rows:
            expected[n] = rows
    assert {Person, Placement, PlacementDocument, Case, FamilyContact, Person.history.model} <= {
        lookups[n][0] for n in expected}
    with CaptureQueriesContext(connection) as statements:
        found = subject_rows(lookups, ids)
    assert (found, len(statements)) == (expected, 1)
    # Asked again (the statement kept for two ids) and in the other order: the same rows.
    assert subject_rows(lookups, [other.pk, worker.pk]) == expected
    assert subject_rows(lookups, [max(ids) + 1000]) == {}  # no such person: nothing, still one statement


def test_priming_renews_a_key_cached_too_long_ago_so_no_value_asks_for_its_key(worker, settings):
    import time

    from django.test.utils import CaptureQueriesContext

    from core.crypto import _DATA_KEYS, _data_fernet, data_key_id
    from core.datakeys import prime, prime_subjects

    kid = data_key_id(Person.objects.get(pk=worker.pk), create=False)
    for renew in (lambda: prime_subjects("people.person", [worker.pk]), lambda: prime([kid])):
        # Cached before a run longer than DATA_KEY_CACHE_SECONDS (a retention of many batches): stale.
        _DATA_KEYS[kid] = (_data_fernet(kid), time.monotonic() - settings.DATA_KEY_CACHE_SECONDS - 1)
        renew()
        with CaptureQueriesContext(connection) as statements:
            assert Person.objects.get(pk=worker.pk).address == "Jl. Mawar 7"
        assert len(statements) == 1  # the row only: no key row asked for
