from django.core.management.base import BaseCommand

from privacy import services
from privacy.tasks import privacy_retention


class Command(BaseCommand):
    help = ("Jadwal retensi: hapus (crypto-shredding) data warga yang melewati masa simpan. Default uji coba "
            "(laporan saja); --apply untuk menghapus. --enqueue: masukkan ke antrean tugas.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Benar-benar menghapus (setelah uji coba).")
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean, jangan jalankan di sini.")

    def handle(self, *args, **options):
        dry_run = not options["apply"]
        if options["enqueue"]:
            self.stdout.write(f"Diantrekan: {privacy_retention.enqueue(dry_run=dry_run).id}")
            return
        report = services.run_retention(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        for person_id, reasons in sorted(report.held.items()):
            self.stdout.write(f"  ditahan #{person_id}: {'; '.join(reasons)}")
