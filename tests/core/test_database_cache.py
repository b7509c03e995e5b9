"""core.cache.DatabaseCache: Django's database cache with each write (set, set_many) in one statement."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import cache as core_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_cache(settings):
    settings.CACHES = {**settings.CACHES, "dbtest": {"BACKEND": "core.cache.DatabaseCache",
                                                     "LOCATION": "payung_cache",
                                                     "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}}}
    backend = caches["dbtest"]
    backend.clear()
    yield backend
    backend.clear()


def _writes(captured):
    return [q["sql"] for q in captured if "payung_cache" in q["sql"]]


def test_set_writes_an_entry_that_get_reads_back(db_cache):
    db_cache.set("a", {"html": "<p>x</p>", "n": 1}, 60)
    assert db_cache.get("a") == {"html": "<p>x</p>", "n": 1}


def test_set_replaces_an_existing_entry_and_its_expiry(db_cache):
    db_cache.set("a", 1, -1)  # already expired
    db_cache.set("a", 2, 60)
    assert db_cache.get("a") == 2


def test_set_many_writes_every_entry_in_one_statement_after_the_first_count(db_cache):
    db_cache.set("warm", 0, 60)  # the process's first write counts the table
    with CaptureQueriesContext(connection) as ctx:
        assert db_cache.set_many({"a": 1, "b": "two", "c": [3]}, 60) == []
    assert len(_writes(ctx.captured_queries)) == 1
    assert db_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": "two", "c": [3]}


def test_the_table_is_counted_once_every_cull_check_writes(db_cache):
    with CaptureQueriesContext(connection) as ctx:
        for i in range(core_cache.CULL_CHECK_EVERY + 1):
            db_cache.set(f"k{i % 5}", i, 60)
    counts = [sql for sql in _writes(ctx.captured_queries) if sql.startswith("SELECT COUNT(*)")]
    assert len(counts) == 2


def test_a_full_table_is_culled_when_counted(db_cache):
    for i in range(12):
        db_cache.set(f"k{i}", i, 60)
    db_cache._writes = 0  # the next write counts: 12 entries > MAX_ENTRIES 10
    db_cache.set("last", 1, 60)
    left = sum(1 for i in range(12) if db_cache.get(f"k{i}") is not None)
    assert left == 6  # CULL_FREQUENCY 2: half of the 12 culled, as Django's database cache does
    assert db_cache.get("last") == 1


def test_a_write_inside_a_transaction_is_rolled_back_with_it(db_cache):
    with pytest.raises(RuntimeError), transaction.atomic():
        db_cache.set("a", 1, 60)
        raise RuntimeError
    assert db_cache.get("a") is None


def test_add_and_touch_keep_their_meaning(db_cache):
    assert db_cache.add("a", 1, 60) is True
    assert db_cache.add("a", 2, 60) is False
    assert db_cache.touch("a", 120) is True
    assert db_cache.get("a") == 1
