"""NIK rules (Permendagri on population administration; see DESIGN.md "Reference data").

A NIK is 16 digits: PP KK CC (province, regency, district where it was first issued) DD MM YY (birth date;
women add 40 to the day) SSSS (serial). A malformed NIK is an *error* naming the wrong part. A NIK whose
date, sex or district disagrees with the record is only a *warning*: the district is where the NIK was first
issued, and a NIK is not reissued after a birth-date correction.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Cleaning is core's: core.formatting.mask_nik (used by exports too) cleans the same way.
from core.formatting import clean_nik

# Province codes of Kepmendagri 300.2.2-2138/2025 (38 provinces).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36",
    "51", "52", "53",
    "61", "62", "63", "64", "65",
    "71", "72", "73", "74", "75", "76",
    "81", "82",
    "91", "92", "93", "94", "95", "96", "97",
})


class NikError(ValueError):
    """A malformed NIK; `part` names the wrong part (length, digits, province, day, month, serial)."""

    def __init__(self, part, message):
        super().__init__(message)
        self.part = part
        self.message = message


@dataclass(frozen=True)
class ParsedNik:
    nik: str
    province: str
    district_code: str  # dotted, e.g. 35.05.10
    day: int
    month: int
    year2: int
    sex: str  # "M" or "F"
    serial: str


def parse_nik(value) -> ParsedNik:
    nik = clean_nik(value)
    if not nik:
        raise NikError("length", _("NIK wajib diisi: 16 digit sesuai KTP."))
    if not nik.isdigit():
        raise NikError("digits", _("NIK hanya boleh berisi angka."))
    if len(nik) != 16:
        raise NikError("length", _("NIK harus 16 digit, yang diisi %(n)s digit.") % {"n": len(nik)})
    province = nik[:2]
    if province not in PROVINCE_CODES:
        raise NikError("province", _("Kode provinsi NIK (2 digit pertama, %(code)s) tidak ada.") % {"code": province})
    day_part, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if 1 <= day_part <= 31:
        day, sex = day_part, "M"
    elif 41 <= day_part <= 71:
        day, sex = day_part - 40, "F"
    else:
        raise NikError(
            "day",
            _("Tanggal lahir pada NIK (digit 7–8, %(dd)s) harus 01–31, atau 41–71 untuk perempuan.")
            % {"dd": nik[6:8]},
        )
    if not 1 <= month <= 12:
        raise NikError("month", _("Bulan lahir pada NIK (digit 9–10, %(mm)s) harus 01–12.") % {"mm": nik[8:10]})
    if nik[12:] == "0000":
        raise NikError("serial", _("Nomor urut NIK (4 digit terakhir) tidak boleh 0000."))
    return ParsedNik(
        nik=nik, province=province, district_code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}", day=day, month=month,
        year2=year2, sex=sex, serial=nik[12:],
    )


def optional_nik(value, field="nik"):
    """A NIK that may be left out (a service request, a letter): empty stays empty, anything else must pass
    parse_nik; its error is put on `field` and names the wrong part."""
    if not clean_nik(value):
        return ""
    try:
        return parse_nik(value).nik
    except NikError as error:
        raise ValidationError({field: error.message})


def nik_warnings(nik, *, birth_date: date | None = None, sex: str | None = None, village_code: str | None = None):
    """Disagreements between a well-formed NIK and the record: shown, never blocking."""
    try:
        parsed = parse_nik(nik)
    except NikError:
        return []
    warnings = []
    if birth_date is not None and (
        parsed.day != birth_date.day or parsed.month != birth_date.month or parsed.year2 != birth_date.year % 100
    ):
        warnings.append(_(
            "Tanggal lahir pada NIK (%(nik_date)s) berbeda dengan tanggal lahir yang dicatat. Periksa KTP; NIK "
            "tidak diganti setelah koreksi tanggal lahir, jadi data tetap boleh disimpan."
        ) % {"nik_date": f"{parsed.day:02d}-{parsed.month:02d}-{parsed.year2:02d}"})
    if sex and parsed.sex != sex:
        warnings.append(
            _("NIK menunjukkan perempuan (tanggal + 40), tetapi jenis kelamin dicatat laki-laki.")
            if parsed.sex == "F"
            else _("NIK menunjukkan laki-laki, tetapi jenis kelamin dicatat perempuan (tanggal lahir pada NIK "
                   "biasanya ditambah 40).")
        )
    if village_code and not village_code.startswith(parsed.district_code + "."):
        warnings.append(_(
            "Kode kecamatan pada NIK (%(code)s) bukan kecamatan desa ini. Ini wajar bila NIK pertama kali "
            "diterbitkan di tempat lain."
        ) % {"code": parsed.district_code})
    return warnings
