"""core.cache.Compressed: a large cache value (a dashboard's rendered figures) is stored compressed by either shared-
cache backend and reads back as the value itself, through get and get_many."""

import base64
import pickle

import pytest
from django.core.cache import caches
from django.db import connection

from core.cache import Compressed

from .conftest import redis_running, redis_url

pytestmark = pytest.mark.django_db

# Like a dashboard's figures: long, repetitive HTML.
LARGE = {"html": "<tr><td>Kecamatan Bakung</td><td>1.234</td></tr>\n" * 1500, "years": [2026, 2025], "key": "k"}


@pytest.fixture(params=["database", "redis"])
def backend(request, settings):
    if request.param == "redis":
        if not redis_running():
            pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        conf = {"BACKEND": "core.cache.RedisCache", "LOCATION": redis_url(), "KEY_PREFIX": "compress-test"}
    else:
        conf = {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "payung_cache"}
    settings.CACHES = {**settings.CACHES, "compresstest": conf}
    cache = caches["compresstest"]
    cache.clear()
    yield request.param, cache
    cache.clear()


def _stored(name, cache, key):
    """The bytes the backend keeps for `key`."""
    full = cache.make_and_validate_key(key)
    if name == "redis":
        return cache._cache.get_client(full).get(full)
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM payung_cache WHERE cache_key = %s", [full])
        return base64.b64decode(cursor.fetchone()[0])


def test_a_compressed_value_is_stored_in_a_tenth_of_its_pickle_and_reads_back_as_itself(backend):
    name, cache = backend
    cache.set_many({"figures": Compressed(LARGE), "head": Compressed("<h1>Kab. Blitar</h1>"), "plain": 3}, 60)
    assert len(_stored(name, cache, "figures")) < len(pickle.dumps(LARGE, pickle.HIGHEST_PROTOCOL)) // 10
    assert cache.get_many(["figures", "head", "plain"]) == {
        "figures": LARGE, "head": "<h1>Kab. Blitar</h1>", "plain": 3}
    cache.set("again", Compressed(LARGE), 60)
    assert cache.get("again") == LARGE

