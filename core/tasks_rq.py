"""Tasks on Redis: django-tasks-rq's backend, with RQ's retry for a job whose worker died.

TASKS_BACKEND=rq selects it (settings). A worker killed mid-job leaves the job in the queue's
StartedJobRegistry; RQ's registry clean-up (every worker runs it, and `manage.py recover_tasks`) finds it once
its heartbeat has expired and queues it again while it has retries left (settings.TASK_RQ_RETRIES), then
fails it. So the task is not lost; that its effect is not doubled is the task's own guarantee (every Payung
task is idempotent: keyed notifications, rollups rebuilt whole under an advisory lock, purges by age).
"""

import django_rq
from django.conf import settings
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
from rq import Retry
from rq.job import Callback, JobStatus
from rq.registry import StartedJobRegistry


class RQBackend(rq_backend.RQBackend):
    def enqueue(self, task, args, kwargs):
        # django-tasks-rq 0.12's enqueue, plus `retry` (it offers no hook for job options).
        self.validate_task(task)
        task_result = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
            last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs, backend=self.alias, errors=[],
            worker_ids=[])
        queue = _queue(task.queue_name)
        retries = settings.TASK_RQ_RETRIES
        job = queue.create_job(
            task.module_path, args=args, kwargs=kwargs, job_id=task_result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(rq_backend.failed_callback), on_success=Callback(rq_backend.success_callback),
            meta={"backend_name": self.alias}, retry=Retry(max=retries) if retries else None)
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


_QUEUES = {}


def _queue(name):
    """One RQ queue, with its Redis connection pool, per queue name and process: django_rq.get_queue makes a new
    Redis client (a new connection, and redis-py reads its own package metadata for it) on every call, about
    2 ms of CPU per enqueue (the public complaint submit enqueues on every post, issue 21.6)."""
    config = settings.RQ_QUEUES.get(name)
    key = (name, repr(config))
    queue = _QUEUES.get(key)
    if queue is None:
        queue = _QUEUES[key] = django_rq.get_queue(name, job_class=rq_backend.Job)
    return queue


def recover_abandoned_jobs(timestamp=None):
    """Queue again (or fail, retries spent) the jobs whose worker's heartbeat expired. Returns how many.

    timestamp: the cut-off (default now); a job's entry expires its timeout plus a minute after its last
    heartbeat, so a live worker's job is never taken."""
    count = 0
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name, job_class=rq_backend.Job)
        registry = StartedJobRegistry(queue=queue, job_class=rq_backend.Job)
        count += len(registry.get_expired_job_ids(timestamp))
        registry.cleanup(timestamp)
    return count


def uses_rq(alias="default"):
    """Whether the task backend `alias` is RQ (settings.TASKS_BACKEND=rq)."""
    from django_tasks import task_backends

    return isinstance(task_backends[alias], rq_backend.RQBackend)
