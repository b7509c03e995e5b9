"""core.dbindexes.concurrent_indexes: the one way a migration builds an index CONCURRENTLY on PostgreSQL."""

import pytest
from django.apps import apps as global_apps
from django.db import connection

from core.dbindexes import concurrent_indexes

pytestmark = pytest.mark.django_db(transaction=True)  # CREATE INDEX CONCURRENTLY runs outside a transaction


def index_row(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.oid, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s", [name])
        return cursor.fetchone()


def run(operation, direction="code"):
    with connection.schema_editor(atomic=False) as editor:
        getattr(operation, direction)(global_apps, editor)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("indexes are built CONCURRENTLY on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE dbindex_probe (id serial PRIMARY KEY, person_id integer, sex char(1))")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS dbindex_probe")


def test_the_index_is_built_then_kept_when_valid_and_rebuilt_when_a_build_failed(postgresql):
    operation = concurrent_indexes({"dbindex_probe_person": "dbindex_probe (person_id) INCLUDE (sex)"})
    run(operation)
    built = index_row("dbindex_probe_person")
    assert built[1] is True

    run(operation)  # applied again: the valid index stays as it is
    assert index_row("dbindex_probe_person") == built

    with connection.cursor() as cursor:  # what a build cut half-way leaves: an invalid index of that name
        cursor.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s", [built[0]])
    run(operation)
    rebuilt = index_row("dbindex_probe_person")
    assert rebuilt[1] is True and rebuilt[0] != built[0]

    run(operation, "reverse_code")
    assert index_row("dbindex_probe_person") is None


def test_erasure_finds_history_rows_by_person_through_an_index(regions):
    if connection.vendor != "postgresql":
        pytest.skip("the erasure history indexes are PostgreSQL's (privacy 0002)")
    assert index_row("erasure_historicalplacement_person")[1] is True
    assert index_row("erasure_historicalfamilycontact_person")[1] is True
