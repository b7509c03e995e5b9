"""Backup and restore of everything Payung holds: the database, the uploaded private files, and a manifest.

Format, chosen per database (a comment required by the issue):
- PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --single-transaction --exit-on-error`. It is
  what a DBA expects, it is fast (COPY), it keeps sequences, triggers (the append-only audit log), indexes and
  constraints exactly, and a restore is one transaction. Django's dumpdata/loaddata was rejected: slow at a
  million rows, it loses sequence positions and the audit triggers, and it goes through model code.
  The dump and the manifest's row counts come from one exported snapshot (REPEATABLE READ), so a backup taken
  while people work still verifies.
- SQLite: the SQLite online backup API (`sqlite3.Connection.backup`): a consistent page copy of a live database
  (a plain file copy can catch a half-written WAL), restored with the same API into the empty target.
The private files are copied after the dump, so every file the dump refers to is in the backup. Files are
read and written through the storage API (local folder today, a bucket later). The encryption and hash keys
are NOT in a backup: they are kept separately (README), so a stolen backup does not reveal NIK/KK.

Layout of a backup folder: manifest.json (written last: a folder without it is incomplete), database.dump or
database.sqlite3, files/<storage>/<name>.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot proceed or does not verify; the message says what and why."""


# --- Files ----------------------------------------------------------------------------------------

def storages():
    """The storages holding uploads: the default one, and the private folder if it is elsewhere."""
    found = {"default": default_storage}
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if not (isinstance(default_storage, FileSystemStorage) and Path(default_storage.location).resolve() == private):
        found["private"] = FileSystemStorage(location=private)
    return found


def walk(storage, folder=""):
    """Every file name in a storage (an absent folder is empty)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def _copy_hashing(source, target):
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def file_sha256(path):
    with open(path, "rb") as handle:
        return _copy_hashing(handle, None)[0]


# --- Database -------------------------------------------------------------------------------------

def _pg_env():
    """libpq environment for pg_dump/pg_restore: the password never appears on a command line."""
    s = connection.settings_dict
    env = {**os.environ}
    _args, extra = connection.client.settings_to_cmd_args_env(s, [])
    env.update(extra or {})
    for key, value in (("PGHOST", s.get("HOST")), ("PGPORT", s.get("PORT")), ("PGUSER", s.get("USER")),
                       ("PGDATABASE", s.get("NAME"))):
        if value:
            env[key] = str(value)
    return env


def _run(args, env=None):
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"Program {args[0]} tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client) "
                          f"yang versinya sama dengan server.")
    if done.returncode != 0:
        raise BackupError(f"{args[0]} gagal (kode {done.returncode}): {done.stderr.strip()[-2000:]}")


def table_names():
    with connection.cursor() as cursor:
        return sorted(t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_"))


def _count_rows(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts():
    """Rows per table of the current database."""
    with connection.cursor() as cursor:
        return _count_rows(cursor, table_names(), connection.ops.quote_name)


def _dump_postgresql(target):
    """pg_dump and the row counts from one snapshot."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], env=_pg_env())
        counts = _count_rows(cursor, table_names(), connection.ops.quote_name)
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return counts


def _dump_sqlite(target):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        tables = [row[0] for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return _count_rows(cursor, tables, connection.ops.quote_name)
    finally:
        copy.close()


DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


# --- Backup ---------------------------------------------------------------------------------------

def backup(folder):
    """Write a complete backup into `folder` (absent or empty). Returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Folder {folder} tidak kosong. Pilih folder baru untuk cadangan.")
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Basis data {vendor} tidak didukung (hanya PostgreSQL dan SQLite).")
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / DUMP_NAMES[vendor]
    counts = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
    files = {}
    for key, storage in storages().items():
        files[key] = {}
        for name in walk(storage):
            target = folder / "files" / key / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(target, "wb") as out:
                sha, size = _copy_hashing(source, out)
            files[key][name] = {"sha256": sha, "size": size}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database": {"file": dump.name, "sha256": file_sha256(dump), "size": dump.stat().st_size},
        "tables": counts,
        "files": files,
        "keys": "not included: FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY and SECRET_KEY are backed up separately",
    }
    partial = folder / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    partial.rename(folder / MANIFEST)
    return manifest


# --- Restore --------------------------------------------------------------------------------------

def read_manifest(folder):
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{path} tidak ada: folder ini bukan cadangan Payung yang lengkap.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')} tidak dikenal (yang dikenal: {FORMAT}).")
    return manifest


def _check_backup_intact(folder, manifest):
    """Every byte of the backup as the manifest recorded it, before anything is written."""
    problems = []
    dump = folder / manifest["database"]["file"]
    if not dump.exists():
        problems.append(f"berkas basis data {dump.name} tidak ada")
    elif file_sha256(dump) != manifest["database"]["sha256"]:
        problems.append(f"berkas basis data {dump.name} rusak (SHA-256 berbeda)")
    for key, entries in manifest["files"].items():
        for name, entry in entries.items():
            path = folder / "files" / key / name
            if not path.exists():
                problems.append(f"berkas {key}/{name} tidak ada di cadangan")
            elif file_sha256(path) != entry["sha256"]:
                problems.append(f"berkas {key}/{name} di cadangan rusak (SHA-256 berbeda)")
    if problems:
        raise BackupError("Cadangan tidak utuh, pemulihan dibatalkan: " + "; ".join(problems) + ".")


def _check_target_empty(manifest):
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"Cadangan ini dari {manifest['vendor']}, basis data tujuan {connection.vendor}.")
    tables = table_names()
    if tables:
        raise BackupError(f"Basis data tujuan tidak kosong ({len(tables)} tabel, mis. {tables[0]}). Pulihkan hanya "
                          f"ke basis data baru yang kosong (createdb), tanpa `migrate`.")
    available = storages()
    for key in manifest["files"]:
        if key not in available:
            raise BackupError(f"Cadangan memuat berkas penyimpanan '{key}' yang tidak ada di konfigurasi ini: "
                              f"samakan PRIVATE_MEDIA_ROOT dan STORAGES dengan server asal.")
        first = next(walk(available[key]), None)
        if first is not None:
            raise BackupError(f"Folder berkas tujuan ({key}) tidak kosong (mis. {first}). Pulihkan ke folder "
                              f"PRIVATE_MEDIA_ROOT yang kosong.")


def _restore_database(folder, manifest):
    dump = folder / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        # --no-owner/--no-privileges: the objects belong to the role restoring them (the application's role,
        # as after `migrate`), whatever the roles of the source server were.
        _run(["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
              f"--dbname={connection.settings_dict['NAME']}", str(dump)], env=_pg_env())
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema from a fresh connection


def verify(manifest):
    """Compare the live database and storages with the manifest; returns the list of differences."""
    problems = []
    counts = row_counts()
    for table, expected in sorted(manifest["tables"].items()):
        actual = counts.get(table)
        if actual != expected:
            problems.append(f"tabel {table}: {actual if actual is not None else 'tidak ada'} baris, "
                            f"seharusnya {expected}")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"tabel {table} tidak ada di cadangan")
    available = storages()
    for key, entries in manifest["files"].items():
        storage = available[key]
        present = set(walk(storage))
        for name, entry in sorted(entries.items()):
            if name not in present:
                problems.append(f"berkas {key}/{name} tidak ada")
                continue
            with storage.open(name, "rb") as handle:
                sha, _size = _copy_hashing(handle, None)
            if sha != entry["sha256"]:
                problems.append(f"berkas {key}/{name}: SHA-256 berbeda")
        for name in sorted(present - set(entries)):
            problems.append(f"berkas {key}/{name} tidak ada di cadangan")
    return problems


def restore(folder):
    """Restore a backup into an empty database and empty file storage, then verify it. Returns the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _check_backup_intact(folder, manifest)
    _check_target_empty(manifest)
    _restore_database(folder, manifest)
    available = storages()
    for key, entries in manifest["files"].items():
        storage = available[key]
        for name in entries:
            with open(folder / "files" / key / name, "rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"Berkas {key}/{name} tersimpan sebagai {saved}: folder tujuan berubah selama "
                                  f"pemulihan.")
    problems = verify(manifest)
    if problems:
        raise BackupError("Hasil pemulihan TIDAK sesuai manifest: " + "; ".join(problems) + ".")
    return manifest


def remove_partial(folder):
    """Delete a backup folder this process created and could not finish."""
    shutil.rmtree(folder, ignore_errors=True)
