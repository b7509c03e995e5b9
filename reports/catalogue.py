"""Every indicator Payung reports, defined once (label and definition in Indonesian, as users read them).

Field names are those of the source apps' models; an indicator whose model is not installed is skipped.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import FLOW, STOCK, Derived, Dimension, Indicator, register

# --- Migration (migrants.Placement) ---------------------------------------------------------------

SEX = Dimension("sex", _("Jenis kelamin"), "person__sex")
DESTINATION = Dimension("destination", _("Negara tujuan"), "destination_country")
SECTOR = Dimension("sector", _("Sektor"), "sector")
SCHEME = Dimension("scheme", _("Skema"), "scheme")

PROSPECTIVE = ["interest", "verified", "process", "ready"]
ABROAD = ["departed", "working"]
DEPARTED_EVER = ["departed", "working", "returned", "returnee", "deceased", "deported"]

register(Indicator(
    key="registered", label=_("Calon PMI terdaftar"), section="migration", kind=FLOW, date_field="created_at",
    model="migrants.Placement", dimensions=[SEX],
    definition=_("Penempatan baru yang dicatat desa pada bulan itu (menurut tanggal pencatatan)."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="verified", label=_("Calon PMI terverifikasi"), section="migration", kind=FLOW, date_field="verified_at",
    model="migrants.Placement", dimensions=[SEX],
    definition=_("Penempatan yang diverifikasi desa pada bulan itu (UU 18/2017 pasal 42 huruf b)."),
    in_table=True, public=True,
))
register(Indicator(
    key="prospective_now", label=_("Calon PMI dalam proses"), section="migration", kind=STOCK,
    model="migrants.Placement", filter=Q(status__in=PROSPECTIVE), dimensions=[SEX, DESTINATION],
    definition=_("Penempatan berstatus minat, terverifikasi, proses pra-penempatan atau siap berangkat."),
))
register(Indicator(
    key="departures", label=_("Keberangkatan"), section="migration", kind=FLOW, date_field="departure_date",
    model="migrants.Placement", filter=Q(status__in=DEPARTED_EVER), dimensions=[SEX, DESTINATION, SECTOR, SCHEME],
    definition=_("PMI yang berangkat pada bulan itu (menurut tanggal berangkat), apa pun statusnya sekarang."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="departures_nonprocedural", label=_("Keberangkatan non-prosedural"), section="migration", kind=FLOW,
    date_field="departure_date", model="migrants.Placement",
    filter=Q(status__in=DEPARTED_EVER, non_procedural=True), dimensions=[DESTINATION],
    definition=_("Keberangkatan yang ditandai non-prosedural (tidak melalui jalur resmi UU 18/2017)."),
))
register(Indicator(
    key="abroad_now", label=_("PMI di luar negeri saat ini"), section="migration", kind=STOCK,
    model="migrants.Placement", filter=Q(status__in=ABROAD), dimensions=[SEX, DESTINATION, SECTOR, SCHEME],
    definition=_("Penempatan berstatus berangkat atau bekerja pada akhir bulan (atau hari ini)."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="returned", label=_("PMI pulang"), section="migration", kind=FLOW, date_field="actual_return",
    model="migrants.Placement", dimensions=[SEX, DESTINATION],
    definition=_("PMI yang pulang pada bulan itu (menurut tanggal pulang)."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="overdue_returns", label=_("Terlambat pulang"), section="migration", kind=STOCK,
    model="migrants.Placement", filter=lambda today: Q(status__in=ABROAD, expected_return__lt=today),
    dimensions=[DESTINATION],
    definition=_("PMI yang masih tercatat di luar negeri padahal perkiraan tanggal pulangnya sudah lewat."),
    headline=True, in_table=True,
))
register(Indicator(
    key="lost_contact", label=_("Hilang kontak"), section="migration", kind=STOCK,
    model="migrants.Placement", filter=Q(lost_contact=True, status__in=ABROAD), dimensions=[DESTINATION],
    definition=_("PMI di luar negeri yang ditandai hilang kontak."),
    headline=True, in_table=True,
))
register(Derived(
    key="share_nonprocedural", label=_("Persentase keberangkatan non-prosedural"), section="migration",
    how="ratio", of=("departures_nonprocedural", "departures"), unit="%", headline=True, in_table=True,
    public=True,
    definition=_("Keberangkatan non-prosedural dibagi seluruh keberangkatan pada periode yang sama."),
))
