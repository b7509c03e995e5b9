"""Every task runs unchanged on the database worker and on RQ (Redis); a worker killed mid-task loses nothing
and doubles nothing."""

import importlib
import inspect
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks.base import Task

from reports.models import RebuildRun, Rollup

from ..conftest import JATINOM
from .conftest import BACKENDS, database_url, needs_postgres, redis_url, wait_for

QUIET = {"stdout": open(os.devnull, "w")}

# Arguments for the tasks that take some. A task whose parameters are all record ids (`*_id`) gets 0, a record
# that does not exist: it must finish quietly, as when its record was deleted between enqueue and run. Any
# other new parameter needs an entry here (the test says which).
SAMPLE_ARGS = {
    "reports.tasks.refresh_village_rollups": (JATINOM,),
    "reports.tasks.refresh_area_rollups": ("35.05.10",),
}


def sample_args(path, task):
    required = [p.name for p in inspect.signature(task.func).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if path in SAMPLE_ARGS:
        return SAMPLE_ARGS[path]
    assert all(name.endswith("_id") for name in required), f"add sample arguments for {path} to SAMPLE_ARGS"
    return (0,) * len(required)


def every_task():
    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.tasks":
                continue
            raise
        for _name, value in vars(module).items():
            if isinstance(value, Task):
                found[value.module_path] = value
    return found


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", **QUIET)


def test_the_project_has_the_tasks_this_file_runs():
    assert {"cases.tasks.daily_digest", "migrants.tasks.daily_maintenance", "reports.tasks.rebuild_rollups",
            "reports.tasks.refresh_village_rollups"} <= set(every_task())


def test_every_task_runs_to_success_on_the_backend(task_backend, transactional_db, regions, make_placement):
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    results = {}
    for path, task in sorted(every_task().items()):
        results[path] = task.enqueue(*sample_args(path, task))
    run_worker()
    for path, result in results.items():
        result.refresh()
        assert (path, result.status) == (path, "SUCCESSFUL"), result.errors
        assert result.backend == "default"
    assert Rollup.objects.get(region_code="", indicator="departures", dimension="", year=2026, month=3).value == 1


def _start_worker(backend, worker_id):
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": BACKENDS[backend],
           "REDIS_URL": redis_url(), "TASK_RQ_WORKER_CLASS": "rq.Worker", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload", "--worker-id", worker_id],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _descendants(pid):
    """Every process below pid (from /proc): RQ's work horse runs in a session of its own (setsid)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_worker(worker):
    """SIGKILL the worker and everything it started, as systemd stops a unit's whole cgroup."""
    children = _descendants(worker.pid)
    os.killpg(worker.pid, signal.SIGKILL)
    for child in children:
        with suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)


def _status(result):
    result.refresh()
    return result.status


@needs_postgres
def test_worker_killed_mid_task_loses_nothing_and_doubles_nothing(task_backend, transactional_db, regions,
                                                                  make_placement, settings):
    """A real worker process is killed (SIGKILL, its whole process group) while the rollup rebuild runs; the
    recovery runs it again once and the figures are those of one rebuild."""
    from reports import tasks
    from reports.rollup import REBUILD_LOCK

    settings.RQ_QUEUES = {"default": {"URL": redis_url(), "DEFAULT_TIMEOUT": 600}}
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    # The placement queued its village's refresh (reports.freshness): run it first, so the worker below picks
    # up the rebuild and nothing else.
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", **QUIET)
    # The test holds the rebuild's advisory lock: the worker's rebuild starts, then waits inside the task.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
    result = tasks.rebuild_rollups.enqueue()
    worker = _start_worker(task_backend, "payung-worker-1")
    try:
        wait_for(lambda: _status(result) == "RUNNING", what="the worker to start the rebuild")
        wait_for(lambda: RebuildRun.objects.filter(finished_at__isnull=True).exists(), what="the rebuild's run row")
    finally:
        _kill_worker(worker)
        worker.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
    assert _status(result) == "RUNNING"  # what a killed worker leaves: nobody will finish it by itself
    assert RebuildRun.objects.filter(scope="full", finished_at__isnull=True).count() == 1  # it died inside

    if task_backend == "rq":
        from core.tasks_rq import recover_abandoned_jobs

        # Its entry expires when the dead worker's heartbeat would have been due (the job timeout + 60 s).
        assert recover_abandoned_jobs(timestamp=time.time() + 600 + 61) == 1
    else:
        call_command("recover_tasks", **QUIET)  # nothing yet: within its timeout it may still be running
        assert _status(result) == "RUNNING"
    # The next worker (the same id on the database backend, as systemd restarts it) runs it once more.
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "payung-worker-1",
                 **QUIET)
    assert _status(result) == "SUCCESSFUL"
    assert Rollup.objects.filter(region_code="", indicator="departures", dimension="", year=2026,
                                 month=3).get().value == 1
    runs = RebuildRun.objects.filter(scope="full").order_by("pk")
    # The killed attempt's run is closed as interrupted by the retry; the retry's own run finished cleanly.
    assert [(run.error.startswith("interrupted"), run.error == "", run.finished_at is not None) for run in runs] == [
        (True, False, True), (False, True, True)]
