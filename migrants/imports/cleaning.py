"""Cleaning the placement import's rows: every cell to a stored value or a (row, column, message) error, and
matching rows to the people and placements already registered.

Columns with few distinct values (villages, dates, choices) are cleaned once per distinct value: at 100,000
rows this is most of the preview's time saved.
"""

import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.permissions import has_perm
from core.countries import indonesian_names
from people.models import Education, MaritalStatus, Person, Relationship, Sex, digits_hash
from people.nik import NikError, clean_nik, parse_nik
from regions.models import Region

from ..models import EmployerType, Placement, Position, Scheme, Sector, Status, national_ref_hash
from ..models.agencies import recruiter_ids_by_name
from .columns import COLUMNS, HEADER_OF
from .reading import (
    RowError,
    agency_lookup,
    cell_text,
    parse_birth_date,
    parse_date,
    parse_phone,
    tidy_name,
    two_digit_year,
)


def _choice_map(enum, extra=None):
    """{lower-case code or label: code}: the labels in Indonesian and English, so a file is read alike whatever
    language the person who filled it (or the server reading it) uses."""
    mapping = {}
    for language in ("en", "id"):
        with translation.override(language):
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
RELATIONSHIP_MAP = _choice_map(Relationship, {
    "suami": "spouse", "istri": "spouse", "isteri": "spouse", "pasangan": "spouse", "ayah": "parent",
    "bapak": "parent", "ibu": "parent", "orang tua": "parent", "ortu": "parent", "anak": "child",
    "kakak": "sibling", "adik": "sibling", "saudara": "sibling", "wali": "guardian", "paman": "relative",
    "bibi": "relative", "kakek": "relative", "nenek": "relative", "kerabat": "relative", "lainnya": "other"})
COUNTRY_MAP = {}
with translation.override("en"):
    for code, name in countries:
        COUNTRY_MAP[code.lower()] = code
        COUNTRY_MAP[str(name).lower()] = code
for code, name in indonesian_names().items():
    if len(code) == 2 and code.isalpha():
        COUNTRY_MAP.setdefault(name.lower(), code.upper())
COUNTRY_MAP.update({"hongkong": "HK", "hong kong": "HK", "taiwan": "TW", "malaysia": "MY", "singapura": "SG",
                    "arab saudi": "SA", "saudi": "SA", "korea selatan": "KR", "korsel": "KR", "jepang": "JP",
                    "brunei": "BN", "uea": "AE", "uni emirat arab": "AE", "qatar": "QA", "kuwait": "KW",
                    "turki": "TR", "polandia": "PL", "inggris": "GB", "amerika serikat": "US", "australia": "AU",
                    "selandia baru": "NZ", "mesir": "EG", "yordania": "JO", "oman": "OM", "bahrain": "BH"})


_COUNTRY_LABEL = re.compile(r"^([a-z]{2})\s*[–-]\s")  # "HK – Hong Kong", as the template's list offers it


def _choice(value, mapping, label):
    text = " ".join(str(value or "").split()).lower()
    if not text:
        return ""
    if text in mapping:
        return mapping[text]
    m = _COUNTRY_LABEL.match(text)
    if m and mapping is COUNTRY_MAP and m.group(1) in mapping:
        return mapping[m.group(1)]
    raise RowError(_("'%(v)s' tidak dikenal untuk %(col)s.") % {"v": value, "col": label})


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


MASKED = re.compile(r"^\d{2,8}\*{4,}\d{0,4}$")  # 3505**********01, as exports show a NIK to most roles


def is_masked(value):
    return isinstance(value, str) and bool(MASKED.match(value.strip().replace(" ", "")))


def _nik_or_masked(value):
    """The NIK, or the masked NIK as text (a row of an export: it is matched by its ID column instead)."""
    if is_masked(value):
        return value.strip().replace(" ", "")
    return parse_nik_cell(value)


def _kk(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise RowError(_("No. KK tersimpan sebagai angka: digit terakhir hilang. Ubah format kolom menjadi Teks "
                         "lalu ketik ulang."))
    if is_masked(value):
        return ""  # a masked KK from an export: the stored KK stays
    kk = clean_nik(value)
    if kk and (not kk.isdigit() or len(kk) != 16):
        raise RowError(_("No. KK harus 16 digit angka."))
    return kk


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
        self.two_digit_years = False
        cleaners = _cleaners(self)
        self.plan = [(key, index.get(key), cleaners[key], {} if key in MEMO_KEYS else None)
                     for _h, key, *_rest in COLUMNS]

    def village(self, code):
        code = cell_text(code, 20)
        digits = code.replace(" ", "")
        if len(digits) == 10 and digits.isdigit():  # typed without dots (or a number): 3505102002
            code = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(code=code, level=4).exists()
        if not self.villages[code]:
            raise RowError(_("Kode desa '%(c)s' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002.")
                           % {"c": code})
        if not self.in_scope(code):
            raise RowError(_("Desa %(c)s di luar wilayah kerja Anda.") % {"c": code})
        return code

    def agency(self, value):
        text = cell_text(value, 200).lower()
        if not text:
            return None
        agency = self.agencies.get(text)
        if agency is None:
            raise RowError(_("P3MI '%(v)s' belum terdaftar. Tambahkan dulu di daftar P3MI, atau tulis nomor "
                             "SIP3MI-nya.") % {"v": value})
        return agency.pk

    def recruiters(self, names):
        """{normalised name: pk} of the recorded recruiters among `names` (the file's), found by their keyed name
        hashes (the names are sealed: none is loaded nor decrypted)."""
        if self._recruiters is None:
            self._recruiters = recruiter_ids_by_name(names)
        return self._recruiters

    def filled(self, values, key):
        """Whether the file has anything in the cell of `key` (the cleaned value may still be empty)."""
        position = self.index.get(key)
        return position is not None and position < len(values) and values[position] not in (None, "")


def _required(fn, message):
    # `message` is a callable: translating it for every row of a large file would cost seconds.
    def wrapped(value):
        if value is None or str(value).strip() == "":
            raise RowError(message())
        return fn(value)
    return wrapped


def _cleaners(ctx):
    def dates(parse):
        def read(value):
            if not ctx.two_digit_years and two_digit_year(value):
                ctx.two_digit_years = True  # the preview states how the century was chosen
            return parse(value)
        return read

    return {
        "nik": _nik_or_masked,
        "kk": _kk,
        "name": _required(lambda v: tidy_name(cell_text(v, 150)), lambda: _("Nama wajib diisi.")),
        "sex": _required(lambda v: _choice(v, SEX_MAP, HEADER_OF["sex"]),
                         lambda: _("Jenis kelamin wajib diisi (L/P).")),
        "birth_place": lambda v: cell_text(v, 100),
        "birth_date": _required(dates(parse_birth_date),
                                lambda: _("Tanggal lahir wajib diisi.")),
        "village": _required(ctx.village, lambda: _("Kode desa wajib diisi.")),
        "dusun": lambda v: cell_text(v, 100),
        "rt": lambda v: cell_text(v, 3),
        "rw": lambda v: cell_text(v, 3),
        "address": lambda v: cell_text(v, 255),
        "phone": parse_phone,
        "marital_status": lambda v: _choice(v, MARITAL_MAP, HEADER_OF["marital_status"]) or MaritalStatus.SINGLE,
        "education": lambda v: _choice(v, EDUCATION_MAP, HEADER_OF["education"]),
        "destination_country": lambda v: _choice(v, COUNTRY_MAP, HEADER_OF["destination_country"]),
        "sector": lambda v: _choice(v, SECTOR_MAP, HEADER_OF["sector"]),
        "position": lambda v: _choice(v, POSITION_MAP, HEADER_OF["position"]),
        "employer_type": lambda v: _choice(v, EMPLOYER_MAP, HEADER_OF["employer_type"]),
        "scheme": lambda v: _choice(v, SCHEME_MAP, HEADER_OF["scheme"]),
        "agency": ctx.agency,
        "employer_name": lambda v: cell_text(v, 200),
        "contract_start": dates(parse_date),
        "contract_end": dates(parse_date),
        "departure_date": dates(parse_date),
        "expected_return": dates(parse_date),
        "actual_return": dates(parse_date),
        "status": lambda v: _choice(v, STATUS_MAP, HEADER_OF["status"]) or Status.INTEREST,
        "national_id_ref": lambda v: cell_text(v, 60),
        "recruiter": lambda v: " ".join(cell_text(v, 150).split()),
        "contact_name": lambda v: tidy_name(cell_text(v, 150)),
        "contact_relationship": lambda v: _choice(v, RELATIONSHIP_MAP, HEADER_OF["contact_relationship"]),
        "contact_phone": parse_phone,
        "placement_id": _record_id,
        "person_id": _record_id,
    }


def _record_id(value):
    text = cell_text(value, 20)
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise RowError(_("'%(v)s' bukan ID: salin ID dari ekspor Payung apa adanya, atau kosongkan untuk data baru.")
                       % {"v": text})
    return int(text)


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
    name_at = ctx.index.get("name")
    typed = values[name_at] if name_at is not None and name_at < size else None
    if out.get("name") and isinstance(typed, str) and out["name"] != typed.strip():
        out["name_typed"] = typed.strip()[:150]
    _check_row(out, values, ctx, errors, row_number)
    if out.get("nik") and "*" in out["nik"]:
        if not (out.get("placement_id") or out.get("person_id")):
            errors.append((row_number, HEADER_OF["nik"], _(
                "NIK tersamar (%(v)s): ketik NIK lengkap, atau sertakan kolom ID penempatan atau ID warga dari "
                "ekspor Payung agar baris ini dicocokkan dengan datanya.") % {"v": out["nik"]}))
        out["nik"] = None  # the record named by the ID column gives the person (see changes.resolve_ids)
    elif out.get("nik"):
        out["nik_hash"] = digits_hash(out["nik"])
    return out


def _check_row(out, values, ctx, errors, row_number):
    """The rules between the cells of one row (sets out["has_placement"])."""
    has_placement = bool(out.get("destination_country")) or any(
        out.get(k) for k in ("sector", "position", "departure_date", "national_id_ref"))
    out["has_placement"] = has_placement
    if has_placement and not out.get("destination_country") and not ctx.filled(values, "destination_country"):
        errors.append((row_number, HEADER_OF["destination_country"],
                       _("Negara tujuan wajib diisi bila ada data penempatan.")))
    if out.get("contract_start") and out.get("contract_end") and out["contract_end"] < out["contract_start"]:
        errors.append((row_number, HEADER_OF["contract_end"],
                       _("Akhir kontrak sebelum mulai kontrak.")))
    status = out.get(HEADER_OF["status"])
    if has_placement and status in (Status.DEPARTED, Status.WORKING, Status.RETURNED, Status.RETURNEE,
                                    Status.DEPORTED) and not out.get("departure_date"):
        errors.append((row_number, HEADER_OF["departure_date"], _("Status '%(s)s' perlu tanggal berangkat.")
                       % {"s": Status(status).label}))
    if has_placement and status in (Status.RETURNED, Status.RETURNEE) and not out.get("actual_return"):
        errors.append((row_number, HEADER_OF["actual_return"], _("Status '%(s)s' perlu tanggal pulang.")
                       % {"s": Status(status).label}))
    if out.get("departure_date") and out["departure_date"] > ctx.today and status in (
            Status.DEPARTED, Status.WORKING):
        errors.append((row_number, HEADER_OF["departure_date"], _("Tanggal berangkat di masa depan untuk status "
                                                          "'%(s)s'.") % {"s": Status(status).label}))
    if out.get("recruiter") and not has_placement:
        errors.append((row_number, HEADER_OF["recruiter"], _("Perekrut hanya dicatat pada penempatan: isi juga negara "
                                                 "tujuan.")))
    if out.get("contact_name"):
        if not out.get("contact_relationship") and not ctx.filled(values, "contact_relationship"):
            errors.append((row_number, HEADER_OF["contact_relationship"], _(
                "Hubungan kontak keluarga wajib diisi (mis. suami, istri, orang tua, anak).")))
    elif out.get("contact_phone") or out.get("contact_relationship"):
        errors.append((row_number, HEADER_OF["contact_name"], _("Nama kontak keluarga wajib diisi bila hubungan atau "
                                                             "teleponnya diisi.")))


# --- Matching rows to what is registered -------------------------------------------------------------

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
        # The SISKOP2MI ID is sealed: matched by its keyed hash, no decryption per placement.
        for pk, person_id, ref, country, start in Placement.objects.filter(
                person_id__in=person_pks[i:i + 2000]).values_list(
                "pk", "person_id", "national_id_ref_hash", "destination_country", "contract_start"):
            if ref:
                by_ref[(person_id, ref)] = pk
            by_trip[(person_id, country, start)] = pk
    owner = {}  # placement pk -> person pk, of the placements rows name by their ID column
    ids = list({r["placement_id"] for r in rows if r.get("placement_id")})
    for i in range(0, len(ids), 2000):
        owner.update(Placement.objects.filter(pk__in=ids[i:i + 2000]).values_list("pk", "person_id"))
    matched = {}
    for row in rows:
        if not row.get("has_placement") or row.get("nik_hash") not in existing:
            continue
        person_id = existing[row["nik_hash"]][0]
        if row.get("placement_id") and owner.get(row["placement_id"]) == person_id:
            matched[row["row"]] = row["placement_id"]  # a row of an export: its ID says which placement
            continue
        pk = (by_ref.get((person_id, national_ref_hash(row["national_id_ref"]))) if row.get("national_id_ref")
              else None) or \
            by_trip.get((person_id, row.get("destination_country"), row.get("contract_start")))
        matched[row["row"]] = pk
    return matched
