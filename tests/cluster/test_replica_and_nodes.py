"""Reads from a real streaming replica (bench/replica.py: pg_basebackup -R of this machine's server), the
fallback to the primary, and two live web nodes sharing sign-ins (PostgreSQL only)."""

import importlib.util
import logging
import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core import dbrouter, throttle

from .conftest import database_url, free_port, needs_postgres, redis_url, wait_for

pytestmark = needs_postgres
# The replica is a database of these tests (Django refuses queries to any other); a mirror, never flushed.
with_replica = pytest.mark.django_db(transaction=True, databases=["default", dbrouter.REPLICA])


def _bench_replica():
    spec = importlib.util.spec_from_file_location("bench_replica", settings.BASE_DIR / "bench" / "replica.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def replica_port(django_db_setup, django_db_blocker):
    """A streaming replica of the server holding the test database, as the alias "replica" (removed after)."""
    bench = _bench_replica()
    port = free_port()
    bench.start(port)
    connections.settings[dbrouter.REPLICA] = {
        **connection.settings_dict, "PORT": port, "TEST": {**connection.settings_dict["TEST"], "MIRROR": "default"}}
    try:
        yield port
    finally:
        connections[dbrouter.REPLICA].close()
        del connections.settings[dbrouter.REPLICA]
        bench.stop(port)


def _point_replica_at(port):
    connections[dbrouter.REPLICA].close()
    connections[dbrouter.REPLICA].settings_dict["PORT"] = port
    dbrouter.health.reset()


@pytest.fixture
def replica(replica_port, settings):
    # Only these tests read from the replica: the alias outlives them in this worker, the switch does not.
    settings.REPLICA_READS = True
    _point_replica_at(replica_port)
    yield connections[dbrouter.REPLICA]
    _point_replica_at(replica_port)


def _replayed():
    _bench_replica().wait_replayed(int(connections[dbrouter.REPLICA].settings_dict["PORT"]))


@with_replica
def test_dashboard_reads_come_from_the_replica_and_a_write_pins_the_request_to_the_primary(replica, national_officer,
                                                                                           client_for):
    _replayed()  # the officer, written on the primary, is on the replica now
    with dbrouter.replica_reads():
        assert User.objects.all().db == "replica"
        with connections[dbrouter.REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            assert cursor.fetchone() == (True,)
        officer = User.objects.get(username=national_officer.username)
        officer.save()  # a write ...
        assert User.objects.all().db == "default"  # ... and this block reads its own writes from the primary

    client = client_for(national_officer)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/laporan/dasbor/").status_code == 200
    assert any("reports_rollup" in query["sql"] for query in on_replica.captured_queries)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/").status_code == 200  # not a report: the primary
    assert on_replica.captured_queries == []


@with_replica
def test_a_browser_that_just_wrote_reads_from_the_primary_for_a_few_seconds(replica, national_officer, client_for):
    client = client_for(national_officer)
    response = client.post("/akun/keluar/")  # any POST that writes (the session goes)
    assert response.cookies[dbrouter.PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    client.force_login(national_officer)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/laporan/dasbor/").status_code == 200
    assert on_replica.captured_queries == []


@with_replica
def test_a_lagging_replica_is_skipped_with_a_log_line(replica, national_officer, client_for, settings, caplog):
    settings.REPLICA_MAX_LAG_SECONDS = 0
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        throttle.hit("cluster-test", "lag", limit=5, window=60)  # a write the paused replica receives, unreplayed

        def received_not_replayed():
            with replica.cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")
                return cursor.fetchone()[0]

        wait_for(received_not_replayed, what="the replica to receive the write")
        with caplog.at_level(logging.WARNING, logger="core.dbrouter"), CaptureQueriesContext(replica) as seen:
            assert client_for(national_officer).get("/laporan/dasbor/").status_code == 200
        assert [query["sql"].split()[0] for query in seen.captured_queries] == ["SELECT"]  # the lag check only
        [line] = [r.getMessage() for r in caplog.records if r.name == "core.dbrouter"]
        assert line.startswith("Replica ") and line.endswith("(limit 0 s): reading from the primary")
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@with_replica
def test_a_replica_that_does_not_answer_is_skipped_with_a_log_line(replica, national_officer, client_for, caplog):
    _point_replica_at(free_port())  # nothing listens there (the fixture points it back afterwards)
    with caplog.at_level(logging.WARNING, logger="core.dbrouter"):
        assert client_for(national_officer).get("/laporan/dasbor/").status_code == 200
    [line] = [r.getMessage() for r in caplog.records if r.name == "core.dbrouter"]
    assert line.startswith("Replica unavailable (") and line.endswith("): reading from the primary")


@pytest.fixture
def two_nodes(transactional_db):
    """Two gunicorn nodes on the test database sharing Redis for cache and sessions, as behind one proxy."""
    env = {**os.environ, "DATABASE_URL": database_url(), "CACHE_BACKEND": "redis", "REDIS_URL": redis_url(),
           "SECURE_COOKIES": "false", "ALLOWED_HOSTS": "127.0.0.1"}
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "payung.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in ports:
            wait_for(lambda port=port: _answers(port), timeout=120, what=f"node on {port}")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def _answers(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/akun/masuk/", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_a_sign_in_on_node_a_holds_on_node_b(two_nodes, national_officer):
    from tests.factories import PASSWORD

    node_a, node_b = two_nodes
    browser = requests.Session()
    browser.get(f"{node_a}/akun/masuk/", timeout=30)
    signed = browser.post(f"{node_a}/akun/masuk/", data={
        "username": national_officer.username, "password": PASSWORD,
        "csrfmiddlewaretoken": browser.cookies["csrftoken"]}, headers={"Referer": f"{node_a}/akun/masuk/"},
        timeout=30, allow_redirects=False)
    assert signed.status_code == 302
    assert browser.get(f"{node_b}/", timeout=30, allow_redirects=False).status_code == 200
    assert requests.get(f"{node_b}/", timeout=30, allow_redirects=False).status_code == 302  # no cookie: out


def test_a_role_taken_away_through_one_process_counts_on_both_nodes_at_once(two_nodes, national_officer, settings):
    """The signed-in user and their roles are kept in the shared cache (accounts.usercache): a change made by any
    process that shares it (here the test's, as a third node) is seen by the next request on every node."""
    from tests.factories import PASSWORD

    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": redis_url()}}
    node_a, node_b = two_nodes
    browser = requests.Session()
    browser.get(f"{node_a}/akun/masuk/", timeout=30)
    browser.post(f"{node_a}/akun/masuk/", data={
        "username": national_officer.username, "password": PASSWORD,
        "csrfmiddlewaretoken": browser.cookies["csrftoken"]}, headers={"Referer": f"{node_a}/akun/masuk/"},
        timeout=30, allow_redirects=False)
    for node in (node_a, node_b):
        assert browser.get(f"{node}/laporan/dasbor/", timeout=30).status_code == 200
    membership = national_officer.memberships.get()
    membership.is_active = False
    membership.save()
    for node in (node_a, node_b):
        assert browser.get(f"{node}/laporan/dasbor/", timeout=30, allow_redirects=False).status_code == 404
