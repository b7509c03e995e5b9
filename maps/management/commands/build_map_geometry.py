from django.core.management.base import BaseCommand, CommandError

from maps import geometry


class Command(BaseCommand):
    help = ("Rebuild the compact map files (static/maps/geo/build/) from the boundary GeoJSON: provinces and "
            "regencies from static/maps/geo/, districts and villages from the shared boundary folder.")

    def add_arguments(self, parser):
        parser.add_argument("--source", default=None,
                            help="Folder holding districts/ and villages/ (default: ../shared/geo beside the "
                                 "repository).")

    def handle(self, *args, source=None, **options):
        try:
            sizes = geometry.build(source=source)
        except geometry.SourceMissing as exc:
            raise CommandError(f"District/village boundaries not found ({exc}); pass --source DIR.") from exc
        per_layer = {}
        for name, size in sorted(sizes.items()):
            layer = name.split("/")[0] if "/" in name else name.split("-")[0].removesuffix(".json")
            count, total = per_layer.get(layer, (0, 0))
            per_layer[layer] = (count + 1, total + size)
        for layer, (count, total) in per_layer.items():
            self.stdout.write(f"{layer}\t{count} files\t{total} bytes")
        self.stdout.write(self.style.SUCCESS(f"{len(sizes)} files, {sum(sizes.values())} bytes"))
