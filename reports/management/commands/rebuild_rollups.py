from django.core.management.base import BaseCommand, CommandError

from regions.models import Level, Region
from reports import rollup, tasks


class Command(BaseCommand):
    # A batch job: it must not be stopped by a URL or API check of an unrelated app.
    requires_system_checks = []

    help = "Hitung ulang rekap indikator (seluruh wilayah, atau satu desa dengan --village)."

    def add_arguments(self, parser):
        parser.add_argument("--village", help="kode desa, mis. 35.05.10.2002: hitung ulang desa itu saja")
        parser.add_argument("--enqueue", action="store_true",
                            help="masukkan ke antrean tugas latar (dijalankan oleh `manage.py db_worker`)")

    def handle(self, *args, **opts):
        code = opts["village"]
        if code and not Region.objects.filter(code=code, level=Level.VILLAGE).exists():
            raise CommandError(f"Kode desa '{code}' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002.")
        if opts["enqueue"]:
            result = (tasks.refresh_village_rollups.enqueue(code) if code else tasks.rebuild_rollups.enqueue())
            self.stdout.write(f"Tugas masuk antrean: {result.id}")
            return
        run = rollup.refresh_village(code) if code else rollup.rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"Rekap diperbarui: {run.rows} baris dalam {run.seconds:.2f} detik."))
