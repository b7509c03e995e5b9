from django.core.management.base import BaseCommand

from privacy import services
from privacy.tasks import privacy_daily


class Command(BaseCommand):
    help = ("Naikkan permintaan subjek data yang terlambat ke kabupaten. --enqueue: masukkan ke antrean tugas "
            "untuk `manage.py db_worker`.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean, jangan jalankan di sini.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            self.stdout.write(f"Diantrekan: {privacy_daily.enqueue().id}")
            return
        self.stdout.write(f"Permintaan terlambat dinaikkan: {services.escalate_late()}")
