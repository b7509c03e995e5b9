"""The placement import's columns: the template's headers, what each row holds, and the template itself."""

import io

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import Education, MaritalStatus, Relationship

from ..models import EmployerType, Position, Sector, Status


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


def template_bytes():
    """The XLSX template: the "Data" sheet with the headers, and a sheet explaining every column."""
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
