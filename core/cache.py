"""The shared cache's backends: Django's Redis and database caches, each with one fix.

Redis: the backend keeps its Redis client object instead of making one for every cache call.

Django's RedisCacheClient.get_client builds a new `redis.Redis` for each get/set (its constructor fills a table of
several hundred response callbacks): three or four times a signed-in page (session, user, menu, dashboard figures),
measurable in a page's CPU. The client only wraps the connection pool, which Django already keeps; a backend
instance belongs to one thread (django.core.cache.caches), so the client it keeps is not shared across threads.

Database: DatabaseCache writes an entry (or several) with one statement instead of five (see its docstring).

Either backend: `Compressed(value)` stores a large value compressed and reads back as the value itself.
"""

import base64
import pickle
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends import db as django_db
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


def _unzip(packed):
    return pickle.loads(zlib.decompress(packed))


class Compressed:
    """A cache value to be stored compressed: `cache.set(key, Compressed(value))`, and `cache.get(key)` returns the
    value itself. It pickles as a call of `_unzip` on the compressed pickle, so either backend's own get and
    get_many undo it without knowing. A cold dashboard page writes back its figures: 46 KB of pickle (62 KB as the
    database cache's base64) took 1.6 ms to write, 6 KB compressed 0.45 ms plus 0.1 ms of zlib at level 1, and every
    warm read moves the smaller entry too (issue 23.2).

    Only for keys that no older release reads: a process without `_unzip` fails to unpickle the entry, so a key
    whose value becomes Compressed takes a new name (a rolling upgrade runs both releases side by side)."""

    __slots__ = ("packed",)

    def __init__(self, value, protocol=pickle.HIGHEST_PROTOCOL):
        self.packed = zlib.compress(pickle.dumps(value, protocol), 1)

    def __reduce__(self):
        return _unzip, (self.packed,)


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# --- The database cache ------------------------------------------------------------------------------------------


# How often a process counts the table (and culls it when over MAX_ENTRIES): once every this many writes.
CULL_CHECK_EVERY = 50


class DatabaseCache(django_db.DatabaseCache):
    """Django's database cache, writing entries with one statement (PostgreSQL, SQLite).

    Django's set() counts the whole table (SELECT COUNT(*)) on every write, then reads the key and updates or
    inserts it in a transaction: five round trips for one entry, and set_many repeats them per key. A dashboard
    page that misses the cache spent more time on writing its figures back than on reading them (issue 23.2).
    Here one INSERT ... ON CONFLICT DO UPDATE writes every entry of a set or set_many, and the table is counted
    (and culled over MAX_ENTRIES, as Django does) on the first write of a process and then once every
    CULL_CHECK_EVERY writes. add() and touch() keep Django's statements (they read the old entry's expiry).
    """

    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes = 0

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in ("postgresql", "sqlite"):
            return super().set_many(data, timeout, version)
        if not data:
            return []
        rows = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
        timeout = self.get_backend_timeout(timeout)
        exp = datetime.max if timeout is None else datetime.fromtimestamp(
            timeout, tz=UTC if settings.USE_TZ else None)
        exp = connection.ops.adapt_datetimefield_value(exp.replace(microsecond=0))
        q = connection.ops.quote_name
        table, key_col, value_col, expires_col = q(self._table), q("cache_key"), q("value"), q("expires")
        params = []
        for key, value in rows.items():
            params += [key, base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"), exp]
        values = ", ".join(["(%s, %s, %s)"] * len(rows))
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The statement is its own transaction: its commit need not wait for the write-ahead log to reach the
            # disk (synchronous_commit off for this transaction only). A crash may lose the last entries written,
            # never corrupt one, and a lost entry is computed again; under a loaded disk that flush was most of a
            # write. Inside a caller's transaction the caller's commit decides (its own rows must be durable).
            source = (f"SELECT e.k, e.v, e.x FROM (VALUES {values}) AS e (k, v, x), "
                      "(SELECT set_config('synchronous_commit', 'off', true)) AS nosync")
        else:
            source = f"VALUES {values}"
        sql = (f"INSERT INTO {table} ({key_col}, {value_col}, {expires_col}) {source}"
               f" ON CONFLICT ({key_col}) DO UPDATE SET {value_col} = excluded.{value_col}, "
               f"{expires_col} = excluded.{expires_col}")
        with connection.cursor() as cursor:
            if self._writes % CULL_CHECK_EVERY == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                num = cursor.fetchone()[0]
                if num > self._max_entries:
                    self._cull(db, cursor, tz_now().replace(microsecond=0), num)
            self._writes += 1
            try:
                # Inside a caller's transaction a failed write must not break it (Django's set uses a savepoint
                # too); outside one, the single statement is its own transaction.
                if connection.in_atomic_block:
                    with transaction.atomic(using=db):
                        cursor.execute(sql, params)
                else:
                    cursor.execute(sql, params)
            except DatabaseError:
                # As Django's: a write that loses a race or fails is not an error for the caller.
                return list(data)
        return []
