"""Import people + placements from the XLSX template (or CSV): validate every row, preview, then commit
all or nothing.

One row = one person and (optionally) one placement. A person is matched by NIK (keyed hash): a known NIK
updates the person, a new one creates it. A placement is matched by its SISKOP2MI ID, else by destination
and contract start, else created. Bulk writes keep a 100,000-row file within a minute on PostgreSQL
(bench/import_placements.py); model history is written in bulk and the file is one IMPORT audit entry.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.scoping import can_access_region
from audit.models import Action
from audit.services import record
from people.crypto import encrypt
from people.models import Education, MaritalStatus, Person, Sex, digits_hash, normalize_name
from people.nik import NikError, clean_nik, parse_nik
from people.phone import normalize_phone
from regions.models import Region

from . import rules
from .models import Agency, EmployerType, Placement, Position, Scheme, Sector, Status

MAX_IMPORT_BYTES = int(getattr(settings, "MIGRANTS_IMPORT_MAX_BYTES", 40 * 1024 * 1024))

# (header, key, required, help)
COLUMNS = [
    ("nik", "nik", True, "16 digit, ketik sebagai teks (bukan angka)"),
    ("no_kk", "kk", False, "16 digit"),
    ("nama", "name", True, ""),
    ("jenis_kelamin", "sex", True, "L atau P"),
    ("tempat_lahir", "birth_place", False, ""),
    ("tanggal_lahir", "birth_date", True, "23/11/1995, 23-11-1995 atau 23 November 1995"),
    ("kode_desa", "village", True, "kode Kemendagri, mis. 35.05.10.2002"),
    ("dusun", "dusun", False, ""),
    ("rt", "rt", False, ""),
    ("rw", "rw", False, ""),
    ("alamat", "address", False, ""),
    ("telepon", "phone", False, "0812… atau +852…"),
    ("status_perkawinan", "marital_status", False, "; ".join(str(lbl) for _v, lbl in MaritalStatus.choices)),
    ("pendidikan", "education", False, "; ".join(str(lbl) for _v, lbl in Education.choices)),
    ("negara_tujuan", "destination_country", False, "kode ISO (HK, TW, MY, SA) atau nama negara; kosong = "
                                                    "tanpa penempatan"),
    ("sektor", "sector", False, "; ".join(str(lbl) for _v, lbl in Sector.choices)),
    ("jabatan", "position", False, "; ".join(str(lbl) for _v, lbl in Position.choices)),
    ("jenis_pemberi_kerja", "employer_type", False, "; ".join(str(lbl) for _v, lbl in EmployerType.choices)),
    ("skema", "scheme", False, "P2P, G2G, G2P, SPSK, perseorangan, perusahaan"),
    ("p3mi", "agency", False, "nama P3MI atau nomor SIP3MI yang sudah terdaftar"),
    ("nama_pemberi_kerja", "employer_name", False, ""),
    ("mulai_kontrak", "contract_start", False, "tanggal"),
    ("akhir_kontrak", "contract_end", False, "tanggal"),
    ("tanggal_berangkat", "departure_date", False, "tanggal"),
    ("perkiraan_pulang", "expected_return", False, "tanggal"),
    ("tanggal_pulang", "actual_return", False, "tanggal"),
    ("status", "status", False, "; ".join(str(lbl) for _v, lbl in Status.choices)),
    ("id_siskop2mi", "national_id_ref", False, ""),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[2]]
PERSON_KEYS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw", "address",
               "phone", "marital_status", "education")
PLACEMENT_KEYS = ("destination_country", "sector", "position", "employer_type", "scheme", "agency",
                  "employer_name", "contract_start", "contract_end", "departure_date", "expected_return",
                  "actual_return", "status", "national_id_ref")
HEADER_OF = {c[1]: c[0] for c in COLUMNS}

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2, "maret": 3,
    "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7,
    "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class RowError(ValueError):
    pass


def parse_date(value):
    """Dates as villages type them; Excel date cells arrive as datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date that lost its date format
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise RowError(_("'%(v)s' bukan tanggal. Tulis seperti 23/11/2026.") % {"v": value})
    text = str(value).strip()
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise RowError(_("Tanggal '%(v)s' tidak ada di kalender.") % {"v": text})
    m = _WORDS.match(text)
    if m and m.group(2).lower() in MONTHS:
        try:
            return datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            raise RowError(_("Tanggal '%(v)s' tidak ada di kalender.") % {"v": text})
    raise RowError(_("Tanggal '%(v)s' tidak dapat dibaca. Tulis seperti 23/11/2026, 23-11-2026 atau "
                     "23 November 2026.") % {"v": text})


def parse_nik_cell(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise RowError(_("NIK tersimpan sebagai angka: Excel hanya menyimpan 15 digit, sehingga digit terakhir "
                         "hilang. Ubah format kolom NIK menjadi Teks lalu ketik ulang NIK-nya."))
    text = str(value or "").strip()
    if re.match(r"^\d(\.\d+)?[eE]\+?\d+$", text.replace(",", ".")):
        raise RowError(_("NIK tertulis sebagai %(v)s (angka ilmiah): digitnya sudah hilang. Ubah format kolom "
                         "menjadi Teks lalu ketik ulang NIK-nya.") % {"v": text})
    try:
        return parse_nik(text).nik
    except NikError as exc:
        raise RowError(exc.message)


def _choice_map(enum, extra=None):
    mapping = {}
    for value, label in enum.choices:
        mapping[value.lower()] = value
        mapping[str(label).lower()] = value
    mapping.update(extra or {})
    return mapping


SEX_MAP = _choice_map(Sex, {"l": "M", "lk": "M", "laki": "M", "laki-laki": "M", "p": "F", "pr": "F",
                            "perempuan": "F", "wanita": "F", "m": "M", "f": "F"})
MARITAL_MAP = _choice_map(MaritalStatus, {"kawin": "married", "menikah": "married", "belum menikah": "single",
                                          "cerai": "divorced", "janda": "widowed", "duda": "widowed"})
EDUCATION_MAP = _choice_map(Education, {"sd": "sd", "smp": "smp", "sma": "sma", "smk": "sma", "slta": "sma",
                                        "sltp": "smp", "d3": "d3", "s1": "s1", "tidak sekolah": "none"})
SECTOR_MAP = _choice_map(Sector, {"prt": "domestic", "pekerja rumah tangga": "domestic", "abk": "fishing"})
POSITION_MAP = _choice_map(Position, {"prt": "housekeeper", "abk": "fishing_crew"})
EMPLOYER_MAP = _choice_map(EmployerType, {"perusahaan": "company", "perseorangan": "household",
                                          "rumah tangga": "household", "kapal": "vessel"})
SCHEME_MAP = _choice_map(Scheme, {"p to p": "p2p", "p2p": "p2p", "g to g": "g2g", "g2g": "g2g", "g to p": "g2p",
                                  "g2p": "g2p", "spsk": "spsk", "mandiri": "individual",
                                  "perseorangan": "individual", "perusahaan": "company"})
STATUS_MAP = _choice_map(Status, {"calon": "interest", "minat": "interest", "bekerja": "working",
                                  "di luar negeri": "working", "purna": "returnee", "pulang": "returned"})
COUNTRY_MAP = {}
for code, name in countries:
    COUNTRY_MAP[code.lower()] = code
    COUNTRY_MAP[str(name).lower()] = code
COUNTRY_MAP.update({"hongkong": "HK", "hong kong": "HK", "taiwan": "TW", "malaysia": "MY", "singapura": "SG",
                    "arab saudi": "SA", "saudi": "SA", "korea selatan": "KR", "korsel": "KR", "jepang": "JP",
                    "brunei": "BN", "uea": "AE", "uni emirat arab": "AE", "qatar": "QA", "kuwait": "KW",
                    "turki": "TR", "polandia": "PL", "inggris": "GB", "amerika serikat": "US", "australia": "AU",
                    "selandia baru": "NZ", "mesir": "EG", "yordania": "JO", "oman": "OM", "bahrain": "BH"})


def _choice(value, mapping, label):
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if text in mapping:
        return mapping[text]
    raise RowError(_("'%(v)s' tidak dikenal untuk %(col)s.") % {"v": value, "col": label})


def _text(value, max_length=255):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:max_length]


@dataclass
class Preview:
    errors: list = field(default_factory=list)  # (row, column, message)
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # cleaned dicts
    people_create: int = 0
    people_update: int = 0
    placements_create: int = 0
    placements_update: int = 0
    total_rows: int = 0

    @property
    def ok(self):
        return not self.errors and not self.file_errors and self.total_rows > 0


# --- Reading ---------------------------------------------------------------------------------------

def read_rows(data: bytes, filename: str = ""):
    """Yield (row_number, list_of_values) starting with the header row; raise RowError for unreadable files."""
    if not data:
        raise RowError(_("Berkas kosong."))
    if len(data) > MAX_IMPORT_BYTES:
        raise RowError(_("Berkas terlalu besar (%(mb)s MB). Batas %(max)s MB; bagi menjadi beberapa berkas.")
                       % {"mb": round(len(data) / 1048576, 1), "max": MAX_IMPORT_BYTES // 1048576})
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data):
    from . import xlsx_reader

    try:
        rows = xlsx_reader.iter_rows(io.BytesIO(data))
        first = next(rows, None)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        raise RowError(_("Berkas XLSX rusak atau bukan berkas Excel. Simpan ulang sebagai .xlsx."))

    def gen():
        if first is None:
            return
        yield first
        try:
            yield from rows
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
            raise RowError(_("Berkas XLSX rusak di tengah. Simpan ulang sebagai .xlsx."))

    return gen()


def _read_csv(data):
    if b"\x00" in data[:4096]:
        raise RowError(_("Berkas bukan XLSX atau CSV. Unduh templat dan isi datanya di sana."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise RowError(_("Berkas bukan XLSX atau CSV. Unduh templat dan isi datanya di sana."))
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return ((number, row) for number, row in enumerate(reader, start=1))


# --- Validation ------------------------------------------------------------------------------------

class Context:
    """Lookups shared by every row: regions in scope, agencies, known NIKs."""

    def __init__(self, user):
        self.user = user
        self.villages = {}
        self.agencies = {}
        for agency in Agency.objects.all():
            self.agencies[agency.name.strip().lower()] = agency
            if agency.licence_number:
                self.agencies[agency.licence_number.strip().lower()] = agency

    def village(self, code):
        code = _text(code, 20)
        if code not in self.villages:
            region = Region.objects.filter(code=code, level=4).first()
            self.villages[code] = region
        region = self.villages[code]
        if region is None:
            raise RowError(_("Kode desa '%(c)s' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002.")
                           % {"c": code})
        if not can_access_region(self.user, code):
            raise RowError(_("Desa %(c)s di luar wilayah kerja Anda.") % {"c": code})
        return region


def clean_row(values, index, ctx, errors, row_number):
    """Return the cleaned dict, appending (row, column, message) for every problem found."""
    raw = {key: (values[i] if i is not None and i < len(values) else None) for key, i in index.items()}
    out = {}

    def put(key, fn):
        try:
            out[key] = fn(raw.get(key))
        except RowError as exc:
            errors.append((row_number, HEADER_OF[key], str(exc)))
            out[key] = None

    def required(fn, message):
        # `message` is a callable: translating it for every row of a large file would cost seconds.
        def wrapped(value):
            if value is None or str(value).strip() == "":
                raise RowError(message())
            return fn(value)
        return wrapped

    put("nik", parse_nik_cell)
    put("kk", lambda v: _kk(v))
    put("name", required(lambda v: _text(v, 150), lambda: _("Nama wajib diisi.")))
    put("sex", required(lambda v: _choice(v, SEX_MAP, "jenis_kelamin"), lambda: _("Jenis kelamin wajib diisi (L/P).")))
    put("birth_place", lambda v: _text(v, 100))
    put("birth_date", required(parse_date, lambda: _("Tanggal lahir wajib diisi.")))
    put("village", required(ctx.village, lambda: _("Kode desa wajib diisi.")))
    put("dusun", lambda v: _text(v, 100))
    put("rt", lambda v: _text(v, 3))
    put("rw", lambda v: _text(v, 3))
    put("address", lambda v: _text(v, 255))
    put("phone", _phone)
    put("marital_status", lambda v: _choice(v, MARITAL_MAP, "status_perkawinan") or MaritalStatus.SINGLE)
    put("education", lambda v: _choice(v, EDUCATION_MAP, "pendidikan"))
    put("destination_country", lambda v: _choice(v, COUNTRY_MAP, "negara_tujuan"))
    put("sector", lambda v: _choice(v, SECTOR_MAP, "sektor"))
    put("position", lambda v: _choice(v, POSITION_MAP, "jabatan"))
    put("employer_type", lambda v: _choice(v, EMPLOYER_MAP, "jenis_pemberi_kerja"))
    put("scheme", lambda v: _choice(v, SCHEME_MAP, "skema"))
    put("agency", lambda v: _agency(v, ctx))
    put("employer_name", lambda v: _text(v, 200))
    for key in ("contract_start", "contract_end", "departure_date", "expected_return", "actual_return"):
        put(key, parse_date)
    put("status", lambda v: _choice(v, STATUS_MAP, "status") or Status.INTEREST)
    put("national_id_ref", lambda v: _text(v, 60))

    has_placement = bool(out.get("destination_country")) or any(
        out.get(k) for k in ("sector", "position", "departure_date", "national_id_ref"))
    out["has_placement"] = has_placement
    if has_placement and not out.get("destination_country") and raw.get("destination_country") in (None, ""):
        errors.append((row_number, "negara_tujuan", _("Negara tujuan wajib diisi bila ada data penempatan.")))
    if out.get("contract_start") and out.get("contract_end") and out["contract_end"] < out["contract_start"]:
        errors.append((row_number, "akhir_kontrak", _("Akhir kontrak sebelum mulai kontrak.")))
    status = out.get("status")
    if has_placement and status in (Status.DEPARTED, Status.WORKING, Status.RETURNED, Status.RETURNEE,
                                    Status.DEPORTED) and not out.get("departure_date"):
        errors.append((row_number, "tanggal_berangkat", _("Status '%(s)s' perlu tanggal berangkat.")
                       % {"s": Status(status).label}))
    if has_placement and status in (Status.RETURNED, Status.RETURNEE) and not out.get("actual_return"):
        errors.append((row_number, "tanggal_pulang", _("Status '%(s)s' perlu tanggal pulang.")
                       % {"s": Status(status).label}))
    if out.get("departure_date") and out["departure_date"] > timezone.localdate() and status in (
            Status.DEPARTED, Status.WORKING):
        errors.append((row_number, "tanggal_berangkat", _("Tanggal berangkat di masa depan untuk status "
                                                          "'%(s)s'.") % {"s": Status(status).label}))
    return out


def _kk(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise RowError(_("No. KK tersimpan sebagai angka: digit terakhir hilang. Ubah format kolom menjadi Teks "
                         "lalu ketik ulang."))
    kk = clean_nik(value)
    if kk and (not kk.isdigit() or len(kk) != 16):
        raise RowError(_("No. KK harus 16 digit angka."))
    return kk


_ID_MOBILE = re.compile(r"^(?:\+62|62|0)(8\d{8,11})$")


def _phone(value):
    from django.core.exceptions import ValidationError

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A phone typed as a number lost its leading 0.
        value = str(int(value))
        value = value if value.startswith("62") else "0" + value
    text = _text(value, 30)
    compact = text.replace(" ", "").replace("-", "").replace(".", "")
    m = _ID_MOBILE.match(compact)
    if m:  # the common case, without the cost of a full parse: an Indonesian mobile number
        return "+62" + m.group(1)
    try:
        return normalize_phone(_text(value, 30))
    except ValidationError as exc:
        raise RowError(exc.messages[0])


def _agency(value, ctx):
    text = _text(value, 200).lower()
    if not text:
        return None
    agency = ctx.agencies.get(text)
    if agency is None:
        raise RowError(_("P3MI '%(v)s' belum terdaftar. Tambahkan dulu di daftar P3MI, atau tulis nomor "
                         "SIP3MI-nya.") % {"v": value})
    return agency


def validate(data: bytes, user, filename="", keep_rows=True) -> Preview:
    preview = Preview()
    try:
        rows = read_rows(data, filename)
        header_row = next(iter(rows), None)
    except RowError as exc:
        preview.file_errors.append(str(exc))
        return preview
    if header_row is None:
        preview.file_errors.append(_("Berkas kosong."))
        return preview
    header = [_text(h, 60).lower().replace(" ", "_") for h in header_row[1]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        preview.file_errors.append(_("Ini bukan templat impor Payung: kolom %(cols)s tidak ditemukan di baris "
                                     "pertama. Unduh templat lalu salin data ke sana.") % {"cols": ", ".join(missing)})
        return preview
    index = {key: (header.index(h) if h in header else None) for h, key, *_rest in COLUMNS}
    ctx = Context(user)
    seen = {}  # nik -> (row, name_key, birth_date)
    try:
        _validate_rows(rows, index, ctx, seen, preview, keep_rows)
    except RowError as exc:
        preview.file_errors.append(str(exc))
        return preview
    if preview.total_rows == 0:
        preview.file_errors.append(_("Berkas tidak berisi data (hanya judul kolom)."))
    _count(preview, user)
    return preview


def _validate_rows(rows, index, ctx, seen, preview, keep_rows):
    for number, values in rows:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        preview.total_rows += 1
        row = clean_row(values, index, ctx, preview.errors, number)
        row["row"] = number
        nik = row.get("nik")
        if nik:
            first = seen.get(nik)
            identity = (normalize_name(row.get("name") or ""), row.get("birth_date"))
            if first and first[1] != identity:
                preview.errors.append((number, "nik", _(
                    "NIK sama dengan baris %(r)s tetapi nama atau tanggal lahir berbeda. Satu NIK hanya untuk satu "
                    "warga.") % {"r": first[0]}))
            elif first and not row["has_placement"]:
                preview.errors.append((number, "nik", _("Baris ini mengulang warga di baris %(r)s.") % {"r": first[0]}))
            elif not first:
                seen[nik] = (number, identity)
        if keep_rows:
            preview.rows.append(row)


def _count(preview, user=None):
    niks = {r["nik"] for r in preview.rows if r.get("nik")}
    existing = existing_people(niks)
    if user is not None:
        outside = {nik for nik, (_pk, village) in existing.items() if not can_access_region(user, village)}
        for row in preview.rows:
            if row.get("nik") in outside:
                preview.errors.append((row["row"], "nik", _(
                    "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi petugas kabupaten.")))
    preview.people_update = len(existing)
    preview.people_create = len(niks) - len(existing)
    matched = match_placements(preview.rows, existing)
    placement_rows = [r for r in preview.rows if r.get("has_placement")]
    preview.placements_update = sum(1 for r in placement_rows if matched.get(r["row"]))
    preview.placements_create = len(placement_rows) - preview.placements_update


def existing_people(niks):
    """{nik: person pk} for NIKs already registered (anywhere: one person per NIK)."""
    by_hash = {digits_hash(n): n for n in niks}
    found = {}
    hashes = list(by_hash)
    for i in range(0, len(hashes), 2000):
        for pk, h, village in Person.objects.filter(nik_hash__in=hashes[i:i + 2000]).values_list(
                "pk", "nik_hash", "village_id"):
            found[by_hash[h]] = (pk, village)
    return found


def match_placements(rows, existing):
    """{row number: placement pk} for rows that update a known placement of a known person."""
    person_pks = [v[0] for v in existing.values()]
    by_ref, by_trip = {}, {}
    for i in range(0, len(person_pks), 2000):
        for pk, person_id, ref, country, start in Placement.objects.filter(
                person_id__in=person_pks[i:i + 2000]).values_list(
                "pk", "person_id", "national_id_ref", "destination_country", "contract_start"):
            if ref:
                by_ref[(person_id, ref)] = pk
            by_trip[(person_id, country, start)] = pk
    matched = {}
    for row in rows:
        if not row.get("has_placement") or row.get("nik") not in existing:
            continue
        person_id = existing[row["nik"]][0]
        pk = (by_ref.get((person_id, row.get("national_id_ref"))) if row.get("national_id_ref") else None) or \
            by_trip.get((person_id, row.get("destination_country"), row.get("contract_start")))
        matched[row["row"]] = pk
    return matched


# --- Commit ----------------------------------------------------------------------------------------

class ImportRefused(Exception):
    def __init__(self, preview):
        super().__init__("import has errors")
        self.preview = preview


def commit(data: bytes, user, filename="", request=None, batch_size=5000) -> Preview:
    """Validate again (the file is the truth, not the preview) and write everything, or nothing.

    New rows are written with plain multi-row INSERTs (ids reserved up front, history rows alongside):
    building a Django model instance and preparing every field through the ORM took most of the time of a
    100,000-row import. Updates of known people and placements go through the ORM with history.
    """
    from simple_history.utils import bulk_update_with_history

    preview = validate(data, user, filename)
    if not preview.ok:
        raise ImportRefused(preview)
    rows = preview.rows
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        existing = existing_people({r["nik"] for r in rows})
        if any(not can_access_region(user, village) for _pk, village in existing.values()):
            raise ImportRefused(preview)  # validate() named them; the database changed in between
        existing_objs = {}
        pks = [v[0] for v in existing.values()]
        for i in range(0, len(pks), batch_size):
            for person in Person.objects.filter(pk__in=pks[i:i + batch_size]):
                existing_objs[person.nik] = person
        matched = match_placements(rows, {n: (p.pk, p.village_id) for n, p in existing_objs.items()})
        people = dict(existing_objs)  # nik -> Person (saved)
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            _write_people(chunk, people, existing_objs, user, now, batch_size, bulk_update_with_history)
            _write_placements(chunk, people, matched, user, now, today, batch_size, bulk_update_with_history)
        record(user, Action.IMPORT, object_type="migrants.placement", object_id="", object_repr=filename[:200],
               region_code=_single_scope(user), request=request,
               note=_("Impor %(rows)s baris: warga baru %(pc)s, warga diperbarui %(pu)s, penempatan baru %(lc)s, "
                      "penempatan diperbarui %(lu)s.") % {
                   "rows": preview.total_rows, "pc": preview.people_create, "pu": preview.people_update,
                   "lc": preview.placements_create, "lu": preview.placements_update})
    return preview


def _write_people(chunk, people, existing_objs, user, now, batch_size, bulk_update_with_history):
    new, updated, seen = [], [], set()
    for row in chunk:
        nik = row["nik"]
        if nik in seen or (nik in people and nik not in existing_objs):
            continue  # an earlier row of this file already wrote this person
        seen.add(nik)
        if nik not in existing_objs:
            person = _new_person(row, user, now)
            new.append(person)
            people[nik] = person
            continue
        person = existing_objs[nik]
        for key in PERSON_KEYS:
            value = row.get(key)
            if key == "kk" and not value and person.pk:
                continue
            setattr(person, key, value if value is not None else "")
        person.nik_hash = digits_hash(person.nik)
        person.kk_hash = digits_hash(person.kk)
        person.name_key = normalize_name(person.name)
        person.updated_at = now
        updated.append(person)
        people[nik] = person
    if new:
        for person, pk in zip(new, reserve_ids(Person, len(new)), strict=True):
            person.pk = person.id = pk
            # Encrypted once: the person row and its history row share the tokens.
            person.nik = encrypt(person.nik)
            person.kk = encrypt(person.kk) if person.kk else ""
        insert_rows(Person, new)
        insert_history(Person, new, user, now)
    if updated:
        bulk_update_with_history(updated, Person, list(PERSON_KEYS) + ["nik_hash", "kk_hash", "name_key",
                                 "updated_at"], batch_size=batch_size, default_user=user)
    for person in updated:
        existing_objs.pop(person.nik, None)


def _new_person(row, user, now):
    """A plain record with every column of Person: model instances cost ~100 µs each at 100,000 rows."""
    from types import SimpleNamespace

    values = {f.attname: (f.get_default() if f.has_default() else ("" if not f.null else None))
              for f in Person._meta.concrete_fields}
    for key in PERSON_KEYS:
        value = row.get(key)
        values["village_id" if key == "village" else key] = (
            value.code if key == "village" else (value if value is not None else ""))
    values.update(created_at=now, updated_at=now, created_by_id=user.pk, nik_hash=digits_hash(values["nik"]),
                  kk_hash=digits_hash(values["kk"]), name_key=normalize_name(values["name"]))
    if not values["marital_status"]:
        values["marital_status"] = "single"
    return SimpleNamespace(pk=None, **values)


NULLABLE_PLACEMENT_KEYS = {"agency", "contract_start", "contract_end", "departure_date", "expected_return",
                           "actual_return"}


def _write_placements(chunk, people, matched, user, now, today, batch_size, bulk_update_with_history):
    ids = [pk for pk in (matched.get(r["row"]) for r in chunk) if pk]
    known = {p.pk: p for p in Placement.objects.filter(pk__in=ids).prefetch_related("documents", "costs")} \
        if ids else {}
    new, updated = [], []
    for row in chunk:
        if not row.get("has_placement"):
            continue
        person = people[row["nik"]]
        pk = matched.get(row["row"])
        placement = known[pk] if pk else Placement(created_by_id=user.pk, created_at=now)
        placement.person_id = person.pk
        placement.village_id = person.village_id
        for key in PLACEMENT_KEYS:
            value = row.get(key)
            if value is None and key not in NULLABLE_PLACEMENT_KEYS:
                value = ""
            setattr(placement, key, value)
        if placement.expected_return is None and placement.contract_end:
            placement.expected_return = placement.contract_end
        placement.updated_at = now
        docs = list(placement.documents.all()) if pk else []
        costs = list(placement.costs.all()) if pk else []
        codes = [f.code for f in rules.evaluate(placement, today, documents=docs, costs=costs, person=person)]
        if placement.lost_contact:
            codes.append("lost_contact")
        if placement.non_procedural:
            codes.append("non_procedural")
        placement.flag_codes = f",{','.join(codes)}," if codes else ""
        (updated if pk else new).append(placement)
    if new:
        for placement, pk in zip(new, reserve_ids(Placement, len(new)), strict=True):
            placement.pk = pk
        insert_rows(Placement, new)
        insert_history(Placement, new, user, now)
    if updated:
        bulk_update_with_history(updated, Placement, list(PLACEMENT_KEYS) + [
            "expected_return", "flag_codes", "updated_at", "person", "village"], batch_size=batch_size,
            default_user=user)


# --- Plain inserts -----------------------------------------------------------------------------------

def reserve_ids(model, count):
    """Primary keys for `count` new rows, taken before inserting so history rows can point at them."""
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [r[0] for r in cursor.fetchall()]
        # SQLite (and others) inside this transaction: writers are serialised, max(id) is stable.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _converter(field, connection):
    from django_countries.fields import CountryField

    from people.crypto import EncryptedCharField, encrypt, is_encrypted_token

    kind = field.get_internal_type()
    if isinstance(field, EncryptedCharField):
        return lambda v: (v if is_encrypted_token(v) else encrypt(v)) if v else (v if v is not None else "")
    if isinstance(field, CountryField):
        return lambda v: getattr(v, "code", v) or ""
    if kind == "DateTimeField":
        cache = {}

        def adapt_datetime(v):
            if v not in cache:
                cache.clear()
                cache[v] = connection.ops.adapt_datetimefield_value(v)
            return cache[v]
        return adapt_datetime
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind in ("CharField", "TextField") and not field.null:
        return lambda v: "" if v is None else v
    return lambda v: v


def _insert(model, attnames_and_values):
    """Multi-row INSERT statements: one round trip per few hundred rows instead of one per row."""
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields}
    names = list(attnames_and_values[0][0])
    converters = [_converter(fields[n], connection) for n in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
    if connection.vendor == "postgresql":
        # COPY: no SQL text to build or parse, the fastest way into PostgreSQL (psycopg 3).
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for _names, values in attnames_and_values:
                    copy.write_row([conv(v) for conv, v in zip(converters, values, strict=True)])
        return
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    # Stay under the bound-parameter limits (SQLite 32766, PostgreSQL 65535).
    per_statement = max(1, min(1000, (15000 if connection.vendor == "sqlite" else 60000) // len(names)))
    with connection.cursor() as cursor:
        for i in range(0, len(attnames_and_values), per_statement):
            part = attnames_and_values[i:i + per_statement]
            params = [conv(v) for _names, values in part for conv, v in zip(converters, values, strict=True)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(part))}", params)


def insert_rows(model, objects):
    names = [f.attname for f in model._meta.concrete_fields]
    _insert(model, [(names, [getattr(obj, n) for n in names]) for obj in objects])


def insert_history(model, objects, user, now):
    """What simple-history writes on create: a '+' row per object, in bulk."""
    history = model.history.model
    source = {f.attname for f in model._meta.concrete_fields}
    names = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    extra = {"history_date": now, "history_change_reason": None, "history_type": "+",
             "history_user_id": getattr(user, "pk", None)}
    _insert(history, [(names, [getattr(obj, n) if n in source else extra.get(n) for n in names])
                      for obj in objects])


def _single_scope(user):
    from accounts.scoping import user_scope_codes

    codes = user_scope_codes(user)
    return codes[0] if codes and len(codes) == 1 else ""


# --- Template --------------------------------------------------------------------------------------

def template_bytes():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    # NIK and KK columns as text, so Excel does not round 16 digits to 15.
    for row in range(2, 2002):
        for col in (1, 2, 12):
            ws.cell(row=row, column=col).number_format = "@"
    for i, header in enumerate(HEADERS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(header) + 2)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("Petunjuk")
    help_ws.append([_("Kolom"), _("Wajib"), _("Isi")])
    for header, _key, required, hint in COLUMNS:
        help_ws.append([header, _("ya") if required else "", hint])
    help_ws.append([])
    help_ws.append([_("Satu baris = satu warga dan (bila diisi) satu penempatan. Warga dicocokkan dengan NIK: NIK "
                      "yang sudah terdaftar akan diperbarui.")])
    help_ws.column_dimensions["A"].width = 22
    help_ws.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
