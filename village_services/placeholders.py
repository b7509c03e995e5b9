"""Named placeholders in letter templates and numbering patterns: the known names, validation that
refuses unknown ones before saving, and rendering.

Letters are official Indonesian documents: dates on them are always written in Indonesian
("23 Maret 2026") whatever language the operator's screen uses, so month names here are not translated.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Anything between braces is a placeholder candidate, so a typo like {Nama} or { nik } is caught too.
TOKEN = re.compile(r"\{([^{}\n]*)\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str
    automatic: bool = False  # filled by the system at issue, never typed by the operator
    multiline: bool = False


PLACEHOLDERS = [
    Placeholder("nama", _("Nama lengkap pemegang surat")),
    Placeholder("nik", _("NIK pemegang surat")),
    Placeholder("tempat_lahir", _("Tempat lahir")),
    Placeholder("tanggal_lahir", _("Tanggal lahir")),
    Placeholder("jenis_kelamin", _("Jenis kelamin")),
    Placeholder("pekerjaan", _("Pekerjaan")),
    Placeholder("alamat", _("Alamat")),
    Placeholder("tujuan", _("Negara tujuan")),
    Placeholder("p3mi", _("Perusahaan penempatan (P3MI)")),
    Placeholder("jabatan_kerja", _("Jabatan/pekerjaan di luar negeri")),
    Placeholder("tanggal_pulang", _("Tanggal kepulangan")),
    Placeholder("nama_keluarga", _("Nama anggota keluarga yang memberi izin")),
    Placeholder("nik_keluarga", _("NIK anggota keluarga yang memberi izin")),
    Placeholder("hubungan_keluarga", _("Hubungan keluarga (suami/istri/orang tua/wali)")),
    Placeholder("keperluan", _("Keperluan surat"), multiline=True),
    # Issue 16.6: marital status for the CPMI file, heirs of a deceased worker, a death for repatriation.
    Placeholder("status_perkawinan", _("Status perkawinan")),
    Placeholder("tanggal_meninggal", _("Tanggal meninggal dunia")),
    Placeholder("tempat_meninggal", _("Tempat meninggal dunia (kota, negara)")),
    Placeholder("sebab_meninggal", _("Sebab meninggal dunia (menurut keterangan yang ada)")),
    Placeholder("daftar_ahli_waris", _("Daftar ahli waris (satu per baris, urut Permenaker 4/2023 Pasal 57)"),
                multiline=True),
    Placeholder("nama_pelapor", _("Nama pelapor (keluarga)")),
    Placeholder("hubungan_pelapor", _("Hubungan pelapor dengan almarhum/almarhumah")),
    Placeholder("nomor", _("Nomor surat"), automatic=True),
    Placeholder("tanggal", _("Tanggal surat"), automatic=True),
    Placeholder("desa", _("Nama desa"), automatic=True),
    Placeholder("kecamatan", _("Nama kecamatan"), automatic=True),
    Placeholder("kabupaten", _("Nama kabupaten/kota"), automatic=True),
    Placeholder("provinsi", _("Nama provinsi"), automatic=True),
    Placeholder("penandatangan", _("Nama penandatangan"), automatic=True),
    Placeholder("jabatan_penandatangan", _("Jabatan penandatangan"), automatic=True),
]
BY_NAME = {p.name: p for p in PLACEHOLDERS}
NUMBER_TOKENS = {"seq", "year", "month", "roman_month", "village_code", "type_code"}


def tokens(text):
    """Placeholder names as written, in order of first appearance."""
    seen = []
    for match in TOKEN.finditer(text or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def unknown_placeholders(text):
    return [name for name in tokens(text) if name not in BY_NAME]


def unbalanced_braces(text):
    stripped = TOKEN.sub("", text or "")
    return "{" in stripped or "}" in stripped


def input_placeholders(text):
    """The placeholders of a template the operator fills in when issuing (in order of appearance)."""
    return [BY_NAME[name] for name in tokens(text) if name in BY_NAME and not BY_NAME[name].automatic]


def render(text, values):
    """Replace every known placeholder; the template was validated, so all names are known."""
    return TOKEN.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def indonesian_date(value):
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_number(pattern, *, seq, issued_on, village_code, type_code):
    values = {
        "seq": f"{seq:03d}",
        "year": str(issued_on.year),
        "month": f"{issued_on.month:02d}",
        "roman_month": ROMAN[issued_on.month - 1],
        "village_code": village_code,
        "type_code": type_code,
    }
    return TOKEN.sub(lambda m: values[m.group(1)], pattern)


def number_pattern_errors(pattern):
    """Why a numbering pattern cannot be used (empty list when it can)."""
    from django.utils.translation import gettext

    errors = []
    unknown = [name for name in tokens(pattern) if name not in NUMBER_TOKENS]
    if unknown:
        errors.append(gettext("Isian tidak dikenal pada pola nomor: %(names)s. Yang dapat dipakai: %(known)s.") % {
            "names": ", ".join("{%s}" % n for n in unknown),
            "known": ", ".join("{%s}" % n for n in sorted(NUMBER_TOKENS)),
        })
    if unbalanced_braces(pattern):
        errors.append(gettext("Tanda kurung kurawal pada pola nomor tidak berpasangan."))
    names = tokens(pattern)
    if "seq" not in names:
        errors.append(gettext("Pola nomor wajib memuat {seq} (nomor urut)."))
    # The counter restarts every year: without the year two letters would share a number.
    if "year" not in names:
        errors.append(gettext("Pola nomor wajib memuat {year}, karena nomor urut dimulai lagi setiap tahun."))
    return errors


def template_errors(text):
    from django.utils.translation import gettext

    errors = []
    unknown = unknown_placeholders(text)
    if unknown:
        errors.append(gettext("Isian tidak dikenal: %(names)s. Perbaiki ejaannya atau pilih dari daftar isian.") % {
            "names": ", ".join("{%s}" % n for n in unknown),
        })
    if unbalanced_braces(text):
        errors.append(gettext("Ada tanda kurung kurawal { atau } tanpa pasangan. Isian ditulis seperti {nama}."))
    return errors
