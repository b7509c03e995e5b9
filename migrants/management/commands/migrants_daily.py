from django.core.management.base import BaseCommand

from migrants import maintenance
from migrants.tasks import daily_maintenance


class Command(BaseCommand):
    help = ("Perawatan harian data PMI: dokumen yang lewat masa berlaku ditandai kedaluwarsa, berkas pratinjau "
            "impor yang ditinggalkan dihapus. Default: langsung dijalankan (untuk cron, tanpa worker). --enqueue: "
            "dimasukkan ke antrean tugas untuk `manage.py db_worker`.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean, jangan jalankan di sini.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = daily_maintenance.enqueue()
            self.stdout.write(f"Diantrekan: {result.id}")
            return
        expired, purged = maintenance.run_daily()
        self.stdout.write(f"Dokumen kedaluwarsa: {expired}; berkas pratinjau impor dihapus: {purged}")
