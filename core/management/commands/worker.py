"""`manage.py worker`: django_tasks_db's `db_worker` that first releases the tasks a dead worker left RUNNING.

A separate name because `db_worker` itself cannot be overridden from here (django_tasks_db is listed before
`core` in INSTALLED_APPS, and the first app wins). Every option of `db_worker` applies.
"""

from django_tasks_db.management.commands import db_worker

from core.taskwatch import recover_stale_tasks


class RecoveringWorker(db_worker.Worker):
    def run(self):
        requeued, failed = recover_stale_tasks(worker_id=self.worker_id)
        if requeued or failed:
            db_worker.logger.warning("Stale tasks at start: %d requeued, %d failed", requeued, failed)
        return super().run()


class Command(db_worker.Command):
    help = "Jalankan pekerja tugas latar (db_worker) sesudah memulihkan tugas yang ditinggal pekerja yang mati."

    def handle(self, *args, **options):
        # handle() builds the worker from the module-level name `Worker`.
        original = db_worker.Worker
        db_worker.Worker = RecoveringWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
