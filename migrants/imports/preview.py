"""The preview: a file checked row by row (nothing written), and the store that keeps it until the user
confirms it with "Simpan semua".

`PreviewStore` owns everything about a kept preview: its token, its encrypted file, who it belongs to, its
claim (so it is committed once) and its expiry. The token travels in the URL; the preview is bound to the user
who made it through its `PlacementImport` row (no Django session holds it), and it lapses after
MIGRANTS_IMPORT_PREVIEW_MAX_AGE_HOURS: refused by `claim`, removed by the daily job through `purge`.
"""

import datetime
import logging
import os
import pickle
import secrets
import stat
import time
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.backup import walk
from core.storage import private_storage
from people.models import normalise_name

from ..models import ImportStatus, PlacementImport
from . import changes
from .cleaning import Context, clean_row, existing_people, match_placements
from .columns import COLUMNS, HEADER_OF, REQUIRED, Row, header_key
from .reading import RowError, cell_text, century_rule, read_table
from .template import EXAMPLE_NAME, EXAMPLE_NIK

logger = logging.getLogger(__name__)


@dataclass
class Preview:
    errors: list = field(default_factory=list)  # (row, column, message)
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # cleaned rows: plain values, codes and pks (picklable)
    people_create: int = 0
    people_update: int = 0  # known people whose record changes
    placements_create: int = 0
    placements_update: int = 0  # known placements that change
    recruiters_create: list = field(default_factory=list)  # names of recruiters the commit will add
    total_rows: int = 0
    user_pk: int | None = None
    # Rows by what they do: a new person, a change to what is registered, or nothing (changes.mark_changes).
    people_unchanged: int = 0
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    two_digit_years: bool = False  # some date was typed with a two-digit year: the preview states the rule
    example_rows: tuple = ()  # row numbers of the template's example row, skipped
    readings: list = field(default_factory=list)  # how the first rows were read (changes.readings)

    @property
    def century_rule(self):
        return century_rule()

    @property
    def ok(self):
        return not self.errors and not self.file_errors and self.total_rows > 0


def validate(data: bytes, user, filename="", keep_rows=True) -> Preview:
    """Check every row of the file for `user`; write nothing. The counts say what a commit would do."""
    preview = Preview(user_pk=getattr(user, "pk", None))
    try:
        rows, header = read_table(data, filename)
    except RowError as exc:
        preview.file_errors.append(str(exc))
        return preview
    keys = [header_key(h) for h in header]
    missing = [HEADER_OF[key] for h, key, *_rest in COLUMNS if h in REQUIRED and key not in keys]
    if missing:
        preview.file_errors.append(_("Ini bukan templat impor Payung: kolom %(cols)s tidak ditemukan di baris "
                                     "pertama. Unduh templat lalu salin data ke sana.") % {"cols": ", ".join(missing)})
        return preview
    index = {key: (keys.index(key) if key in keys else None) for _h, key, *_rest in COLUMNS}
    ctx = Context(user, index)
    try:
        _validate_rows(rows, ctx, preview, keep_rows)
    except RowError as exc:
        preview.file_errors.append(str(exc))
        return preview
    preview.two_digit_years = ctx.two_digit_years
    if preview.total_rows == 0:
        preview.file_errors.append(_("Berkas tidak berisi data (hanya judul kolom)."))
    changes.resolve_ids(preview, user)
    _count(preview, ctx)
    preview.readings = changes.readings(preview)
    return preview


def _is_example(values, ctx):
    nik, name = ctx.index.get("nik"), ctx.index.get("name")
    return (nik is not None and name is not None and len(values) > max(nik, name)
            and cell_text(values[nik]) == EXAMPLE_NIK and cell_text(values[name]) == EXAMPLE_NAME)


def _validate_rows(rows, ctx, preview, keep_rows):
    seen = {}  # nik -> (row, (name_key, birth_date))
    refs = {}  # (nik, SISKOP2MI ID) -> row: the database holds one placement per pair
    for number, values in rows:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        if _is_example(values, ctx):
            preview.example_rows += (number,)
            continue
        preview.total_rows += 1
        row = clean_row(values, ctx, preview.errors, number)
        row["row"] = number
        if preview.total_rows <= changes.SHOWN_ROWS:
            row["read"] = changes.raw_cells(values, ctx.index)
        nik = row.get("nik")
        if nik:
            first = seen.get(nik)
            identity = (normalise_name(row.get("name") or ""), row.get("birth_date"))
            if first and first[1] != identity:
                preview.errors.append((number, HEADER_OF["nik"], _(
                    "NIK sama dengan baris %(r)s tetapi nama atau tanggal lahir berbeda. Satu NIK hanya untuk satu "
                    "warga.") % {"r": first[0]}))
            elif first and not row["has_placement"]:
                preview.errors.append((number, HEADER_OF["nik"], _("Baris ini mengulang warga di baris %(r)s.")
                                       % {"r": first[0]}))
            elif not first:
                seen[nik] = (number, identity)
            ref = row.get("national_id_ref") if row.get("has_placement") else ""
            if ref and (nik, ref) in refs:
                preview.errors.append((number, HEADER_OF["national_id_ref"], _(
                    "ID SISKOP2MI %(ref)s sudah dipakai baris %(r)s untuk warga yang sama: satu ID untuk satu "
                    "penempatan. Hapus baris yang berulang atau perbaiki ID-nya.") % {
                        "ref": ref, "r": refs[(nik, ref)]}))
            elif ref:
                refs[(nik, ref)] = number
        if keep_rows:
            preview.rows.append(Row(row))


def _count(preview, ctx):
    existing = existing_people(preview.rows)
    outside = {h for h, (_pk, village) in existing.items() if not ctx.in_scope(village)}
    for row in preview.rows:
        if row.get("nik_hash") in outside:
            preview.errors.append((row["row"], HEADER_OF["nik"], _(
                "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi petugas kabupaten.")))
    hashes = {r["nik_hash"] for r in preview.rows if r.get("nik_hash")}
    preview.people_create = len(hashes - existing.keys())
    matched = match_placements(preview.rows, existing)
    placement_rows = [r for r in preview.rows if r.get("has_placement")]
    preview.placements_create = sum(1 for r in placement_rows if not matched.get(r["row"]))
    known = ctx.recruiters({r["recruiter"] for r in preview.rows if r.get("recruiter")})
    changes.mark_changes(preview, existing, matched, known)
    new = {}
    for row in placement_rows:
        name = row.get("recruiter")
        if name and normalise_name(name) not in known:
            new.setdefault(normalise_name(name), name)
    preview.recruiters_create = sorted(new.values())


# --- The preview file --------------------------------------------------------------------------------

class PreviewExpired(Exception):
    """The kept preview is gone, lapsed, changed on disk, or not this user's."""


class ImportBusy(Exception):
    """The preview is being committed by another request, or was committed already (`batch.status`)."""

    def __init__(self, batch):
        super().__init__(f"import {batch.status}")
        self.batch = batch


def seal(preview: Preview) -> bytes:
    """The checked rows as kept privately, so the commit writes exactly what the user saw. Encrypted with the
    NIK key (they hold NIKs in the clear) and authenticated, so a copy of the disk or bucket reveals nothing and
    a changed file is refused."""
    from core.crypto import fernet

    # Compressed first: the token is a quarter of the size, and so is the memory encrypting it takes.
    return fernet().encrypt(zlib.compress(pickle.dumps(preview, protocol=pickle.HIGHEST_PROTOCOL), 1))


def unseal(sealed: bytes) -> Preview:
    """The preview `seal` made; refuses one that is changed or undecryptable."""
    from cryptography.fernet import InvalidToken

    from core.crypto import fernet

    try:
        payload = zlib.decompress(fernet().decrypt(sealed))
    except (InvalidToken, zlib.error):
        raise PreviewExpired()
    try:
        return pickle.loads(payload)  # written and authenticated by this server: not untrusted input
    except (ImportError, AttributeError, ValueError, TypeError, pickle.UnpicklingError):
        raise PreviewExpired()  # kept by an earlier version whose classes have moved: upload again


def save_preview(preview: Preview, path):
    """`seal` into a local file (benchmarks, tests); the store keeps previews in the private storage."""
    with open(path, "wb") as fh:
        fh.write(seal(preview))


def load_preview(path) -> Preview:
    """The preview saved by `save_preview`; refuses a file that is missing, changed or undecryptable."""
    try:
        with open(path, "rb") as fh:
            return unseal(fh.read())
    except OSError:
        raise PreviewExpired()


# --- The store ------------------------------------------------------------------------------------

class PreviewStore:
    """Kept previews: files `imports/<token>` in the private storage (core.storage: a local folder or a bucket
    every node shares), each with a `PlacementImport` row holding its user, counts, claim and result."""

    directory = "imports"

    @property
    def storage(self):
        return private_storage()

    @staticmethod
    def max_age_hours():
        return float(getattr(settings, "MIGRANTS_IMPORT_PREVIEW_MAX_AGE_HOURS", 24))

    @staticmethod
    def claim_seconds():
        """After how long a running commit counts as abandoned (its worker killed without a word) and may be
        claimed again. Above any request's life: gunicorn's --timeout (120 s, README) ends every request
        first."""
        return float(getattr(settings, "MIGRANTS_IMPORT_CLAIM_SECONDS", 600))

    def name(self, token):
        return f"{self.directory}/{token}"

    def path(self, token):
        """The local file of a kept preview (local storage only)."""
        return self.storage.path(self.name(token))

    def keep(self, preview: Preview, user, filename="") -> PlacementImport:
        """Save a checked preview for its commit: the rows in an encrypted file, the claim in the database."""
        token = secrets.token_hex(16)
        self.storage.save(self.name(token), ContentFile(seal(preview)))
        return PlacementImport.objects.create(
            token=token, user=user, filename=filename[:200], total_rows=preview.total_rows,
            people_create=preview.people_create, people_update=preview.people_update,
            placements_create=preview.placements_create, placements_update=preview.placements_update,
            recruiters_create=len(preview.recruiters_create))

    def find(self, token, user):
        """The user's kept import named by `token`, or None."""
        if not (isinstance(token, str) and token.isalnum() and len(token) <= 32):
            return None
        return PlacementImport.objects.filter(token=token, user_id=getattr(user, "pk", None)).first()

    def load(self, token) -> Preview:
        try:
            with self.storage.open(self.name(token), "rb") as fh:
                return unseal(fh.read())
        except (OSError, ValueError):  # missing (FileNotFoundError locally, OSError from a bucket)
            raise PreviewExpired()

    def lapsed(self, batch, now=None):
        """A preview not committed within the maximum age is gone, whether or not the daily job ran yet."""
        cutoff = (now or timezone.now()) - datetime.timedelta(hours=self.max_age_hours())
        return batch.status == ImportStatus.READY and batch.created_at < cutoff

    def claim(self, token, user):
        """Take the kept preview for one commit: (batch, claim id). One conditional UPDATE (ready → running,
        in autocommit so every other request sees it at once) decides who commits; whoever loses gets
        ImportBusy."""
        batch = self.find(token, user)
        now = timezone.now()
        if batch is None or self.lapsed(batch, now):
            raise PreviewExpired()
        claim = secrets.token_hex(16)
        abandoned = Q(status=ImportStatus.RUNNING,
                      claimed_at__lt=now - datetime.timedelta(seconds=self.claim_seconds()))
        won = PlacementImport.objects.filter(Q(status=ImportStatus.READY) | abandoned, pk=batch.pk).update(
            status=ImportStatus.RUNNING, claim=claim, claimed_at=now)
        batch.refresh_from_db()
        if not won:
            raise ImportBusy(batch)
        return batch, claim

    def release(self, batch, claim, reason=""):
        """Give a claimed preview back (ready) after a failed commit, so the user can press again; a no-op
        when the claim is no longer this one's."""
        try:
            PlacementImport.objects.filter(pk=batch.pk, claim=claim, status=ImportStatus.RUNNING).update(
                status=ImportStatus.READY, claim="", claimed_at=None, last_error=str(reason)[:300])
        except DatabaseError:
            # The database is gone (the usual reason the commit failed): the claim lapses after claim_seconds().
            logger.warning("import %s: claim not released (database unavailable)", batch.token)

    def finish(self, claim, preview):
        """Inside the commit's transaction: done with the rows, or nothing at all. A claim taken over
        meanwhile (this commit outlived claim_seconds()) rolls this commit back rather than write the rows
        twice."""
        batch, claim_id = claim
        done = PlacementImport.objects.filter(pk=batch.pk, claim=claim_id, status=ImportStatus.RUNNING).update(
            status=ImportStatus.DONE, finished_at=timezone.now(), last_error="", total_rows=preview.total_rows,
            people_create=preview.people_create, people_update=preview.people_update,
            placements_create=preview.placements_create, placements_update=preview.placements_update,
            recruiters_create=len(preview.recruiters_create))
        if not done:
            batch.refresh_from_db()
            raise ImportBusy(batch)

    def discard(self, token):
        """Remove a committed preview's file: the NIKs on disk go once written."""
        try:
            self.storage.delete(self.name(token))
        except OSError:
            pass  # purged meanwhile: the rows are written, the file was only needed until now

    def purge(self, max_age_hours=None, now=None):
        """Delete every regular file under the directory older than the maximum age, and the claims of the
        previews never committed; returns how many files went.

        Any name or extension counts (a preview may be stored as more than one file), in sub-directories
        too. Symbolic links are never followed or removed; directories are left in place."""
        storage = self.storage
        hours = self.max_age_hours() if max_age_hours is None else float(max_age_hours)
        cutoff = (now if now is not None else time.time()) - hours * 3600
        local = isinstance(storage, FileSystemStorage)
        removed = 0
        for name in list(walk(storage, self.directory)):
            try:
                if local and not stat.S_ISREG(os.lstat(storage.path(name)).st_mode):
                    continue
                if storage.get_modified_time(name).timestamp() >= cutoff:
                    continue
                storage.delete(name)
            except FileNotFoundError:
                continue  # confirmed (and so removed) by its user meanwhile
            removed += 1
        # Their claims go with them: a preview never committed is gone, a committed one keeps its result.
        PlacementImport.objects.filter(status=ImportStatus.READY, created_at__lt=datetime.datetime.fromtimestamp(
            cutoff, tz=datetime.UTC)).delete()
        return removed
