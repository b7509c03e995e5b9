from django.core.management.base import BaseCommand

from lawbook import loader


class Command(BaseCommand):
    help = ("Muat berkas aturan bawaan Payung (lawbook/data/*.json). Aturan baru ditambahkan; aturan yang sudah "
            "diubah di layar dasar hukum tidak pernah ditimpa. Juga dijalankan oleh `migrate`.")

    def handle(self, *args, **options):
        counts = loader.load_shipped()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
