from django.core.management.base import BaseCommand

from core.tasks_rq import recover_abandoned_jobs, uses_rq
from core.taskwatch import recover_stale_tasks


class Command(BaseCommand):
    # Run by cron beside the worker: it must not be stopped by a URL or API check of an unrelated app.
    requires_system_checks = []

    help = ("Kembalikan ke antrean tugas latar yang macet berstatus RUNNING lebih lama dari batas waktunya "
            "(pekerjanya mati); yang sudah sekali diulang ditandai gagal beserta alasannya.")

    def handle(self, *args, **opts):
        if uses_rq():
            # RQ's own clean-up: a job whose worker's heartbeat expired is queued again (retry) or failed.
            found = recover_abandoned_jobs()
            self.stdout.write(f"Tugas macet (RQ): {found} dimasukkan lagi ke antrean atau ditandai gagal.")
            return
        requeued, failed = recover_stale_tasks()
        self.stdout.write(f"Tugas macet: {requeued} dimasukkan lagi ke antrean, {failed} ditandai gagal.")
