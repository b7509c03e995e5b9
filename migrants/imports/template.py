"""The XLSX template of the placement import, written by the one spreadsheet writer (core.exports): Indonesian
headers, an example row (skipped on import), drop-down lists for the coded columns, a note on every header and
the NIK, KK and phone columns formatted as text."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.countries import choices as all_countries
from core.exports import Sheet, xlsx_bytes
from people.models import Education, MaritalStatus, Relationship, Sex

from ..models import EmployerType, Position, Scheme, Sector, Status
from .columns import COLUMNS, ID_KEYS, TEXT_COLUMNS, TITLES
from .reading import century_rule

# The example row under the headers. A row with this NIK and name is the template's own and is never imported.
EXAMPLE_NIK = "3505104705950001"
EXAMPLE_NAME = "Siti Aminah (contoh)"
BLANK_ROWS = 2000


def example_values():
    return {
        "nik": EXAMPLE_NIK, "kk": "3505100101950001", "name": EXAMPLE_NAME, "sex": str(Sex.FEMALE.label),
        "birth_place": "Blitar", "birth_date": datetime.date(1995, 5, 7), "village": "35.05.10.2002",
        "dusun": "Krajan", "rt": "001", "rw": "002", "address": "Jl. Mawar 5", "phone": "081234567890",
        "marital_status": str(MaritalStatus.MARRIED.label), "education": str(Education.SMA.label),
        "destination_country": country_label("HK"),
        "sector": str(Sector.choices[0][1]), "position": str(Position.choices[0][1]),
        "employer_type": str(EmployerType.choices[0][1]), "scheme": str(Scheme.P_TO_P.label),
        "agency": "PT Contoh Jaya", "employer_name": "Mrs Chan", "contract_start": datetime.date(2025, 1, 10),
        "contract_end": datetime.date(2027, 1, 9), "departure_date": datetime.date(2025, 1, 5),
        "status": str(Status.WORKING.label), "national_id_ref": "", "recruiter": "",
        "contact_name": "Sutrisno", "contact_relationship": str(Relationship.choices[0][1]),
        "contact_phone": "081298765432",
    }


def country_label(code):
    """A country as the drop-down offers it: "HK – Hong Kong" (the code is what the importer reads first)."""
    return f"{code} – {dict(all_countries()).get(code, code)}"


def choices():
    """{key: the values offered in the drop-down list of that column}."""
    def labels(enum):
        return [str(label) for _value, label in enum.choices]

    return {
        "sex": labels(Sex), "marital_status": labels(MaritalStatus), "education": labels(Education),
        "destination_country": [f"{code} – {name}" for code, name in all_countries() if code],
        "sector": labels(Sector), "position": labels(Position), "employer_type": labels(EmployerType),
        "scheme": labels(Scheme), "status": labels(Status), "contact_relationship": labels(Relationship),
    }


def template_columns():
    return [c for c in COLUMNS if c[1] not in ID_KEYS]


def template_bytes():
    """The XLSX template: the "Data" sheet (headers, example row, formatted empty rows) and a sheet explaining
    every column."""
    columns = template_columns()
    keys = [key for _h, key, *_rest in columns]
    lists = choices()
    example = example_values()
    notes = {}
    for i, (_header, key, required, hint) in enumerate(columns):
        note = str(hint)
        if required:
            note = _("Wajib diisi.") + (" " + note if note else "")
        if key in lists:
            note = (note + " " if note else "") + _("Pilih dari daftar, atau ketik kode/nama.")
        if key in ("birth_date", "contract_start", "contract_end", "departure_date", "expected_return",
                   "actual_return"):
            note += " " + century_rule()
        notes[i] = note.strip() or TITLES[key]
    data = Sheet(
        "Data", [[TITLES[key] for key in keys], [example.get(key, "") for key in keys]],
        choices={i: lists[key] for i, key in enumerate(keys) if key in lists}, notes=notes,
        text_columns=tuple(i for i, (header, *_rest) in enumerate(columns) if header in TEXT_COLUMNS),
        blank_rows=BLANK_ROWS, muted_rows=(1,))
    guide = [[_("Kolom"), _("Nama lama (tetap diterima)"), _("Wajib"), _("Isi")]]
    for header, key, required, hint in COLUMNS:
        guide.append([TITLES[key], header, _("ya") if required else "", str(hint)])
    guide += [
        [],
        [_("Satu baris = satu warga dan (bila diisi) satu penempatan. Warga dicocokkan dengan NIK: NIK yang sudah "
           "terdaftar akan diperbarui. Baris contoh (NIK %(nik)s) tidak diimpor.") % {"nik": EXAMPLE_NIK}],
        [_("Tanggal: %(rule)s") % {"rule": century_rule()}],
        [_("Kode desa boleh tanpa titik (3505102002 = 35.05.10.2002).")],
        [_("Nama yang seluruhnya huruf besar disimpan dengan huruf besar di awal kata (SITI AMINAH menjadi Siti "
           "Aminah); ejaan aslinya dicatat di riwayat.")],
        [_("Ekspor daftar penempatan dapat diubah lalu diimpor kembali: hanya baris yang berubah yang diperbarui.")],
        [_("Dibuat %(d)s") % {"d": date_format(datetime.date.today(), "DATE_FORMAT")}],
    ]
    return xlsx_bytes([data, Sheet(_("Petunjuk"), guide)])
