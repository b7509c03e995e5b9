"""Importing OpenSID's resident workbook (Impor/Ekspor Penduduk, or a CSV of it) through Payung's importer.

Each OpenSID row is translated into a row of Payung's own template (codes to Payung's values) and then cleaned,
previewed, kept and committed exactly like Payung's import (`cleaning.clean_row`, `PreviewStore`, `commit`).
What OpenSID adds: rows that cannot be residents here are *skipped* with their reason instead of refusing the
file (NIK `0` or malformed, `status_dasar` not living, a village outside the user's, a NIK repeated further
down: OpenSID keeps the later row), a blank cell keeps the stored value (OpenSID's own rule: an import never
clears), and residents OpenSID marks as migrant workers are offered for a placement.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.formatting import mask_nik
from people.models import Person, digits_hash

from . import changes
from . import opensid_codes as codes
from .cleaning import Context, clean_row, existing_people, import_checker, parse_nik_cell
from .columns import COLUMNS as PAYUNG_COLUMNS
from .columns import HEADER_OF, PERSON_KEYS, Row
from .preview import Preview
from .reading import RowError, cell_text, parse_date, read_table

ACCEPTED = set(codes.COLUMNS) | set(codes.EXTRA_COLUMNS)
PAYUNG_INDEX = {key: i for i, (_h, key, *_rest) in enumerate(PAYUNG_COLUMNS)}
# Compared without case: OpenSID keeps names and places in capitals, Payung as typed.
CASELESS = ("name", "birth_place", "dusun", "address")


@dataclass
class OpenSIDPreview(Preview):
    skipped: list = field(default_factory=list)  # (row, column, reason): not imported, the rest may be
    people_unchanged: int = 0
    candidates: list = field(default_factory=list)  # residents OpenSID marks as migrant workers

    @property
    def ok(self):
        return not self.errors and not self.file_errors and bool(self.rows)


def _fail(preview, message):
    preview.file_errors.append(message)
    return preview


def validate_opensid(data: bytes, user, village=None, filename="") -> OpenSIDPreview:
    """Check an OpenSID resident file for `user` (rows without a village column belong to `village`, a code);
    nothing is written. The counts say what a commit would do."""
    preview = OpenSIDPreview(user_pk=getattr(user, "pk", None))
    try:
        rows, header = read_table(data, filename)
    except RowError as exc:
        return _fail(preview, str(exc))
    unknown = [h for h in header if h and h not in ACCEPTED]
    if unknown:
        return _fail(preview, _("Kolom %(cols)s bukan kolom impor penduduk OpenSID. Gunakan berkas hasil Ekspor "
                                "Penduduk OpenSID atau templat impornya.") % {"cols": ", ".join(unknown)})
    if "nik" not in header:
        return _fail(preview, _("Kolom nik tidak ditemukan di baris pertama: ini bukan berkas penduduk OpenSID."))
    position = {name: i for i, name in enumerate(header) if name}
    raw = []
    try:
        for number, values in rows:
            if len(values) > 1 and cell_text(values[1]) == "###":
                break  # OpenSID's end-of-data marker; its instructions follow
            if not any(v not in (None, "") and str(v).strip() for v in values):
                continue
            raw.append((number, {name: (values[i] if i < len(values) else None) for name, i in position.items()}))
    except RowError as exc:
        return _fail(preview, str(exc))
    preview.total_rows = len(raw)
    if not raw:
        return _fail(preview, _("Berkas tidak berisi data (hanya judul kolom)."))
    kept = _skip_rows(raw, user, village, preview)
    _translate(kept, user, preview)
    preview.rows_new, preview.rows_unchanged = preview.people_create, preview.people_unchanged
    preview.rows_changed, preview.two_digit_years = preview.people_update, False
    preview.readings = changes.readings(preview)
    return preview


def _skip_rows(raw, user, village, preview):
    """The rows that may become residents: [(number, cells, nik, village)]; the others go to `skipped`."""
    in_scope = import_checker(user)
    known_villages = {}
    kept, last_of = [], {}
    for number, cells in raw:
        text = cell_text(cells.get("nik"), 40)
        if text.strip("'") in ("", "0"):
            preview.skipped.append((number, "nik", _("NIK 0 atau kosong (warga tanpa NIK): tidak diimpor. Catat "
                                                     "NIK-nya di OpenSID lalu ekspor ulang.")))
            continue
        try:
            nik = parse_nik_cell(cells.get("nik") if not isinstance(cells.get("nik"), str) else text.strip("'"))
        except RowError as exc:
            preview.skipped.append((number, "nik", _("NIK tidak sah, baris dilewati: %(why)s") % {"why": exc}))
            continue
        try:
            status = codes.code_of("status_dasar", cells.get("status_dasar"))
        except codes.UnknownCode as exc:
            preview.errors.append((number, "status_dasar", _unknown("status_dasar", exc)))
            continue
        if status not in (None, codes.LIVING):
            preview.skipped.append((number, "status_dasar", _(
                "Status dasar %(s)s: hanya warga yang masih hidup dan tinggal di desa yang diimpor.")
                % {"s": codes.STATUS_DASAR[status]}))
            continue
        code = cell_text(cells.get("kode_desa") or cells.get("desa_id"), 20) or (village or "")
        if code not in known_villages:
            known_villages[code] = bool(code) and _is_village(code) and in_scope(code)
        if not known_villages[code]:
            preview.skipped.append((number, "kode_desa", _("Desa %(c)s di luar wilayah kerja Anda (atau bukan kode "
                                                           "desa): baris dilewati.") % {"c": code or "-"}))
            continue
        last_of[nik] = number
        kept.append((number, cells, nik, code))
    result = []
    for number, cells, nik, code in kept:
        if last_of[nik] != number:
            preview.skipped.append((number, "nik", _("NIK sama dengan baris %(r)s: baris terakhir yang dipakai, "
                                                     "seperti di OpenSID.") % {"r": last_of[nik]}))
            continue
        result.append((number, cells, nik, code))
    return result


def _is_village(code):
    from regions.models import Region

    return Region.objects.filter(code=code, level=4).exists()


def _unknown(column, exc):
    return _("'%(v)s' bukan kode atau nama yang dikenal untuk kolom %(col)s. Gunakan kode dari lembar Kode Data "
             "OpenSID.") % {"v": exc, "col": column}


def _translate(kept, user, preview):
    """OpenSID rows to Payung rows, cleaned by Payung's cleaners; counted as new, changed or unchanged."""
    hashed = [{"nik_hash": digits_hash(nik)} for _n, _c, nik, _v in kept]
    existing = existing_people(hashed)
    in_scope = import_checker(user)
    stored = {p.nik_hash: p for p in Person.objects.filter(pk__in=[pk for pk, _v in existing.values()])}
    ctx = Context(user, PAYUNG_INDEX)
    for (number, cells, nik, village), key in zip(kept, hashed, strict=True):
        person = stored.get(key["nik_hash"])
        if person is not None and not in_scope(person.village_id):
            preview.skipped.append((number, "nik", _("NIK ini terdaftar di desa di luar wilayah kerja Anda: baris "
                                                     "dilewati. Hubungi petugas kabupaten.")))
            continue
        coded, errors = _codes(cells, number)
        if errors:
            preview.errors.extend(errors)
            continue
        values = _payung_values(cells, nik, village, coded)
        if person is not None:
            _keep_stored(values, person)
        out = clean_row(values, ctx, preview.errors, number)
        out["row"] = number
        out["has_placement"] = False
        if len(preview.rows) < changes.SHOWN_ROWS:
            out["read"] = changes.raw_cells(values, PAYUNG_INDEX)
        row = Row(out)
        preview.rows.append(row)
        if person is None:
            preview.people_create += 1
            row.change, row.changed = changes.NEW, ()
        elif changed := _changed(row, person):
            preview.people_update += 1
            row.change, row.changed = changes.CHANGED, tuple(changed)
        else:
            preview.people_unchanged += 1
            row.change, row.changed = changes.UNCHANGED, ()
        candidate = _candidate(row, cells, coded, number, preview.errors)
        if candidate:
            preview.candidates.append(candidate)


def _codes(cells, number):
    coded, errors = {}, []
    for column in ("sex", "status_kawin", "pendidikan_kk_id", "kk_level", "pekerjaan_id"):
        value = cells.get(column)
        if column == "pekerjaan_id" and codes.is_migrant_job(value):
            coded[column] = None  # a migrant job written as text: no Dukcapil code, but understood
            continue
        try:
            coded[column] = codes.code_of(column, value)
        except codes.UnknownCode as exc:
            errors.append((number, column, _unknown(column, exc)))
    return coded, errors


def _dusun(value):
    text = cell_text(value, 100).lstrip("'").replace("_", " ").strip()
    return text[6:].strip() if text.upper().startswith("DUSUN ") else text


def _rt_rw(value):
    text = cell_text(value, 10).lstrip("'")
    return "" if text == "-" else text


def _payung_values(cells, nik, village, coded):
    """A row of Payung's template (positions of columns.COLUMNS) holding the OpenSID row's values."""
    no_kk = "".join(ch for ch in cell_text(cells.get("no_kk"), 40) if ch.isdigit())
    values = {
        "nik": nik, "kk": "" if no_kk.strip("0") == "" else no_kk,
        "name": " ".join(cell_text(cells.get("nama"), 150).split()),
        "sex": codes.PAYUNG_SEX.get(coded.get("sex"), ""), "birth_place": cell_text(cells.get("tempatlahir"), 100),
        "birth_date": _date_cell(cells.get("tanggallahir")), "village": village,
        "dusun": _dusun(cells.get("dusun")), "rt": _rt_rw(cells.get("rt")), "rw": _rt_rw(cells.get("rw")),
        "address": cell_text(cells.get("alamat"), 255), "phone": "",
        "marital_status": codes.PAYUNG_MARITAL.get(coded.get("status_kawin"), ""),
        "education": codes.PAYUNG_EDUCATION.get(coded.get("pendidikan_kk_id"), ""),
    }
    row = [None] * len(PAYUNG_COLUMNS)
    for key, value in values.items():
        row[PAYUNG_INDEX[key]] = value
    return row


def _date_cell(value):
    text = value.lstrip("'").replace("/", "-").strip() if isinstance(value, str) else value
    return text


def _keep_stored(values, person):
    """A blank cell keeps what is stored (OpenSID never clears by import); the same text in other capitals too."""
    for key in PERSON_KEYS:
        if key == "nik" or key not in PAYUNG_INDEX:
            continue
        i = PAYUNG_INDEX[key]
        stored = getattr(person, "village_id" if key == "village" else key)
        new = values[i]
        if new in (None, "") or (key in CASELESS and isinstance(new, str) and new.lower() == (stored or "").lower()):
            values[i] = stored


def _changed(row, person):
    """The titles of the columns whose value differs from the stored person's."""
    return [HEADER_OF[key] for key in PERSON_KEYS if key != "nik" and
            (row.get(key) or "") != (getattr(person, "village_id" if key == "village" else key) or "")]


def _candidate(row, cells, coded, number, errors):
    """A resident to open a placement for: OpenSID's `pekerja_migran` says so, or the occupation is a migrant
    job. Its passport (number, expiry) and SHDK come along for the person opening the placement."""
    status = cell_text(cells.get("pekerja_migran"), 255)
    job = cell_text(cells.get("pekerjaan_id"), 100)
    if codes.is_migrant_status(status):
        reason = _("OpenSID: pekerja migran (%(v)s)") % {"v": status}
    elif codes.is_migrant_job(job):
        reason = _("pekerjaan: %(v)s") % {"v": job}
    else:
        return None
    try:
        expiry = parse_date(_date_cell(cells.get("tanggal_akhir_paspor")))
    except RowError as exc:
        errors.append((number, "tanggal_akhir_paspor", str(exc)))
        expiry = None
    return {"row": number, "nik_hash": row["nik_hash"], "name": row["name"], "masked_nik": mask_nik(row["nik"]),
            "reason": reason, "passport": cell_text(cells.get("dokumen_pasport"), 45).strip("-"),
            "passport_expiry": expiry, "relationship": codes.KK_LEVEL.get(coded.get("kk_level"), ""),
            "occupation": codes.PEKERJAAN.get(coded.get("pekerjaan_id"), job)}
