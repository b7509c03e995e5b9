"""Figures never stale: every write to a record an indicator counts queues a refresh of its village.

Saves and deletes through the ORM (post_save, post_delete) and bulk writes through `core.bulk` (its
`rows_written` signal) name the villages they touched; once the transaction commits, each village gets one
`refresh_village_rollups` task on the background worker, unless one for it is already waiting (a burst of
edits in one village, or an import of a thousand rows of it, is one refresh).

A record moved to another village (rare: a correction of the village) refreshes the new village; the old one
catches up at the nightly full rebuild or when an officer asks for a refresh of the area.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .registry import active_indicators

TASK_PATH = "reports.tasks.refresh_village_rollups"
# Tasks queued through enqueue_once (their start removes the "queued" marker).
MARKED_TASKS = frozenset({TASK_PATH, "reports.tasks.refresh_area_rollups"})


def _watched():
    """{model: [village path, ...]} for every installed model an indicator counts."""
    watched = {}
    for ind in active_indicators():
        paths = watched.setdefault(ind.get_model(), [])
        if ind.village_path not in paths:
            paths.append(ind.village_path)
    return watched


def _village_of(instance, path):
    """Follow `case__village_id` through the instance's attributes (a deleted row still has them)."""
    obj = instance
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def queue_village_refresh(codes):
    """Enqueue one refresh per village after the current transaction commits (skipped if it rolls back)."""
    codes = sorted({c for c in codes if c})
    if codes:
        transaction.on_commit(lambda: _enqueue(codes))


def waiting(task, code):
    """Whether `task` for `code` is already queued and not yet started (database backend only; another
    backend keeps no queue we can read, and a second refresh is merely redundant)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(status="READY", task_path=task.module_path,
                                      args_kwargs={"args": [code], "kwargs": {}}).exists()


# How long a queued refresh's marker keeps a village from being queued again (another backend than the database:
# RQ in a cluster). The task's start removes it (task_started below); this is only the limit when a job is lost.
MARKER_SECONDS = 600


def _marker(task, code):
    return f"payung:queued:{task.module_path}:{code}"


def _uses_database_queue(task):
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_once(task, code):
    """Enqueue `task(code)` unless the same is already waiting; True when queued now.

    The database backend's queue is read itself (`waiting`). Another backend (RQ) keeps no queue we can read:
    a marker in the shared cache (Redis in a cluster) says a refresh of the village is queued and not yet
    started; one atomic cache.add sets it here, and the task's start removes it (`_on_task_started`), before
    the task reads anything, so a write committed after that start queues a new refresh. A burst of public
    complaints in one village is then one refresh, not one RQ job per complaint (issue 21.6)."""
    if _uses_database_queue(task):
        if waiting(task, code):
            return False
        task.enqueue(code)
        return True
    from django.core.cache import cache

    marker = _marker(task, code)
    if not cache.add(marker, 1, timeout=MARKER_SECONDS):
        return False
    try:
        task.enqueue(code)
    except Exception:
        cache.delete(marker)
        raise
    return True


def _on_task_started(sender, task_result, **kwargs):
    """A refresh queued through enqueue_once is starting: the next write of its village queues another."""
    if task_result.task.module_path not in MARKED_TASKS or _uses_database_queue(task_result.task):
        return
    args = list(task_result.args or ())
    if args:
        from django.core.cache import cache

        cache.delete(_marker(task_result.task, args[0]))


def _enqueue(codes):
    from .tasks import refresh_village_rollups

    for code in codes:
        enqueue_once(refresh_village_rollups, code)


def queued_villages(code):
    """Village codes in a region (a village itself; "" the nation) whose refresh waits in the queue."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .tasks import refresh_village_rollups

    if not isinstance(refresh_village_rollups.get_backend(), DatabaseBackend):
        return []
    rows = DBTaskResult.objects.filter(status="READY", task_path=TASK_PATH).values_list("args_kwargs", flat=True)
    codes = {r["args"][0] for r in rows if r.get("args")}
    return sorted(c for c in codes if c == code or c.startswith(code + ".") or code == "")


# --- Signal receivers ------------------------------------------------------------------------------

_PATHS = {}


def _on_save_or_delete(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    queue_village_refresh(_village_of(instance, path) for path in _PATHS.get(sender, ()))


def _on_bulk(sender, pks, **kwargs):
    paths = _PATHS.get(sender)
    if not paths or not pks:
        return
    codes = set()
    for path in paths:
        codes.update(sender._base_manager.filter(pk__in=list(pks)).values_list(path, flat=True).distinct())
    queue_village_refresh(codes)


def connect():
    """Called once from ReportsConfig.ready()."""
    from django_tasks.signals import task_started

    from core.bulk import rows_written

    task_started.connect(_on_task_started, dispatch_uid="reports.freshness.started")
    _PATHS.update(_watched())
    for model in _PATHS:
        uid = f"reports.freshness.{model._meta.label}"
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + ".delete")
    rows_written.connect(_on_bulk, dispatch_uid="reports.freshness.bulk")
