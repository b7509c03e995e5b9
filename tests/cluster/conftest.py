"""Fixtures for the several-machines tests: the task backend (database or RQ on Redis), the test database's URL
for processes started by a test, a moto S3 server."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.reports.conftest import make_placement  # noqa: F401  (a fixture used here too)

BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "core.tasks_rq.RQBackend"}
REDIS = "127.0.0.1", 6379

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (a second process "
                                    "or a replica reads the test database)")


def redis_db():
    """A Redis database of its own for each pytest-xdist worker (SQLite runs db 10, 11; PostgreSQL runs 12, 13), so
    parallel workers, and a SQLite and a PostgreSQL suite run side by side, never flush each other's jobs."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return (10 + (2 if connection.vendor == "postgresql" else 0) + worker) % 16


def redis_url():
    return f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db()}"


def redis_running():
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=list(BACKENDS))
def task_backend(request, settings):
    """Every task test runs once on the database worker and once on RQ (Redis; .ci/run starts it)."""
    name = request.param
    settings.TASKS = {"default": {"BACKEND": BACKENDS[name]}}
    if name == "rq":
        if not redis_running():
            pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        import redis

        settings.RQ_QUEUES = {"default": {"URL": redis_url(), "DEFAULT_TIMEOUT": 600}}
        # In the test process: the test database (SQLite in memory) is this process's; RQ's default worker
        # forks a child per job.
        settings.TASK_RQ_WORKER_CLASS = "rq.worker.SimpleWorker"
        redis.Redis.from_url(redis_url()).flushdb()
    return name


def database_url():
    """The test database, for a process the test starts (PostgreSQL only)."""
    params = connection.settings_dict
    return f"postgres://{params['USER'] or 'postgres'}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/" \
           f"{params['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=60, what="condition"):
    """Wait for an event another process causes (not a duration: the timeout only bounds a hang)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="session")
def moto_server():
    """moto's standalone S3-compatible server on a free port; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _accepts(port), timeout=60, what="moto server")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
