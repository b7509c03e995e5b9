"""`manage.py backup` then `manage.py restore` into another, empty database and folder gives back everything:
every table's rows, every uploaded file byte for byte, letters that verify and NIKs that decrypt.

The restore runs as a separate process (as an operator would run it) against a second database: a file on
SQLite, a database created and dropped here on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUIET = {"stdout": open("/dev/null", "w")}

# What the restored side reports, computed in the restored process.
FACTS = """
import json
from django.test import Client
from core import backup
from people.models import Person
from village_services.models import Letter

tables = backup.row_counts()  # before the verifications below write their audit and throttle rows
client = Client(raise_request_exception=False)
letters = {}
for letter in Letter.objects.filter(status__in=("valid", "revoked")).order_by("number"):
    page = client.get(f"/layanan/verifikasi/{letter.verification_code}/")
    letters[letter.verification_code] = [page.status_code, letter.number in page.content.decode(), letter.body]
print(json.dumps({
    "tables": tables,
    "files": {key: {name: backup._copy_hashing(storage.open(name, "rb"), None)[0] for name in backup.walk(storage)}
              for key, storage in backup.storages().items()},
    "letters": letters,
    "niks": sorted(p.nik for p in Person.objects.all()),
}))
"""


@pytest.fixture
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def demo_with_attachment(transactional_db, regions, private_root, jatinom_operator):
    from cases import services as cases

    call_command("load_demo", **QUIET)
    case = cases.intake_case(jatinom_operator, village="35.05.10.2002", category="unpaid_wages",
                             worker_name="Sri Wahyuni", complainant_name="Sutrisno",
                             complainant_phone="081234567890", description="Gaji 4 bulan belum dibayar.")
    return cases.add_attachment(jatinom_operator, case, SimpleUploadedFile("surat kuasa.pdf", PDF))


@pytest.fixture
def target_database(tmp_path):
    """DATABASE_URL of a second, empty database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_restored"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    yield f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(database_url, files, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "PRIVATE_MEDIA_ROOT": str(files)}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _source_facts():
    from people.models import Person
    from village_services.models import Letter

    return {
        "tables": backup.row_counts(),
        "files": {key: {name: backup._copy_hashing(storage.open(name, "rb"), None)[0]
                        for name in backup.walk(storage)} for key, storage in backup.storages().items()},
        # Issued letters verify (drafts, checked and signed letters are not issued yet: issue 22.2).
        "letters": {letter.verification_code: [200, True, letter.body]
                    for letter in Letter.objects.filter(status__in=("valid", "revoked"))},
        "niks": sorted(p.nik for p in Person.objects.all()),
    }


def test_backup_of_the_demo_restores_into_an_empty_database_with_everything(
        demo_with_attachment, target_database, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder), **QUIET)
    source = _source_facts()
    assert len(source["letters"]) >= 1 and len(source["niks"]) >= 1
    # The attachment, besides the demo's generated monthly reports (reports.monthly), all in the private storage.
    assert source["files"]["default"][demo_with_attachment.file.name] == backup.file_sha256(
        demo_with_attachment.file.path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == source["tables"]

    restored_files = tmp_path / "restored-files"
    done = _manage(target_database, restored_files, "restore", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Pemulihan selesai dan sesuai manifest" in done.stdout

    facts = _manage(target_database, restored_files, "shell", "-c", FACTS)
    assert facts.returncode == 0, facts.stderr
    restored = json.loads(facts.stdout.strip().splitlines()[-1])
    assert restored["tables"] == source["tables"]
    assert restored["files"] == source["files"]
    assert restored["letters"] == source["letters"]
    assert restored["niks"] == source["niks"]

    # A second restore into the now filled database and folder is refused, naming the problem.
    again = _manage(target_database, restored_files, "restore", str(folder))
    assert again.returncode != 0
    assert "Basis data tujuan tidak kosong" in again.stderr


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, private_root, tmp_path):
    call_command("backup", str(tmp_path / "b"), **QUIET)
    with pytest.raises(CommandError, match="Basis data tujuan tidak kosong"):
        call_command("restore", str(tmp_path / "b"), **QUIET)


def test_restore_refuses_a_damaged_backup_before_writing_anything(transactional_db, private_root, tmp_path):
    private_root.mkdir(parents=True)
    (private_root / "scan.pdf").write_bytes(PDF)
    call_command("backup", str(tmp_path / "b"), **QUIET)
    (tmp_path / "b" / "files" / "default" / "scan.pdf").write_bytes(PDF + b"x")
    with pytest.raises(CommandError, match=r"Cadangan tidak utuh.*default/scan.pdf di cadangan rusak"):
        call_command("restore", str(tmp_path / "b"), **QUIET)


def test_backup_refuses_a_folder_that_is_not_empty(db, private_root, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("backup", str(tmp_path / "b"), **QUIET)
    assert (tmp_path / "b" / "old.txt").exists()
