import re

from django.core.management.base import BaseCommand, CommandError

from reports import monthly, tasks


class Command(BaseCommand):
    requires_system_checks = []
    help = "Buat laporan bulanan pasal 42(d) (desa dan kabupaten) untuk bulan lalu, atau --month YYYY-MM."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="bulan laporan, mis. 2026-11 (bawaan: bulan lalu)")
        parser.add_argument("--enqueue", action="store_true",
                            help="masukkan ke antrean tugas latar (dijalankan oleh `manage.py db_worker`)")

    def handle(self, *args, **opts):
        if opts["month"]:
            m = re.fullmatch(r"(\d{4})-(\d{2})", opts["month"])
            if not m or not 1 <= int(m.group(2)) <= 12:
                raise CommandError("--month harus berbentuk YYYY-MM, mis. 2026-11.")
            year, month = int(m.group(1)), int(m.group(2))
        else:
            year, month = monthly.previous_month()
        if opts["enqueue"]:
            result = tasks.monthly_reports.enqueue(year, month)
            self.stdout.write(f"Tugas masuk antrean: {result.id}")
            return
        kept = monthly.generate(year, month)
        self.stdout.write(self.style.SUCCESS(f"Laporan {year}-{month:02d}: {len(kept)} berkas wilayah."))
