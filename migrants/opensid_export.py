"""Payung's migrant list as OpenSID reads it (../shared/formats/opensid.md 2.2-2.4 and 3): a Data Suplemen
workbook (sheet `Peserta`: NIK as text, a note of at most 100 characters, `###` after the last row) and each
person's `pekerja_migran` value, on a second sheet the Suplemen import ignores."""

from django.utils.translation import gettext as _

from core.exports import Sheet

from .imports.opensid_codes import NOT_MIGRANT, PEKERJA_MIGRAN_OF_POSITION
from .models import Status

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
ABROAD = (Status.DEPARTED, Status.WORKING)
NOTE_MAX = 100  # OpenSID's suplemen_terdata.keterangan is varchar(100); one longer value fails the whole file


def _month(day):
    return f"{MONTHS[day.month - 1]} {day.year}" if day else ""


def note(placement):
    """"PMI – Taiwan – di luar negeri sejak Maret 2025": who, where, and since when."""
    country = placement.destination_country.name if placement.destination_country else "-"
    if placement.status in ABROAD:
        where = _("di luar negeri sejak %(m)s") % {"m": _month(placement.departure_date)} \
            if placement.departure_date else _("di luar negeri")
    elif placement.status in (Status.RETURNED, Status.RETURNEE, Status.DEPORTED) and placement.actual_return:
        where = _("%(s)s %(m)s") % {"s": placement.get_status_display().lower(), "m": _month(placement.actual_return)}
    else:
        where = placement.get_status_display().lower()
    return f"PMI – {country} – {where}"[:NOTE_MAX].strip()


def pekerja_migran(placement):
    """OpenSID's free-text `pekerja_migran` value: the job while abroad (pantau's name where one fits), else
    BUKAN PEKERJA MIGRAN."""
    if placement.status not in ABROAD:
        return NOT_MIGRANT
    return PEKERJA_MIGRAN_OF_POSITION.get(placement.position) or (
        placement.get_position_display() if placement.position else _("Pekerja migran"))


def latest_per_person(queryset):
    """The most recent placement of each person (OpenSID refuses a NIK twice in one suplemen)."""
    chosen = {}
    for placement in queryset.select_related("person").order_by("person_id", "-created_at", "-id"):
        chosen.setdefault(placement.person_id, placement)
    return list(chosen.values())


def suplemen_sheets(queryset):
    placements = latest_per_person(queryset)
    peserta = [["Peserta", "Keterangan"]]
    values = [["nik", "nama", "pekerja_migran"]]
    for placement in placements:
        nik = placement.person.nik
        peserta.append([nik, note(placement)])
        values.append([nik, placement.person.name, pekerja_migran(placement)])
    peserta.append(["###", ""])  # OpenSID stops reading here
    return [Sheet("Peserta", peserta), Sheet("pekerja_migran", values)]
