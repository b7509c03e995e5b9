"""`manage.py worker`: django_tasks_db's `db_worker` that first releases the tasks a dead worker left RUNNING.

With TASKS_BACKEND=rq it runs django-rq's `rqworker` on the configured queues instead (`--batch` becomes
`--burst`, `--worker-id` the start of its `--name`); RQ's own clean-up re-queues a dead worker's job (core.tasks_rq).

A separate name because `db_worker` itself cannot be overridden from here (django_tasks_db is listed before
`core` in INSTALLED_APPS, and the first app wins). Every option of `db_worker` applies.
"""

import os

from django_tasks_db.management.commands import db_worker

from core.tasks_rq import recover_abandoned_jobs, uses_rq
from core.taskwatch import recover_stale_tasks


class RecoveringWorker(db_worker.Worker):
    def run(self):
        requeued, failed = recover_stale_tasks(worker_id=self.worker_id)
        if requeued or failed:
            db_worker.logger.warning("Stale tasks at start: %d requeued, %d failed", requeued, failed)
        return super().run()


class Command(db_worker.Command):
    help = "Jalankan pekerja tugas latar (db_worker) sesudah memulihkan tugas yang ditinggal pekerja yang mati."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if uses_rq():
            # db_worker refuses a backend that is not its own; RQ's worker takes every queue anyway.
            for action in parser._actions:
                if action.dest == "backend_name":
                    action.type = str

    def handle(self, *args, **options):
        if uses_rq():
            return self.run_rq(options)
        # handle() builds the worker from the module-level name `Worker`.
        original = db_worker.Worker
        db_worker.Worker = RecoveringWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

    def run_rq(self, options):
        from django.conf import settings
        from django.core.management import call_command

        found = recover_abandoned_jobs()
        if found:
            db_worker.logger.warning("Abandoned RQ jobs at start: %d requeued or failed", found)
        # django-tasks-rq runs a task through its own Job class.
        rq_options = {"burst": options.get("batch", False), "with_scheduler": not options.get("batch", False),
                      "job_class": "django_tasks_rq.Job", "worker_class": settings.TASK_RQ_WORKER_CLASS}
        if options.get("worker_id"):
            # RQ refuses a name still registered by a dead worker (until its heartbeat key expires).
            rq_options["name"] = f"{options['worker_id']}.{os.getpid()}"
        return call_command("rqworker", *settings.RQ_QUEUES, **rq_options)
