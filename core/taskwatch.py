"""Background tasks left RUNNING by a worker that died (kill -9, OOM, a host restart).

django_tasks_db marks a task RUNNING when a worker claims it and only the same worker ever finishes it, so a
killed worker's task stays RUNNING forever; the library offers no detection (0.12: `db_worker` and
`prune_db_task_results` only). Here a task RUNNING longer than its timeout is put back in the queue once;
if it dies again it is marked failed with the reason as its error, visible in the admin and to
`TaskResult.errors`. The attempt count is the library's own: each claim appends the worker's id to
`worker_ids`.

A timeout must exceed the task's longest honest run: a task still running when it passes would run twice
(the rollup rebuild tolerates that: it holds an advisory lock).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2


class StaleTaskError(Exception):
    """Recorded as the error of a task whose worker died twice while running it."""


def stale_after(task_path):
    seconds = getattr(settings, "TASK_STALE_AFTER_SECONDS_BY_TASK", {}).get(
        task_path, settings.TASK_STALE_AFTER_SECONDS)
    return timedelta(seconds=seconds)


def _release(row, now, reason):
    """Re-queue or fail one row, only if it is still the RUNNING attempt we looked at."""
    still = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
    if len(row.worker_ids) < MAX_ATTEMPTS:
        done = still.update(status=TaskResultStatus.READY, started_at=None, run_after=get_date_max())
        outcome = "requeued"
    else:
        done = still.update(
            status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
            exception_class_path=f"{StaleTaskError.__module__}.{StaleTaskError.__qualname__}",
            traceback=(f"{reason} Attempts: {len(row.worker_ids)} (workers {', '.join(row.worker_ids)}); "
                       f"not retried again. Run it anew once the cause (memory, time limit) is fixed."),
        )
        outcome = "failed"
    if done:
        logger.warning("Task %s (%s) %s: %s", row.pk, row.task_path, outcome, reason)
    return outcome if done else None


def recover_stale_tasks(now=None, worker_id=None):
    """Re-queue (first time) or fail (after a retry) the tasks whose worker died. Returns (requeued, failed).

    worker_id: a starting worker's id; a task still RUNNING under that id belongs to its dead predecessor
    (systemd restarts a worker with a fixed `--worker-id`) and is released without waiting for the timeout.
    """
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        # skip_locked: a worker that is saving the row right now is alive. RUNNING rows are few.
        for row in DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by("started_at"):
            limit = stale_after(row.task_path)
            if worker_id and row.worker_ids[-1:] == [worker_id]:
                reason = f"The worker {worker_id} restarted while running this task."
            elif row.started_at is None or now - row.started_at > limit:
                since = row.started_at.isoformat(timespec="seconds") if row.started_at else "?"
                reason = (f"RUNNING since {since}, longer than its timeout of {int(limit.total_seconds())} s: "
                          f"its worker died.")
            else:
                continue
            outcome = _release(row, now, reason)
            if outcome:
                counts[outcome] += 1
    return counts["requeued"], counts["failed"]
