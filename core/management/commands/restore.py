from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    # The target database is empty: the system checks (which may query it) run after the restore, not before.
    requires_system_checks = []
    requires_migrations_checks = False

    help = ("Pulihkan cadangan `manage.py backup` ke basis data dan folder berkas yang KOSONG, lalu periksa "
            "jumlah baris dan SHA-256 setiap berkas terhadap manifest.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder cadangan (berisi manifest.json)")

    def handle(self, *args, **opts):
        try:
            manifest = backup.restore(opts["folder"])
        except backup.BackupError as exc:
            raise CommandError(str(exc))
        files = sum(len(entries) for entries in manifest["files"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Pemulihan selesai dan sesuai manifest: {len(manifest['tables'])} tabel, "
            f"{sum(manifest['tables'].values())} baris, {files} berkas (cadangan {manifest['created_at']})."))
