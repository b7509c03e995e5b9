from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    # Must run even when an unrelated check fails: a backup is what one takes before fixing things.
    requires_system_checks = []

    help = ("Cadangkan basis data, berkas pribadi (PRIVATE_MEDIA_ROOT) dan manifest (jumlah baris per tabel, "
            "SHA-256 per berkas) ke folder baru. Kunci enkripsi TIDAK ikut: simpan terpisah.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder tujuan, belum ada atau kosong")

    def handle(self, *args, **opts):
        folder = Path(opts["folder"])
        created = not folder.exists()
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as exc:
            if created:
                backup.remove_partial(folder)
            raise CommandError(str(exc))
        except BaseException:
            if created:
                backup.remove_partial(folder)
            raise
        files = sum(len(entries) for entries in manifest["files"].values())
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan selesai di {folder}: {len(manifest['tables'])} tabel, {rows} baris, {files} berkas. "
            f"Simpan kunci FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY dan SECRET_KEY terpisah dari cadangan ini."))
