"""The placement import's columns: their headers (old and Indonesian), what each row holds."""

import re

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from people.exports import PERSON_TITLES
from people.models import Education, MaritalStatus, Relationship

from ..models import EmployerType, Position, Sector, Status


def _labels(enum):
    """The enum's labels in the active language, joined when shown (not when this module is imported)."""
    return lazy(lambda: "; ".join(str(label) for _v, label in enum.choices), str)()


_DATE_HINT = gettext_lazy("tanggal, mis. 23/11/2026")
# (header, key, required, help). A file's columns are found by their headers, in any order.
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
    ("id_penempatan", "placement_id", False,
     gettext_lazy("dari ekspor daftar penempatan: baris dengan ID memperbarui penempatan itu (NIK boleh tersamar); "
                  "kosongkan untuk data baru")),
    ("id_warga", "person_id", False,
     gettext_lazy("dari ekspor daftar warga: baris dengan ID memperbarui warga itu (NIK boleh tersamar)")),
]
HEADERS = [c[0] for c in COLUMNS]  # the file format's stable names (the headers of older templates)
REQUIRED = [c[0] for c in COLUMNS if c[2]]
# The headers the template and the exports write: Indonesian words that read back to the names above
# (`header_key("No. KK") == "no_kk"`), so a file with either header is read alike. Not translated: a file
# written in one language is read in the other.
TITLES = {
    **PERSON_TITLES,
    "destination_country": "Negara tujuan", "sector": "Sektor", "position": "Jabatan",
    "employer_type": "Jenis pemberi kerja", "scheme": "Skema", "agency": "P3MI", "employer_name": "Nama pemberi kerja",
    "contract_start": "Mulai kontrak", "contract_end": "Akhir kontrak", "departure_date": "Tanggal berangkat",
    "expected_return": "Perkiraan pulang", "actual_return": "Tanggal pulang", "status": "Status",
    "national_id_ref": "ID SISKOP2MI", "recruiter": "Perekrut", "contact_name": "Kontak keluarga: nama",
    "contact_relationship": "Kontak keluarga: hubungan", "contact_phone": "Kontak keluarga: telepon",
    "placement_id": "ID penempatan", "person_id": "ID warga",
}
# Other headers seen in files: earlier exports and common spellings.
ALIASES = {"nik_tersamar": "nik", "nomor_kk": "kk", "no_kartu_keluarga": "kk", "nama_lengkap": "name",
           "kode_wilayah_desa": "village", "no_hp": "phone", "nomor_telepon": "phone", "id": "placement_id"}
PERSON_KEYS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw", "address",
               "phone", "marital_status", "education")
PLACEMENT_KEYS = ("destination_country", "sector", "position", "employer_type", "scheme", "agency",
                  "employer_name", "contract_start", "contract_end", "departure_date", "expected_return",
                  "actual_return", "status", "national_id_ref")
CONTACT_KEYS = ("contact_name", "contact_relationship", "contact_phone")
ID_KEYS = ("placement_id", "person_id")
# Row keys that hold a foreign key's value (a code or pk), not an object.
FK_KEYS = {"village": "village_id", "agency": "agency_id"}
HEADER_OF = {c[1]: TITLES[c[1]] for c in COLUMNS}  # how an error names a column: as the template shows it
TEXT_COLUMNS = ("nik", "no_kk", "telepon", "kontak_keluarga_telepon")  # formatted as text in the template
# "read": what the preview shows of how the row was read (set for the first rows only); "change": new,
# changed or unchanged; "changed": the titles of the columns that change; "name_typed": the name as typed
# when it was tidied (kept in the history entry).
ROW_KEYS = tuple(c[1] for c in COLUMNS) + ("has_placement", "nik_hash", "row", "change", "changed", "name_typed",
                                           "read")
_KEY_BY_HEADER = {**{h: key for h, key, *_rest in COLUMNS}, **ALIASES}


def header_key(text):
    """The column a header names (a key of COLUMNS), or None: case, spaces and punctuation do not matter, so
    "No. KK", "no_kk" and "NO KK" are one column."""
    normal = re.sub(r"[^0-9a-z]+", "_", str(text or "").lower()).strip("_")
    return _KEY_BY_HEADER.get(normal)


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


def column_help():
    """(header, old header, required, hint) of every column, as the import page lists them."""
    return [(TITLES[key], header, required, hint) for header, key, required, hint in COLUMNS]
