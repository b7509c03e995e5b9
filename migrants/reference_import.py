"""Reference data from a spreadsheet, all or nothing: agencies (P3MI, e.g. the list published by KP2MI) matched
by SIP3MI number or else by name, and field recruiters (sponsor/calo) matched by name and phone."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from accounts.scoping import can_access_region
from audit.models import Action
from audit.services import record
from core.datakeys import with_keys
from people.models import name_hash, normalise_name, phone_hash
from regions.models import Region

from . import services
from .imports.reading import RowError, agency_lookup, cell_text, parse_date, parse_phone, read_table
from .models import Agency, Recruiter

COLUMNS = {"nama": "name", "no_sip3mi": "licence_number", "berlaku_sejak": "licence_valid_from",
           "berlaku_sampai": "licence_valid_until", "alamat": "address", "telepon": "phone"}


@dataclass
class Result:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self):
        return not self.errors


def _header(data, result, columns):
    """The file's rows and its normalised header names, or None with the file's problem in result.errors."""
    try:
        rows, names = read_table(data)
    except RowError as exc:
        result.errors.append((0, "", str(exc)))
        return None, None
    if "nama" not in names:
        result.errors.append((1, "nama", _("Kolom 'nama' tidak ditemukan. Kolom: %(c)s.") % {"c": ", ".join(columns)}))
        return None, None
    return rows, names


def import_agencies(actor, data, request=None):
    result = Result()
    if not has_perm(actor, "migrants.edit_agency"):
        result.errors.append((0, "", _("Peran Anda tidak dapat mengubah data P3MI.")))
        return result
    rows, names = _header(data, result, COLUMNS)
    if rows is None:
        return result
    cleaned = []
    for number, values in rows:
        raw = {COLUMNS[h]: values[i] for i, h in enumerate(names) if h in COLUMNS and i < len(values)}
        if not any(v not in (None, "") for v in raw.values()):
            continue
        item = {}
        for key in ("name", "licence_number", "address", "phone"):
            item[key] = cell_text(raw.get(key), 200)
        if not item["name"]:
            result.errors.append((number, "nama", _("Nama wajib diisi.")))
        for key, header_name in (("licence_valid_from", "berlaku_sejak"), ("licence_valid_until", "berlaku_sampai")):
            try:
                item[key] = parse_date(raw.get(key))
            except RowError as exc:
                result.errors.append((number, header_name, str(exc)))
        cleaned.append(item)
    if result.errors:
        return result
    with transaction.atomic():
        by_licence = {a.licence_number.lower(): a for a in Agency.objects.exclude(licence_number="")}
        by_name = {a.name.lower(): a for a in Agency.objects.all()}
        for item in cleaned:
            agency = by_licence.get(item["licence_number"].lower()) if item["licence_number"] else None
            agency = agency or by_name.get(item["name"].lower())
            if agency is None:
                result.created += 1
            else:
                result.updated += 1
            services.save_agency(actor, agency, request=request, **item)
        record(actor, Action.IMPORT, object_type="migrants.agency", object_id="", object_repr="P3MI",
               note=_("%(c)s baru, %(u)s diperbarui.") % {"c": result.created, "u": result.updated},
               request=request)
    return result


# --- Recruiters ----------------------------------------------------------------------------------

RECRUITER_COLUMNS = {"nama": "name", "telepon": "phone", "p3mi": "claimed_agency", "kode_wilayah": "home_region",
                     "catatan": "notes"}
NAME_MAX = Recruiter._meta.get_field("name").max_length
NOTES_MAX = 2000


class _Known:
    """A recorded recruiter as the import matches it (its id and keyed phone hash; nothing decrypted), or one the file
    adds (no id)."""

    def __init__(self, pk, phone_key):
        self.pk, self.phone_key = pk, phone_key


class _RecruiterIndex:
    """Recorded recruiters by the keyed hash of their normalised name, found for the file's names with one query per
    1000 (the names are sealed: no recruiter is loaded nor decrypted to match). A row is the same person when the
    name matches and, if both have a phone, the phone too (its keyed hash; same name with another phone is another
    person)."""

    def __init__(self, names):
        keys = list({name_hash(n) for n in names if normalise_name(n)})
        self.by_name = {}
        for start in range(0, len(keys), 1000):
            for pk, key, phone_key in (Recruiter.objects.filter(name_key__in=keys[start:start + 1000])
                                       .order_by("pk").values_list("pk", "name_key", "phone_hash")):
                self.by_name.setdefault(key, []).append(_Known(pk, phone_key))

    def match(self, name, phone):
        """(recruiter or None, error message or None)."""
        candidates = self.by_name.get(name_hash(name), [])
        if phone:
            key = phone_hash(phone)
            same = [r for r in candidates if r.phone_key == key]
            if same:
                return same[0], None
            candidates = [r for r in candidates if not r.phone_key]
        if len(candidates) > 1:
            return None, _("Ada %(n)s perekrut bernama '%(v)s'. Isi kolom telepon agar jelas yang mana, atau ubah "
                           "satu per satu di daftar perekrut.") % {"n": len(candidates), "v": name}
        return (candidates[0] if candidates else None), None

    def add(self, name, phone):
        """A recruiter the file will create, so that a later row naming the same person is caught."""
        pending = _Known(None, phone_hash(phone) if phone else "")
        self.by_name.setdefault(name_hash(name), []).append(pending)
        return pending


def import_recruiters(actor, data, request=None):
    """Columns nama (required), telepon, p3mi (name or SIP3MI number of a recorded agency), kode_wilayah (a
    region code of any level inside the user's scope), catatan. A blank cell leaves an existing value as it is.
    Every problem is listed by (row, column, message) and nothing is written if there is one."""
    result = Result()
    if not has_perm(actor, "migrants.edit_recruiter"):
        result.errors.append((0, "", _("Peran Anda tidak dapat mengubah data perekrut.")))
        return result
    rows, names = _header(data, result, RECRUITER_COLUMNS)
    if rows is None:
        return result
    agencies = agency_lookup()
    regions = {}
    rows, at = list(rows), names.index("nama")  # read once: the index asks for every name of the file at once
    index = _RecruiterIndex(cell_text(values[at], 1000) for _n, values in rows if at < len(values))
    seen = {}  # id() of a recorded recruiter, or of one this file adds -> the first row naming it
    cleaned = []
    for number, values in rows:
        raw = {RECRUITER_COLUMNS[h]: values[i] for i, h in enumerate(names)
               if h in RECRUITER_COLUMNS and i < len(values)}
        if not any(v not in (None, "") for v in raw.values()):
            continue
        errors = len(result.errors)
        item, recruiter = {}, None
        name = cell_text(raw.get("name"), 1000)
        if not name:
            result.errors.append((number, "nama", _("Nama wajib diisi.")))
        elif len(name) > NAME_MAX:
            result.errors.append((number, "nama", _("Nama terlalu panjang (paling banyak %(n)s huruf).")
                                  % {"n": NAME_MAX}))
        else:
            item["name"] = name
        try:
            phone = parse_phone(raw.get("phone"))
        except RowError as exc:
            result.errors.append((number, "telepon", str(exc)))
            phone = ""
        if phone:
            item["phone"] = phone
        agency_text = cell_text(raw.get("claimed_agency"), 200)
        if agency_text:
            agency = agencies.get(agency_text.lower())
            if agency is None:
                result.errors.append((number, "p3mi", _(
                    "P3MI '%(v)s' belum terdaftar. Tambahkan dulu di daftar P3MI, atau tulis nomor SIP3MI-nya.")
                    % {"v": agency_text}))
            else:
                item["claimed_agency"] = agency
        code = cell_text(raw.get("home_region"), 40)
        if code:
            if code not in regions:
                regions[code] = Region.objects.filter(code=code).first()
            if regions[code] is None:
                result.errors.append((number, "kode_wilayah", _(
                    "Kode wilayah '%(c)s' tidak dikenal. Gunakan kode Kemendagri seperti 35.05 (kabupaten), "
                    "35.05.10 (kecamatan) atau 35.05.10.2002 (desa).") % {"c": code}))
            elif not can_access_region(actor, code):
                result.errors.append((number, "kode_wilayah", _("Wilayah %(c)s di luar wilayah kerja Anda.")
                                      % {"c": code}))
            else:
                item["home_region"] = regions[code]
        notes = cell_text(raw.get("notes"), NOTES_MAX + 1)
        if len(notes) > NOTES_MAX:
            result.errors.append((number, "catatan", _("Catatan terlalu panjang (paling banyak %(n)s huruf).")
                                  % {"n": NOTES_MAX}))
        elif notes:
            item["notes"] = notes
        if "name" in item:
            recruiter, problem = index.match(name, phone)
            if problem:
                result.errors.append((number, "nama", problem))
            elif recruiter is not None and id(recruiter) in seen:
                result.errors.append((number, "nama", _("Baris ini mengulang perekrut di baris %(r)s.")
                                      % {"r": seen[id(recruiter)]}))
            elif recruiter is None:  # new: later rows naming the same person repeat this one
                seen[id(index.add(name, phone))] = number
            else:
                seen[id(recruiter)] = number
        if len(result.errors) == errors:
            cleaned.append((recruiter, item))
    if result.errors:
        return result
    with transaction.atomic():
        # Only the recruiters this file updates are loaded (their data keys primed with one query).
        recorded = {r.pk: r for r in with_keys(Recruiter.objects.filter(
            pk__in=[known.pk for known, _item in cleaned if known is not None]))}
        for known, item in cleaned:
            recruiter = None
            if known is None:
                result.created += 1
            else:
                result.updated += 1
                item.pop("name")  # matched by name: keep the spelling already recorded
                recruiter = recorded[known.pk]
            services.save_recruiter(actor, recruiter, request=request, **item)
        record(actor, Action.IMPORT, object_type="migrants.recruiter", object_id="",
               object_repr=_("Perekrut lapangan"),
               note=_("%(c)s baru, %(u)s diperbarui.") % {"c": result.created, "u": result.updated},
               request=request)
    return result
