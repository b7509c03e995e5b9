from django.core.management.base import BaseCommand

from maps import geometry


class Command(BaseCommand):
    help = "Rebuild the compact map files (static/maps/geo/build/) from the boundary GeoJSON."

    def handle(self, *args, **options):
        sizes = geometry.build()
        for name, size in sorted(sizes.items()):
            self.stdout.write(f"{name}\t{size}")
        self.stdout.write(self.style.SUCCESS(f"{len(sizes)} files, {sum(sizes.values())} bytes"))
