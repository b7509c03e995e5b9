"""A task left RUNNING by a killed worker is put back in the queue once, then failed with its reason."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.taskwatch import StaleTaskError

QUIET = {"stdout": open("/dev/null", "w")}


def _left_running(result, *, minutes_ago, workers):
    """The row as a worker killed while running it leaves it."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=minutes_ago), worker_ids=workers)


@pytest.fixture
def digest_task(db):
    from cases import tasks

    return tasks.daily_digest.enqueue()


def test_task_running_past_its_timeout_is_requeued_and_then_run_by_the_worker(transactional_db, digest_task,
                                                                               settings):
    settings.TASK_STALE_AFTER_SECONDS = 30 * 60
    _left_running(digest_task, minutes_ago=31, workers=["killed-worker"])

    call_command("recover_tasks", **QUIET)
    row = DBTaskResult.objects.get(pk=digest_task.id)
    assert (row.status, row.started_at, row.worker_ids) == ("READY", None, ["killed-worker"])

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w2", **QUIET)
    digest_task.refresh()
    assert digest_task.status == "SUCCESSFUL"
    assert digest_task.worker_ids == ["killed-worker", "w2"]


def test_task_that_died_again_after_its_retry_is_marked_failed_with_the_reason(digest_task, settings):
    settings.TASK_STALE_AFTER_SECONDS = 30 * 60
    _left_running(digest_task, minutes_ago=45, workers=["killed-worker", "killed-again"])

    call_command("recover_tasks", **QUIET)
    digest_task.refresh()
    assert digest_task.status == "FAILED"
    assert digest_task.finished_at is not None
    [error] = digest_task.errors
    assert error.exception_class is StaleTaskError
    assert "longer than its timeout of 1800 s: its worker died" in error.traceback
    assert "Attempts: 2 (workers killed-worker, killed-again); not retried again" in error.traceback


def test_task_running_within_its_timeout_is_left_alone(digest_task, settings):
    settings.TASK_STALE_AFTER_SECONDS = 30 * 60
    _left_running(digest_task, minutes_ago=29, workers=["busy-worker"])
    call_command("recover_tasks", **QUIET)
    digest_task.refresh()
    assert digest_task.status == "RUNNING"


def test_per_task_timeout_overrides_the_default(digest_task, settings):
    settings.TASK_STALE_AFTER_SECONDS = 30 * 60
    settings.TASK_STALE_AFTER_SECONDS_BY_TASK = {"cases.tasks.daily_digest": 5 * 60}
    _left_running(digest_task, minutes_ago=6, workers=["killed-worker"])
    call_command("recover_tasks", **QUIET)
    digest_task.refresh()
    assert digest_task.status == "READY"


def test_worker_restarted_under_its_id_runs_its_own_interrupted_task_at_once(transactional_db, digest_task):
    _left_running(digest_task, minutes_ago=1, workers=["payung-worker-1"])

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "payung-worker-1",
                 **QUIET)
    digest_task.refresh()
    assert digest_task.status == "SUCCESSFUL"
    assert digest_task.worker_ids == ["payung-worker-1", "payung-worker-1"]
