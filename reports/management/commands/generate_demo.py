from django.core.management.base import BaseCommand, CommandError

from reports import rollup, synthetic

SCALES = {
    # people, cases, claims, programs (placements: 1.05 per person)
    # A decade of national placements: about 5 M placements, 500 k cases.
    "decade": (4_762_000, 500_000, 500_000, 500_000),
    # Sizes between, for fitting how the rebuild and the pages grow with the data.
    "double": (2_000_000, 200_000, 200_000, 200_000),
    "national": (1_000_000, 100_000, 100_000, 100_000),
    "quarter": (238_000, 24_000, 24_000, 24_000),
    "small": (20_000, 2_000, 2_000, 2_000),
}


class Command(BaseCommand):
    # A batch job: it must not be stopped by a URL or API check of an unrelated app.
    requires_system_checks = []

    help = ("Buat data sintetis berskala nasional untuk uji beban: warga, penempatan, kasus, rujukan, klaim, "
            "program dan peserta di seluruh desa (PostgreSQL: COPY).")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-rollups", action="store_true", help="jangan hitung rekap sesudahnya")
        parser.add_argument("--force", action="store_true", help="tambahkan meski sudah ada data penempatan")

    def handle(self, *args, **opts):
        from migrants.models import Placement

        if Placement.objects.exists() and not opts["force"]:
            raise CommandError("Sudah ada data penempatan di basis data ini; data sintetis hanya untuk basis data "
                               "uji yang kosong (pakai --force bila memang ingin menambah).")
        people, cases, claims, programs = SCALES[opts["scale"]]
        try:
            synthetic.generate(self.stdout, people=people, cases=cases, claims=claims, programs=programs,
                               seed=opts["seed"])
        except ValueError as exc:
            raise CommandError(str(exc))
        if not opts["no_rollups"]:
            run = rollup.rebuild_all()
            self.stdout.write(f"Rekap: {run.rows:,} baris dalam {run.seconds:.1f} s")
