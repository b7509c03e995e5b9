from django.core.management.base import BaseCommand

from cases import services
from cases.tasks import daily_digest


class Command(BaseCommand):
    help = ("Pengingat jatuh tempo dan ringkasan harian kasus. Default: langsung dijalankan (untuk cron, "
            "tanpa worker). --enqueue: dimasukkan ke antrean tugas untuk `manage.py db_worker`.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean, jangan jalankan di sini.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = daily_digest.enqueue()
            self.stdout.write(f"Diantrekan: {result.id}")
            return
        reminders, digests = services.run_daily()
        self.stdout.write(f"Pengingat terkirim: {reminders}; ringkasan terkirim: {digests}")
