"""Reads from a streaming replica (DATABASE_REPLICA_URL) for reports, dashboards, open data and exports.

Which requests: GET/HEAD requests to the views named in settings.REPLICA_READ_VIEWS ("app:*" for a whole
namespace) and any list export (`?export=csv|xlsx`). Everything else, and every write, uses the primary.

Read-your-writes: the first write of a request pins the rest of that request to the primary (a report view
that writes its EXPORT audit entry reads on from the primary), and a request that wrote sets a short cookie
(REPLICA_PIN_SECONDS) so the same browser's next requests (the redirect after a POST) read from the primary
too, whatever node serves them.

Fallback: the replica's health (answers, replay lag under REPLICA_MAX_LAG_SECONDS) is checked at most every
REPLICA_CHECK_SECONDS per process; when it fails, reads go to the primary and a warning is logged.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "payung_primary"

# Per request (and per thread/async task): may this request read from the replica, and has it written yet.
_use_replica = contextvars.ContextVar("payung_use_replica", default=False)
_wrote = contextvars.ContextVar("payung_wrote", default=False)

# Lag of a standby: 0 when it has replayed everything it received, else the age of the last replayed commit.
LAG_SQL = """
SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


def replica_configured():
    return settings.REPLICA_READS and REPLICA in connections.databases


class _Health:
    """The replica's last health check in this process: (checked at, usable)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = 0.0
        self.usable = False

    def reset(self):
        with self.lock:
            self.checked_at = 0.0


health = _Health()


def replica_lag():
    """Seconds of replay lag of the replica (raises DatabaseError when it does not answer)."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


def replica_usable():
    """Whether reads may go to the replica now (cached for REPLICA_CHECK_SECONDS)."""
    now = time.monotonic()
    with health.lock:
        if health.checked_at and now - health.checked_at < settings.REPLICA_CHECK_SECONDS:
            return health.usable
        health.checked_at = now
    try:
        lag = replica_lag()
    except DatabaseError as exc:
        connections[REPLICA].close()
        logger.warning("Replica unavailable (%s): reading from the primary", str(exc).strip().splitlines()[0])
        usable = False
    else:
        usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable:
            logger.warning("Replica %.1f s behind (limit %s s): reading from the primary",
                           lag, settings.REPLICA_MAX_LAG_SECONDS)
    health.usable = usable
    return usable


@contextmanager
def replica_reads():
    """Reads inside the block go to the replica when it is usable (views, scripts, tests)."""
    token, wrote = _use_replica.set(True), _wrote.set(False)
    try:
        yield
    finally:
        _use_replica.reset(token)
        _wrote.reset(wrote)


def _is_cache(model):
    # Django's database cache (its stand-in model, app label "django_cache"): version tokens of the signed-in
    # user and the menu live there, so they are read from the primary (a lagging replica would revive a revoked
    # role), and filling the cache is not a write the request must then read back.
    return getattr(model._meta, "app_label", "") == "django_cache"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _is_cache(model):
            return "default"
        if _use_replica.get() and not _wrote.get() and replica_configured() and replica_usable():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        if not _is_cache(model):
            _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def _reads_from_replica(request, match):
    if request.method not in ("GET", "HEAD") or request.COOKIES.get(PIN_COOKIE):
        return False
    if request.GET.get("export"):
        return True
    names = settings.REPLICA_READ_VIEWS
    return bool(match) and (match.view_name in names or f"{match.namespace}:*" in names)


class PrimaryAfterWriteMiddleware:
    """Marks replica-eligible requests, and pins a browser that just wrote to the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica, wrote = _use_replica.set(False), _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() and replica_configured() and request.method not in ("GET", "HEAD"):
                response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                    samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
            return response
        finally:
            _use_replica.reset(replica)
            _wrote.reset(wrote)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_configured() and _reads_from_replica(request, request.resolver_match):
            _use_replica.set(True)
