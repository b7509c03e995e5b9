"""Import people + placements from the XLSX template (or CSV, XLS, ODS): validate every row, preview, then
commit all or nothing.

One row = one person and (optionally) one placement, recruiter and family contact. A person is matched by NIK
(keyed hash): a known NIK updates the person, a new one creates it. A placement is matched by its SISKOP2MI
ID, else by destination and contract start, else created.

Speed (bench/import_placements.py, 100,000 rows): the workbook is read by calamine (Rust) instead of a cell
object per value; columns with few distinct values (villages, dates, choices) are cleaned once per distinct
value; the commit writes the rows the user saw in the preview (kept server-side, signed) instead of reading
and validating the file a second time, re-checking only what the database may have changed in between;
new rows go in with COPY (PostgreSQL) or multi-row INSERTs, history rows alongside, and the file is one
IMPORT audit entry.
"""

import csv
import datetime
import io
import logging
import operator
import os
import pickle
import re
import secrets
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.permissions import has_perm
from accounts.scoping import user_scope_codes
from audit.models import Action
from audit.services import record
from core.crypto import encrypt
from people.models import (
    Education,
    FamilyContact,
    MaritalStatus,
    Person,
    Relationship,
    Sex,
    digits_hash,
    normalize_name,
)
from people.nik import NikError, clean_nik, parse_nik
from people.phone import normalize_phone
from regions.models import Region

from . import risk
from .models import (
    Agency,
    CostItem,
    EmployerType,
    ImportStatus,
    Placement,
    PlacementDocument,
    PlacementImport,
    Position,
    Recruiter,
    Scheme,
    Sector,
    Status,
)

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = int(getattr(settings, "MIGRANTS_IMPORT_MAX_BYTES", 40 * 1024 * 1024))


def _labels(enum):
    """The enum's labels in the active language, joined when shown (not when this module is imported)."""
    return lazy(lambda: "; ".join(str(label) for _v, label in enum.choices), str)()


_DATE_HINT = gettext_lazy("tanggal, mis. 23/11/2026")
# (header, key, required, help). New columns go at the end so files made from an older template still fit.
COLUMNS = [
    ("nik", "nik", True, gettext_lazy("16 digit, ketik sebagai teks (bukan angka)")),
    ("no_kk", "kk", False, gettext_lazy("16 digit")),
    ("nama", "name", True, ""),
    ("jenis_kelamin", "sex", True, gettext_lazy("L atau P")),
    ("tempat_lahir", "birth_place", False, ""),
    ("tanggal_lahir", "birth_date", True, gettext_lazy("23/11/1995, 23-11-1995 atau 23 November 1995")),
    ("kode_desa", "village", True, gettext_lazy("kode Kemendagri, mis. 35.05.10.2002")),
    ("dusun", "dusun", False, ""),
    ("rt", "rt", False, ""),
    ("rw", "rw", False, ""),
    ("alamat", "address", False, ""),
    ("telepon", "phone", False, gettext_lazy("0812… atau +852…")),
    ("status_perkawinan", "marital_status", False, _labels(MaritalStatus)),
    ("pendidikan", "education", False, _labels(Education)),
    ("negara_tujuan", "destination_country", False,
     gettext_lazy("kode ISO (HK, TW, MY, SA) atau nama negara; kosong = tanpa penempatan")),
    ("sektor", "sector", False, _labels(Sector)),
    ("jabatan", "position", False, _labels(Position)),
    ("jenis_pemberi_kerja", "employer_type", False, _labels(EmployerType)),
    ("skema", "scheme", False, gettext_lazy("P2P, G2G, G2P, SPSK, perseorangan, perusahaan")),
    ("p3mi", "agency", False, gettext_lazy("nama P3MI atau nomor SIP3MI yang sudah terdaftar")),
    ("nama_pemberi_kerja", "employer_name", False, ""),
    ("mulai_kontrak", "contract_start", False, _DATE_HINT),
    ("akhir_kontrak", "contract_end", False, _DATE_HINT),
    ("tanggal_berangkat", "departure_date", False, _DATE_HINT),
    ("perkiraan_pulang", "expected_return", False, _DATE_HINT),
    ("tanggal_pulang", "actual_return", False, _DATE_HINT),
    ("status", "status", False, _labels(Status)),
    ("id_siskop2mi", "national_id_ref", False, ""),
    ("perekrut", "recruiter", False,
     gettext_lazy("nama perekrut lapangan (sponsor/calo) yang mengajak; nama yang belum ada dicatat sebagai "
                  "perekrut baru")),
    ("kontak_keluarga_nama", "contact_name", False,
     gettext_lazy("keluarga di rumah yang dapat dihubungi selama bekerja di luar negeri")),
    ("kontak_keluarga_hubungan", "contact_relationship", False, _labels(Relationship)),
    ("kontak_keluarga_telepon", "contact_phone", False, gettext_lazy("0812… atau +852…")),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[2]]
PERSON_KEYS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw", "address",
               "phone", "marital_status", "education")
PLACEMENT_KEYS = ("destination_country", "sector", "position", "employer_type", "scheme", "agency",
                  "employer_name", "contract_start", "contract_end", "departure_date", "expected_return",
                  "actual_return", "status", "national_id_ref")
# Row keys that hold a foreign key's value (a code or pk), not an object.
FK_KEYS = {"village": "village_id", "agency": "agency_id"}
HEADER_OF = {c[1]: c[0] for c in COLUMNS}
TEXT_COLUMNS = ("nik", "no_kk", "telepon", "kontak_keluarga_telepon")  # formatted as text in the template
ROW_KEYS = tuple(c[1] for c in COLUMNS) + ("has_placement", "nik_hash", "row")


class Row:
    """One checked row. Slots, not a dict: 100,000 rows are held (and pickled) between preview and commit,
    and a slotted object is a fraction of a 35-key dict's size."""

    __slots__ = ROW_KEYS

    def __init__(self, values):
        for key in ROW_KEYS:
            setattr(self, key, values.get(key))

    def get(self, key, default=None):
        value = getattr(self, key)
        return default if value is None else value

    __getitem__ = get

    def __getstate__(self):
        return tuple(getattr(self, key) for key in ROW_KEYS)

    def __setstate__(self, state):
        for key, value in zip(ROW_KEYS, state, strict=True):
            setattr(self, key, value)

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


RELATIONSHIP_MAP = _choice_map(Relationship, {
    "suami": "spouse", "istri": "spouse", "isteri": "spouse", "pasangan": "spouse", "ayah": "parent",
    "bapak": "parent", "ibu": "parent", "orang tua": "parent", "ortu": "parent", "anak": "child",
    "kakak": "sibling", "adik": "sibling", "saudara": "sibling", "wali": "guardian", "paman": "relative",
    "bibi": "relative", "kakek": "relative", "nenek": "relative", "kerabat": "relative", "lainnya": "other"})


@dataclass
class Preview:
    errors: list = field(default_factory=list)  # (row, column, message)
    file_errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # cleaned dicts: plain values, codes and pks (picklable)
    people_create: int = 0
    people_update: int = 0
    placements_create: int = 0
    placements_update: int = 0
    recruiters_create: list = field(default_factory=list)  # names of recruiters the commit will add
    total_rows: int = 0
    user_pk: int | None = None

    @property
    def ok(self):
        return not self.errors and not self.file_errors and self.total_rows > 0


# --- Reading ---------------------------------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


def read_rows(data: bytes, filename: str = ""):
    """Yield (row_number, list_of_values) starting with the header row; raise RowError for unreadable files."""
    if not data:
        raise RowError(_("Berkas kosong."))
    if len(data) > MAX_IMPORT_BYTES:
        raise RowError(_("Berkas terlalu besar (%(mb)s MB). Batas %(max)s MB; bagi menjadi beberapa berkas.")
                       % {"mb": round(len(data) / 1048576, 1), "max": MAX_IMPORT_BYTES // 1048576})
    if data[:4] == b"PK\x03\x04" or data[:8] == OLE2:
        return _read_workbook(data)
    return _read_csv(data)


def _read_workbook(data):
    """XLSX (and XLS/ODS) through calamine: 3.4–4.2 s measured for 100,000 rows × 28 columns. The sheet
    named "Data" (the template's), else the first. Excel date cells arrive as date/datetime, numbers as float
    (so a NIK typed as a number is still recognised), empty cells as ""."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        sheet = workbook.get_sheet_by_name("Data" if "Data" in names else names[0])
        first_row, first_col = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except BaseException as exc:  # calamine raises its own errors, and pyo3 panics derive from BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise RowError(_("Berkas XLSX rusak atau bukan berkas Excel. Simpan ulang sebagai .xlsx."))
    pad = [None] * first_col

    def gen():
        for number, values in enumerate(rows, start=first_row + 1):
            yield number, (pad + values if pad else values)

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

_MISSING = object()
# Columns cleaned once per distinct value: a village has a few hundred villages, dates and choices repeat.
MEMO_KEYS = {"sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw", "marital_status", "education",
             "destination_country", "sector", "position", "employer_type", "scheme", "agency", "employer_name",
             "contract_start", "contract_end", "departure_date", "expected_return", "actual_return", "status",
             "recruiter", "contact_relationship"}
MEMO_LIMIT = 50_000


def import_checker(user):
    """`code -> bool`: may the user import rows of this village (migrants.import_placements with the village:
    a role counts only in its own membership's regions). Asked once per village code."""
    answers = {}

    def check(code):
        if code not in answers:
            answers[code] = has_perm(user, "migrants.import_placements", code)
        return answers[code]

    return check


class Context:
    """Lookups shared by every row: villages in scope, agencies, recruiters, and the cleaning plan."""

    def __init__(self, user, index):
        self.user = user
        self.in_scope = import_checker(user)
        self.villages = {}
        self.agencies = agency_lookup()
        self._recruiters = None
        self.index = index
        self.today = timezone.localdate()
        cleaners = _cleaners(self)
        self.plan = [(key, index.get(key), cleaners[key], {} if key in MEMO_KEYS else None)
                     for _h, key, *_rest in COLUMNS]

    def village(self, code):
        code = _text(code, 20)
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(code=code, level=4).exists()
        if not self.villages[code]:
            raise RowError(_("Kode desa '%(c)s' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002.")
                           % {"c": code})
        if not self.in_scope(code):
            raise RowError(_("Desa %(c)s di luar wilayah kerja Anda.") % {"c": code})
        return code

    def recruiters(self):
        """{normalised name: pk} of the recruiters already recorded."""
        if self._recruiters is None:
            self._recruiters = {normalize_name(name): pk for pk, name in Recruiter.objects.values_list("pk", "name")}
        return self._recruiters


def agency_lookup():
    """{lower-case name or SIP3MI number: Agency}: how a spreadsheet names an agency."""
    agencies = {}
    for agency in Agency.objects.all():
        agencies[agency.name.strip().lower()] = agency
        if agency.licence_number:
            agencies[agency.licence_number.strip().lower()] = agency
    return agencies


def _required(fn, message):
    # `message` is a callable: translating it for every row of a large file would cost seconds.
    def wrapped(value):
        if value is None or str(value).strip() == "":
            raise RowError(message())
        return fn(value)
    return wrapped


def _cleaners(ctx):
    return {
        "nik": parse_nik_cell,
        "kk": _kk,
        "name": _required(lambda v: _text(v, 150), lambda: _("Nama wajib diisi.")),
        "sex": _required(lambda v: _choice(v, SEX_MAP, "jenis_kelamin"), lambda: _("Jenis kelamin wajib diisi (L/P).")),
        "birth_place": lambda v: _text(v, 100),
        "birth_date": _required(parse_date, lambda: _("Tanggal lahir wajib diisi.")),
        "village": _required(ctx.village, lambda: _("Kode desa wajib diisi.")),
        "dusun": lambda v: _text(v, 100),
        "rt": lambda v: _text(v, 3),
        "rw": lambda v: _text(v, 3),
        "address": lambda v: _text(v, 255),
        "phone": _phone,
        "marital_status": lambda v: _choice(v, MARITAL_MAP, "status_perkawinan") or MaritalStatus.SINGLE,
        "education": lambda v: _choice(v, EDUCATION_MAP, "pendidikan"),
        "destination_country": lambda v: _choice(v, COUNTRY_MAP, "negara_tujuan"),
        "sector": lambda v: _choice(v, SECTOR_MAP, "sektor"),
        "position": lambda v: _choice(v, POSITION_MAP, "jabatan"),
        "employer_type": lambda v: _choice(v, EMPLOYER_MAP, "jenis_pemberi_kerja"),
        "scheme": lambda v: _choice(v, SCHEME_MAP, "skema"),
        "agency": lambda v: _agency(v, ctx),
        "employer_name": lambda v: _text(v, 200),
        "contract_start": parse_date,
        "contract_end": parse_date,
        "departure_date": parse_date,
        "expected_return": parse_date,
        "actual_return": parse_date,
        "status": lambda v: _choice(v, STATUS_MAP, "status") or Status.INTEREST,
        "national_id_ref": lambda v: _text(v, 60),
        "recruiter": lambda v: " ".join(_text(v, 150).split()),
        "contact_name": lambda v: " ".join(_text(v, 150).split()),
        "contact_relationship": lambda v: _choice(v, RELATIONSHIP_MAP, "kontak_keluarga_hubungan"),
        "contact_phone": _phone,
    }


def clean_row(values, ctx, errors, row_number):
    """Return the cleaned dict, appending (row, column, message) for every problem found."""
    out = {}
    size = len(values)
    for key, position, cleaner, memo in ctx.plan:
        raw = values[position] if position is not None and position < size else None
        if memo is not None:
            # True == 1 == 1.0 as dict keys: keep the type in the key unless it is the usual str.
            memo_key = raw if type(raw) is str else (type(raw), raw)
            hit = memo.get(memo_key, _MISSING)
            if hit is _MISSING:
                try:
                    hit = (cleaner(raw), None)
                except RowError as exc:
                    hit = (None, str(exc))
                if len(memo) < MEMO_LIMIT:
                    memo[memo_key] = hit
            value, error = hit
        else:
            try:
                value, error = cleaner(raw), None
            except RowError as exc:
                value, error = None, str(exc)
        if error is not None:
            errors.append((row_number, HEADER_OF[key], error))
        out[key] = value

    has_placement = bool(out.get("destination_country")) or any(
        out.get(k) for k in ("sector", "position", "departure_date", "national_id_ref"))
    out["has_placement"] = has_placement
    if has_placement and not out.get("destination_country") and not _filled(values, ctx, "destination_country"):
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
    if out.get("departure_date") and out["departure_date"] > ctx.today and status in (
            Status.DEPARTED, Status.WORKING):
        errors.append((row_number, "tanggal_berangkat", _("Tanggal berangkat di masa depan untuk status "
                                                          "'%(s)s'.") % {"s": Status(status).label}))
    if out.get("recruiter") and not has_placement:
        errors.append((row_number, "perekrut", _("Perekrut hanya dicatat pada penempatan: isi juga negara "
                                                 "tujuan.")))
    if out.get("contact_name"):
        if not out.get("contact_relationship") and not _filled(values, ctx, "contact_relationship"):
            errors.append((row_number, "kontak_keluarga_hubungan", _(
                "Hubungan kontak keluarga wajib diisi (mis. suami, istri, orang tua, anak).")))
    elif out.get("contact_phone") or out.get("contact_relationship"):
        errors.append((row_number, "kontak_keluarga_nama", _("Nama kontak keluarga wajib diisi bila hubungan atau "
                                                             "teleponnya diisi.")))
    if out.get("nik"):
        out["nik_hash"] = digits_hash(out["nik"])
    return out


def _filled(values, ctx, key):
    position = ctx.index.get(key)
    return position is not None and position < len(values) and values[position] not in (None, "")


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
    return agency.pk


def validate(data: bytes, user, filename="", keep_rows=True) -> Preview:
    preview = Preview(user_pk=getattr(user, "pk", None))
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
    ctx = Context(user, index)
    try:
        _validate_rows(rows, ctx, preview, keep_rows)
    except RowError as exc:
        preview.file_errors.append(str(exc))
        return preview
    if preview.total_rows == 0:
        preview.file_errors.append(_("Berkas tidak berisi data (hanya judul kolom)."))
    _count(preview, user, ctx)
    return preview


def _validate_rows(rows, ctx, preview, keep_rows):
    seen = {}  # nik -> (row, (name_key, birth_date))
    refs = {}  # (nik, SISKOP2MI ID) -> row: the database holds one placement per pair
    for number, values in rows:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        preview.total_rows += 1
        row = clean_row(values, ctx, preview.errors, number)
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
            ref = row.get("national_id_ref") if row.get("has_placement") else ""
            if ref and (nik, ref) in refs:
                preview.errors.append((number, "id_siskop2mi", _(
                    "ID SISKOP2MI %(ref)s sudah dipakai baris %(r)s untuk warga yang sama: satu ID untuk satu "
                    "penempatan. Hapus baris yang berulang atau perbaiki ID-nya.") % {
                        "ref": ref, "r": refs[(nik, ref)]}))
            elif ref:
                refs[(nik, ref)] = number
        if keep_rows:
            preview.rows.append(Row(row))


def _count(preview, user, ctx):
    existing = existing_people(preview.rows)
    outside = {h for h, (_pk, village) in existing.items() if not ctx.in_scope(village)}
    for row in preview.rows:
        if row.get("nik_hash") in outside:
            preview.errors.append((row["row"], "nik", _(
                "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi petugas kabupaten.")))
    hashes = {r["nik_hash"] for r in preview.rows if r.get("nik_hash")}
    preview.people_update = len(hashes & existing.keys())
    preview.people_create = len(hashes) - preview.people_update
    matched = match_placements(preview.rows, existing)
    placement_rows = [r for r in preview.rows if r.get("has_placement")]
    preview.placements_update = sum(1 for r in placement_rows if matched.get(r["row"]))
    preview.placements_create = len(placement_rows) - preview.placements_update
    known = ctx.recruiters()
    new = {}
    for row in placement_rows:
        name = row.get("recruiter")
        if name and normalize_name(name) not in known:
            new.setdefault(normalize_name(name), name)
    preview.recruiters_create = sorted(new.values())


def existing_people(rows):
    """{nik_hash: (person pk, village code)} for the rows' NIKs already registered (anywhere: one person per
    NIK)."""
    hashes = list({r["nik_hash"] for r in rows if r.get("nik_hash")})
    found = {}
    for i in range(0, len(hashes), 2000):
        for pk, h, village in Person.objects.filter(nik_hash__in=hashes[i:i + 2000]).values_list(
                "pk", "nik_hash", "village_id"):
            found[h] = (pk, village)
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
        if not row.get("has_placement") or row.get("nik_hash") not in existing:
            continue
        person_id = existing[row["nik_hash"]][0]
        pk = (by_ref.get((person_id, row.get("national_id_ref"))) if row.get("national_id_ref") else None) or \
            by_trip.get((person_id, row.get("destination_country"), row.get("contract_start")))
        matched[row["row"]] = pk
    return matched


# --- The preview kept between the two requests -----------------------------------------------------------

class PreviewExpired(Exception):
    pass


def save_preview(preview: Preview, path):
    """Write the checked rows privately so the commit writes exactly what the user saw. Encrypted with the
    NIK key (they hold NIKs in the clear) and authenticated, so a copy of the disk reveals nothing and a
    changed file is refused."""
    from core.crypto import fernet

    # Compressed first: the token is a quarter of the size, and so is the memory encrypting it takes.
    payload = zlib.compress(pickle.dumps(preview, protocol=pickle.HIGHEST_PROTOCOL), 1)
    with open(path, "wb") as fh:
        fh.write(fernet().encrypt(payload))


def load_preview(path) -> Preview:
    """The preview saved by `save_preview`; refuses a file that is missing, changed or undecryptable."""
    from cryptography.fernet import InvalidToken

    from core.crypto import fernet

    try:
        with open(path, "rb") as fh:
            payload = zlib.decompress(fernet().decrypt(fh.read()))
    except (OSError, InvalidToken, zlib.error):
        raise PreviewExpired()
    return pickle.loads(payload)  # written and authenticated by this server: not untrusted input


# --- Committed once: the claim on a kept preview -------------------------------------------------------

class ImportBusy(Exception):
    """The preview is being committed by another request, or was committed already (`batch.status`)."""

    def __init__(self, batch):
        super().__init__(f"import {batch.status}")
        self.batch = batch


def claim_seconds():
    """After how long a running commit counts as abandoned (its worker killed without a word) and may be
    claimed again. Above any request's life: gunicorn's --timeout (120 s, README) ends every request first."""
    return float(getattr(settings, "MIGRANTS_IMPORT_CLAIM_SECONDS", 600))


def preview_path(token):
    from .maintenance import import_preview_dir

    return os.path.join(import_preview_dir(), token)


def keep_preview(preview: Preview, user, filename="") -> PlacementImport:
    """Save a checked preview for its commit: the rows in an encrypted file, the claim in the database."""
    from .maintenance import import_preview_dir

    os.makedirs(import_preview_dir(), exist_ok=True)
    token = secrets.token_hex(16)
    save_preview(preview, preview_path(token))
    return PlacementImport.objects.create(
        token=token, user=user, filename=filename[:200], total_rows=preview.total_rows,
        people_create=preview.people_create, people_update=preview.people_update,
        placements_create=preview.placements_create, placements_update=preview.placements_update,
        recruiters_create=len(preview.recruiters_create))


def kept_import(token, user):
    """The user's kept import named by `token`, or None."""
    if not (isinstance(token, str) and token.isalnum() and len(token) <= 32):
        return None
    return PlacementImport.objects.filter(token=token, user_id=getattr(user, "pk", None)).first()


def claim_import(token, user):
    """Take the kept preview for one commit: (batch, claim id). One conditional UPDATE (ready → running, in
    autocommit so every other request sees it at once) decides who commits; whoever loses gets ImportBusy."""
    batch = kept_import(token, user)
    if batch is None:
        raise PreviewExpired()
    now = timezone.now()
    claim = secrets.token_hex(16)
    abandoned = Q(status=ImportStatus.RUNNING, claimed_at__lt=now - datetime.timedelta(seconds=claim_seconds()))
    won = PlacementImport.objects.filter(Q(status=ImportStatus.READY) | abandoned, pk=batch.pk).update(
        status=ImportStatus.RUNNING, claim=claim, claimed_at=now)
    batch.refresh_from_db()
    if not won:
        raise ImportBusy(batch)
    return batch, claim


def release_import(batch, claim, reason=""):
    """Give a claimed preview back (ready) after a failed commit, so the user can press again; a no-op when
    the claim is no longer this one's."""
    try:
        PlacementImport.objects.filter(pk=batch.pk, claim=claim, status=ImportStatus.RUNNING).update(
            status=ImportStatus.READY, claim="", claimed_at=None, last_error=str(reason)[:300])
    except DatabaseError:
        # The database is gone (the usual reason the commit failed): the claim lapses after claim_seconds().
        logger.warning("import %s: claim not released (database unavailable)", batch.token)


def commit_kept(token, user, request=None) -> Preview:
    """Commit the preview kept under `token`, once: claimed first, marked done in the transaction that writes
    the rows, released if anything fails (the preview stays usable for a retry), its file removed when done."""
    batch, claim = claim_import(token, user)
    try:
        preview = commit(load_preview(preview_path(token)), user, batch.filename, request=request,
                         claim=(batch, claim))
    except BaseException as exc:  # a timeout (SystemExit from gunicorn's abort), a lost connection, anything
        release_import(batch, claim, reason=type(exc).__name__)
        raise
    try:
        os.remove(preview_path(token))
    except OSError:
        pass  # purged meanwhile: the rows are written, the file was only needed until now
    return preview


def _mark_done(claim, preview):
    """Inside the commit's transaction: done with the rows, or nothing at all. A claim taken over meanwhile
    (this commit outlived claim_seconds()) rolls this commit back rather than write the rows twice."""
    batch, claim_id = claim
    done = PlacementImport.objects.filter(pk=batch.pk, claim=claim_id, status=ImportStatus.RUNNING).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), last_error="", total_rows=preview.total_rows,
        people_create=preview.people_create, people_update=preview.people_update,
        placements_create=preview.placements_create, placements_update=preview.placements_update,
        recruiters_create=len(preview.recruiters_create))
    if not done:
        batch.refresh_from_db()
        raise ImportBusy(batch)


# --- Commit ----------------------------------------------------------------------------------------

class ImportRefused(Exception):
    def __init__(self, preview):
        super().__init__("import has errors")
        self.preview = preview


def commit(source, user, filename="", request=None, batch_size=5000, claim=None) -> Preview:
    """Write every row or none. `source` is the preview the user confirmed (the screen) or the file's bytes
    (validated here first). `claim` (from claim_import) is marked done in the same transaction.

    Between the preview and the commit the database may change: the user's regions, the villages and agencies
    the rows name and the people already registered are checked again here, inside the transaction.
    """
    if isinstance(source, Preview):
        preview = source
        if preview.user_pk != getattr(user, "pk", None):
            raise PreviewExpired()
        _recheck(preview, user)
    else:
        preview = validate(source, user, filename)
    if not preview.ok:
        raise ImportRefused(preview)
    rows = preview.rows
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        existing = existing_people(rows)
        in_scope = import_checker(user)
        outside = [r for r in rows if r.get("nik_hash") in existing and not in_scope(existing[r["nik_hash"]][1])]
        if outside:
            preview.errors.extend((r["row"], "nik", _(
                "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi petugas kabupaten."))
                for r in outside)
            raise ImportRefused(preview)
        matched = match_placements(rows, existing)
        agencies = Agency.objects.in_bulk({r["agency"] for r in rows if r.get("agency")})
        recruiters = _recruiter_ids(rows)
        people = {}  # nik_hash -> (pk, village code, birth date) of the person written
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            # Known people are loaded a chunk at a time, not all 100,000 model instances at once.
            pks = {existing[r["nik_hash"]][0] for r in chunk
                   if r["nik_hash"] in existing and r["nik_hash"] not in people}
            known_people = {p.nik_hash: p for p in Person.objects.filter(pk__in=pks)} if pks else {}
            _write_people(chunk, people, known_people, user, now)
            _write_placements(chunk, people, matched, agencies, recruiters, user, now, today)
            _write_contacts(chunk, people, existing, user, now)
        record(user, Action.IMPORT, object_type="migrants.placement", object_id="", object_repr=filename[:200],
               region_code=_single_scope(user), request=request,
               note=_("Impor %(rows)s baris: warga baru %(pc)s, warga diperbarui %(pu)s, penempatan baru %(lc)s, "
                      "penempatan diperbarui %(lu)s, perekrut baru %(rc)s.") % {
                   "rows": preview.total_rows, "pc": preview.people_create, "pu": preview.people_update,
                   "lc": preview.placements_create, "lu": preview.placements_update,
                   "rc": len(preview.recruiters_create)})
        if claim is not None:
            _mark_done(claim, preview)
    return preview


def _recheck(preview, user):
    """What the database may have changed since the preview: villages in scope, agencies still recorded."""
    villages = {r["village"] for r in preview.rows}
    known = set(Region.objects.filter(code__in=villages, level=4).values_list("code", flat=True))
    in_scope = import_checker(user)
    bad_villages = {code for code in villages if code not in known or not in_scope(code)}
    agency_ids = {r["agency"] for r in preview.rows if r.get("agency")}
    gone = agency_ids - set(Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True))
    for row in preview.rows:
        if row["village"] in bad_villages:
            preview.errors.append((row["row"], "kode_desa", _("Desa %(c)s di luar wilayah kerja Anda.")
                                   % {"c": row["village"]}))
        if row.get("agency") in gone:
            preview.errors.append((row["row"], "p3mi", _("P3MI ini sudah dihapus dari daftar sejak pratinjau. "
                                                         "Unggah ulang berkasnya.")))


def _recruiter_ids(rows):
    """{normalised name: recruiter pk}, adding the recruiters not recorded yet (with the agency and village
    of the first row that names them)."""
    wanted = {}
    for row in rows:
        if row.get("recruiter") and row.get("has_placement"):
            wanted.setdefault(normalize_name(row["recruiter"]), row)
    if not wanted:
        return {}
    ids = {key: pk for key, pk in ((normalize_name(name), pk) for pk, name in
                                   Recruiter.objects.values_list("pk", "name")) if key in wanted}
    for key, row in wanted.items():
        if key not in ids:
            ids[key] = Recruiter.objects.create(name=row["recruiter"], claimed_agency_id=row.get("agency"),
                                                home_region_id=row["village"]).pk
    return ids


def _defaults(model):
    """Every column of a new row with its default, once per import (not once per row)."""
    return {f.attname: (f.get_default() if f.has_default() else ("" if not f.null else None))
            for f in model._meta.concrete_fields}


# Updated when the file says otherwise; the NIK is the match itself and is never rewritten.
PERSON_UPDATE_FIELDS = [FK_KEYS.get(k, k) for k in PERSON_KEYS if k != "nik"] + ["kk_hash", "name_key"]
PLACEMENT_UPDATE_FIELDS = [FK_KEYS.get(k, k) for k in PLACEMENT_KEYS] + [
    "recruiter_id", "flag_codes", "person_id", "village_id"]  # expected_return is one of PLACEMENT_KEYS


def _plain(value):
    return getattr(value, "code", value)  # a Country compares as its code


def _write_people(chunk, people, existing_objs, user, now):
    new, updated, seen = [], [], set()
    template = _defaults(Person)
    for row in chunk:
        key = row["nik_hash"]
        if key in people or key in seen:
            continue  # an earlier row of this file already wrote this person
        seen.add(key)
        person = existing_objs.get(key)
        if person is None:
            # A plain record: model instances cost ~100 µs each at 100,000 rows.
            values = dict(template)
            for name in PERSON_KEYS:
                value = row.get(name)
                values[FK_KEYS.get(name, name)] = value if value is not None else ""
            values.update(created_at=now, updated_at=now, created_by_id=user.pk, nik_hash=key,
                          kk_hash=digits_hash(values["kk"]), name_key=normalize_name(values["name"]))
            if not values["marital_status"]:
                values["marital_status"] = MaritalStatus.SINGLE.value
            new.append(values)
            continue
        before = [getattr(person, n) for n in PERSON_UPDATE_FIELDS]
        for name in PERSON_KEYS:
            value = row.get(name)
            if name == "nik" or (name == "kk" and not value):
                continue  # an empty cell does not erase a known KK
            setattr(person, FK_KEYS.get(name, name), value if value is not None else "")
        person.kk_hash = digits_hash(person.kk)
        person.name_key = normalize_name(person.name)
        if [getattr(person, n) for n in PERSON_UPDATE_FIELDS] != before:  # an unchanged row writes nothing
            person.updated_at = now
            updated.append(person)
        people[key] = (person.pk, person.village_id, person.birth_date)
    if new:
        for values, pk in zip(new, reserve_ids(Person, len(new)), strict=True):
            values["id"] = pk
            # What later rows need of this person: the whole record would be ~1 KB a person kept to the end.
            people[values["nik_hash"]] = (pk, values["village_id"], values["birth_date"])
            # Encrypted once: the person row and its history row share the tokens.
            values["nik"] = encrypt(values["nik"])
            values["kk"] = encrypt(values["kk"]) if values["kk"] else ""
        insert_rows(Person, new)
        insert_history(Person, new, user, now)
    if updated:
        update_rows(Person, updated, PERSON_UPDATE_FIELDS + ["updated_at"], user, now)


NULLABLE_PLACEMENT_KEYS = {"agency", "contract_start", "contract_end", "departure_date", "expected_return",
                           "actual_return"}


class _Record:
    """Attribute access to a plain row, for the flag rules (migrants.risk reads attributes)."""

    def __init__(self, values, **extra):
        self.__dict__.update(values)
        self.__dict__.update(extra)


def _write_placements(chunk, people, matched, agencies, recruiters, user, now, today):
    ids = [pk for pk in (matched.get(r["row"]) for r in chunk) if pk]
    known = Placement.objects.in_bulk(ids) if ids else {}
    template = _defaults(Placement)
    recruiter_of = {}  # the file's spelling -> pk (few distinct names)
    new, changed, updated = [], [], []
    for row in chunk:
        if not row.get("has_placement"):
            continue
        person_id, village_id, birth_date = people[row["nik_hash"]]
        recruiter_id = None
        if row.get("recruiter"):
            if row["recruiter"] not in recruiter_of:
                recruiter_of[row["recruiter"]] = recruiters.get(normalize_name(row["recruiter"]))
            recruiter_id = recruiter_of[row["recruiter"]]
        pk = matched.get(row["row"])
        if pk:
            placement = known[pk]
            before = [_plain(getattr(placement, n)) for n in PLACEMENT_UPDATE_FIELDS]
            placement.person_id, placement.village_id = person_id, village_id
            for key in PLACEMENT_KEYS:
                value = row.get(key)
                if key == "agency":
                    placement.agency = agencies.get(value) if value else None  # no query per row for the rules
                    continue
                if value is None and key not in NULLABLE_PLACEMENT_KEYS:
                    value = ""
                setattr(placement, key, value)
            if recruiter_id:
                placement.recruiter_id = recruiter_id
            if placement.expected_return is None and placement.contract_end:
                placement.expected_return = placement.contract_end
            if [_plain(getattr(placement, n)) for n in PLACEMENT_UPDATE_FIELDS] != before:
                changed.append((placement, birth_date))  # an unchanged row writes nothing
            continue
        values = dict(template)
        for key in PLACEMENT_KEYS:
            value = row.get(key)
            if value is None and key not in NULLABLE_PLACEMENT_KEYS:
                value = ""
            values[FK_KEYS.get(key, key)] = value
        values.update(person_id=person_id, village_id=village_id, recruiter_id=recruiter_id, created_at=now,
                      updated_at=now, created_by_id=user.pk)
        if values["expected_return"] is None and values["contract_end"]:
            values["expected_return"] = values["contract_end"]
        flags = risk.evaluate(_Record(values, agency=agencies.get(values["agency_id"])), today, documents=(),
                              costs=(), person=_Record({"birth_date": birth_date}))
        values["flag_codes"] = _flag_codes(flags, False, False)
        new.append(values)
    if new:
        for values, pk in zip(new, reserve_ids(Placement, len(new)), strict=True):
            values["id"] = pk
        insert_rows(Placement, new)
        insert_history(Placement, new, user, now)
    if changed:
        # The flags of a changed placement, with its documents and costs fetched once for the chunk.
        documents, costs = {}, {}
        pks = [placement.pk for placement, _birth in changed]
        for doc in PlacementDocument.objects.filter(placement_id__in=pks):
            documents.setdefault(doc.placement_id, []).append(doc)
        for cost in CostItem.objects.filter(placement_id__in=pks):
            costs.setdefault(cost.placement_id, []).append(cost)
        for placement, birth_date in changed:
            flags = risk.evaluate(placement, today, documents=documents.get(placement.pk, []),
                                  costs=costs.get(placement.pk, []), person=_Record({"birth_date": birth_date}))
            placement.flag_codes = _flag_codes(flags, placement.lost_contact, placement.non_procedural)
            placement.updated_at = now
            updated.append(placement)
        update_rows(Placement, updated, PLACEMENT_UPDATE_FIELDS + ["updated_at"], user, now)


def _flag_codes(flags, lost_contact, non_procedural):
    codes = [flag.code for flag in flags]
    if lost_contact:
        codes.append("lost_contact")
    if non_procedural:
        codes.append("non_procedural")
    return f",{','.join(codes)}," if codes else ""


def _write_contacts(chunk, people, existing, user, now):
    """The row's family contact: added (primary when the person has none), or updated when the person already
    has a contact of that name."""
    rows = [r for r in chunk if r.get("contact_name")]
    if not rows:
        return
    known_ids = {existing[r["nik_hash"]][0] for r in rows if r["nik_hash"] in existing}
    contacts = {}
    for contact in FamilyContact.objects.filter(person_id__in=known_ids):
        contacts.setdefault(contact.person_id, []).append(contact)
    template = _defaults(FamilyContact)
    new = []
    for row in rows:
        person_id = people[row["nik_hash"]][0]
        theirs = contacts.setdefault(person_id, [])
        key = normalize_name(row["contact_name"]) if theirs else None
        same = next((c for c in theirs if normalize_name(_name_of(c)) == key), None)
        if same is None:
            values = dict(template)
            values.update(person_id=person_id, name=row["contact_name"], relationship=row["contact_relationship"],
                          phone=row.get("contact_phone") or "", created_at=now, updated_at=now,
                          is_primary=not any(_is_primary(c) for c in theirs))
            theirs.append(values)
            new.append(values)
        elif isinstance(same, FamilyContact):
            changed = False
            for attr, value in (("relationship", row["contact_relationship"]), ("phone", row.get("contact_phone"))):
                if value and getattr(same, attr) != value:
                    setattr(same, attr, value)
                    changed = True
            if changed:
                same.save()
    if new:
        for values, pk in zip(new, reserve_ids(FamilyContact, len(new)), strict=True):
            values["id"] = pk
        insert_rows(FamilyContact, new)
        insert_history(FamilyContact, new, user, now)


def _name_of(contact):
    return contact["name"] if isinstance(contact, dict) else contact.name


def _is_primary(contact):
    return contact["is_primary"] if isinstance(contact, dict) else contact.is_primary


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

    from core.crypto import EncryptedField, is_encrypted_token

    kind = field.get_internal_type()
    if isinstance(field, EncryptedField):
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
        return connection.ops.adapt_datefield_value if connection.vendor != "postgresql" else None
    if kind in ("CharField", "TextField") and not field.null:
        return lambda v: "" if v is None else v
    return None  # passed as it is


def _insert(model, names, rows):
    """COPY (PostgreSQL) or multi-row INSERTs of `rows` (sequences in the order of `names`): one round trip
    per many rows instead of one per row."""
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = [(i, conv) for i, conv in ((i, _converter(fields[n], connection)) for i, n in enumerate(names))
                  if conv is not None]

    def values_of(row):
        if not converters:
            return row
        values = list(row)
        for i, conv in converters:
            values[i] = conv(values[i])
        return values

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
    if connection.vendor == "postgresql":
        # COPY: no SQL text to build or parse, the fastest way into PostgreSQL (psycopg 3).
        # The raw psycopg cursor: its errors are made Django's (DatabaseError) as any other query's are.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values_of(row))
        return
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    # Stay under the bound-parameter limits (SQLite 32766, others 65535).
    per_statement = max(1, min(1000, (15000 if connection.vendor == "sqlite" else 60000) // len(names)))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per_statement):
            part = rows[i:i + per_statement]
            params = [v for row in part for v in values_of(row)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(part))}", params)


def insert_rows(model, records):
    """Insert plain records (dicts with every attname of the model, "id" set)."""
    names = [f.attname for f in model._meta.concrete_fields]
    take = operator.itemgetter(*names)
    _insert(model, names, [take(record) for record in records])


def insert_history(model, records, user, now, history_type="+"):
    """What simple-history writes on create ('+') or change ('~'): a row per record, in bulk."""
    history = model.history.model
    source = [f.attname for f in model._meta.concrete_fields]
    tracked = [f.attname for f in history._meta.concrete_fields if f.attname in source]
    extra = {"history_date": now, "history_change_reason": None, "history_type": history_type,
             "history_user_id": getattr(user, "pk", None)}
    others = [f.attname for f in history._meta.concrete_fields if f.attname not in source and f.attname != "history_id"]
    constant = tuple(extra.get(n) for n in others)
    take = operator.itemgetter(*tracked)
    _insert(history, tracked + others, [take(record) + constant for record in records])


def update_rows(model, objects, attnames, user, now):
    """UPDATE changed objects by id (executemany: pipelined on psycopg 3) and write their '~' history rows.

    Django's bulk_update builds one CASE WHEN per column over the whole batch, which the database evaluates
    row by row: a 5,000-row batch of people took over ten minutes on PostgreSQL.
    """
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(fields[n].column)} = %s" for n in attnames)
    params = [[fields[n].get_db_prep_save(getattr(obj, n), connection) for n in attnames] + [obj.pk]
              for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE id = %s", params)
    insert_history(model, [{n: getattr(obj, n) for n in fields} for obj in objects], user, now, "~")


def _single_scope(user):
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
    # NIK, KK and phone columns as text, so Excel does not round 16 digits to 15 or drop the leading 0.
    text_columns = [HEADERS.index(h) + 1 for h in TEXT_COLUMNS]
    for row in range(2, 2002):
        for col in text_columns:
            ws.cell(row=row, column=col).number_format = "@"
    for i, header in enumerate(HEADERS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(header) + 2)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(str(_("Petunjuk")))
    help_ws.append([_("Kolom"), _("Wajib"), _("Isi")])
    for header, _key, required, hint in COLUMNS:
        help_ws.append([header, _("ya") if required else "", str(hint)])
    help_ws.append([])
    help_ws.append([_("Satu baris = satu warga dan (bila diisi) satu penempatan. Warga dicocokkan dengan NIK: NIK "
                      "yang sudah terdaftar akan diperbarui.")])
    help_ws.column_dimensions["A"].width = 26
    help_ws.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
