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

# --- Complaints and cases (cases.Case, Referral, Claim) ------------------------------------------

OPEN_CASE = ["received", "verified", "in_progress", "referred", "clarification", "settlement", "mediation",
             "sanction", "litigation"]
CATEGORY = Dimension("category", _("Kategori"), "category")
CASE_STATE = Dimension("state", _("Status"), "status")

register(Indicator(
    key="complaints", label=_("Pengaduan masuk"), section="cases", kind=FLOW, date_field="received_at",
    model="cases.Case", dimensions=[CATEGORY, CASE_STATE], unit="kasus",
    definition=_("Pengaduan yang diterima pada bulan itu, menurut kategori dan status sekarang."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="cases_open", label=_("Kasus belum selesai"), section="cases", kind=STOCK, model="cases.Case",
    filter=Q(status__in=OPEN_CASE), dimensions=[CATEGORY, CASE_STATE], unit="kasus",
    definition=_("Kasus yang belum berstatus selesai atau ditutup pada akhir bulan."),
))
register(Indicator(
    key="overdue_cases", label=_("Kasus lewat batas waktu"), section="cases", kind=STOCK, model="cases.Case",
    filter=lambda today: Q(status__in=OPEN_CASE, due_date__lt=today), dimensions=[CATEGORY], unit="kasus",
    definition=_("Kasus belum selesai yang sudah melewati batas waktu standar layanannya."),
    headline=True, in_table=True, public=True,
))


def _resolution_days(villages, today):
    """Cases resolved per month, and a histogram of whole days from receipt to resolution (for the median)."""
    from django.apps import apps
    from django.db.models import Count, DurationField, ExpressionWrapper
    from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate

    Case = apps.get_model("cases", "Case")
    qs = Case._base_manager.filter(resolved_at__isnull=False)
    if villages is not None:
        qs = qs.filter(village_id__in=list(villages))
    # Grouped by the database, dates in the site's time zone (as ExtractYear and TruncDate take it): a village
    # with thousands of resolved cases converted each timestamp in Python, half of its refresh (issue 23.4).
    span = ExpressionWrapper(TruncDate("resolved_at") - TruncDate("received_at"), output_field=DurationField())
    rows = (qs.annotate(y=ExtractYear("resolved_at"), m=ExtractMonth("resolved_at"), span=span)
            .values_list("village_id", "y", "m", "span").annotate(n=Count("pk")).order_by())
    counts = {}
    for code, year, month, days, n in rows.iterator(10000):
        days = max(0, days.days)
        for key in ((code, year, month, "", ""), (code, year, month, "days", str(days))):
            counts[key] = counts.get(key, 0) + n
    for (code, y, m, dim, dim_value), value in counts.items():
        yield code, y, m, dim, dim_value, value


register(Indicator(
    key="resolved_days", label=_("Kasus diselesaikan"), section="cases", kind=FLOW, model="cases.Case",
    compute=_resolution_days, unit="kasus",
    definition=_("Kasus yang selesai pada bulan itu (menurut tanggal selesai)."),
))
register(Derived(
    key="median_days_to_resolve", label=_("Median hari penyelesaian kasus"), section="cases", how="median",
    of=("resolved_days",), unit="hari", headline=True, in_table=True, public=True,
    definition=_("Nilai tengah jumlah hari dari pengaduan diterima sampai kasus selesai, untuk kasus yang selesai "
                 "pada periode itu."),
))
register(Indicator(
    key="referrals", label=_("Rujukan"), section="cases", kind=FLOW, date_field="sent_at", model="cases.Referral",
    village_path="case__village_id", unit="rujukan",
    dimensions=[Dimension("organisation_kind", _("Jenis lembaga"), "organisation__kind"),
                Dimension("organisation", _("Lembaga"), "organisation"),
                Dimension("answer", _("Jawaban"), "status")],
    definition=_("Kasus yang dirujuk ke lembaga lain pada bulan itu, menurut lembaga dan jawabannya."),
))
register(Indicator(
    key="claims", label=_("Klaim jaminan sosial"), section="cases", kind=FLOW, date_field="created_at",
    model="cases.Claim", village_path="case__village_id", unit="klaim",
    dimensions=[Dimension("type", _("Jenis klaim"), "claim_type"), Dimension("state", _("Status"), "status")],
    definition=_("Klaim BPJS Ketenagakerjaan yang mulai disiapkan pada bulan itu, menurut jenis dan status."),
    in_table=True,
))
register(Indicator(
    key="claims_paid_amount", label=_("Klaim dibayar (Rp)"), section="cases", kind=FLOW, date_field="paid_date",
    model="cases.Claim", village_path="case__village_id", filter=Q(status="paid"), sum_field="amount_paid",
    dimensions=[Dimension("type", _("Jenis klaim"), "claim_type")], unit="Rp",
    definition=_("Jumlah rupiah klaim yang dibayar BPJS Ketenagakerjaan pada bulan itu."),
    headline=True,
))

# --- Empowerment (empowerment.Program, Enrolment, Enterprise) --------------------------------------

register(Indicator(
    key="programs", label=_("Program pemberdayaan dimulai"), section="empowerment", kind=FLOW,
    date_field="starts_on", model="empowerment.Program", unit="program",
    dimensions=[Dimension("target", _("Sasaran"), "target_group"), Dimension("state", _("Status"), "status")],
    definition=_("Program pemberdayaan yang mulai pada bulan itu."),
))
register(Indicator(
    key="program_participants", label=_("Peserta program"), section="empowerment", kind=FLOW,
    date_field="enrolled_on", model="empowerment.Enrolment", village_path="program__village_id",
    dimensions=[Dimension("group", _("Kelompok peserta"), "participant_group"),
                Dimension("state", _("Status"), "status")],
    definition=_("Peserta yang terdaftar dalam program pemberdayaan pada bulan itu."),
    headline=True, in_table=True, public=True,
))
register(Indicator(
    key="enterprises", label=_("Usaha purna PMI berjalan"), section="empowerment", kind=STOCK,
    model="empowerment.Enterprise", filter=Q(status="active"), unit="usaha",
    dimensions=[Dimension("sector", _("Sektor"), "sector")],
    definition=_("Usaha milik purna PMI atau keluarganya yang berstatus berjalan."),
    headline=True, in_table=True, public=True,
))

# --- Village governance (governance.Regulation, BudgetLine; services.Service; readiness) ------------

register(Indicator(
    key="regulations", label=_("Peraturan dan SOP desa"), section="governance", kind=STOCK,
    model="governance.Regulation", unit="dokumen",
    dimensions=[Dimension("stage", _("Tahap"), "stage"), Dimension("kind", _("Jenis"), "kind")],
    definition=_("Perdes, Perkades dan dokumen SOP tentang pekerja migran, menurut tahap penyusunannya."),
))
register(Indicator(
    key="regulations_in_force", label=_("Peraturan berlaku"), section="governance", kind=STOCK,
    model="governance.Regulation", filter=Q(stage__in=["enacted", "promulgated"]), unit="dokumen",
    dimensions=[Dimension("kind", _("Jenis"), "kind")],
    definition=_("Perdes, Perkades dan SOP yang sudah ditetapkan atau diundangkan."),
    in_table=True, public=True,
))
register(Indicator(
    key="sop_services", label=_("Layanan ber-SOP aktif"), section="governance", kind=STOCK,
    model="services.Service", filter=Q(is_active=True), unit="layanan",
    definition=_("Layanan desa dalam katalog SOP yang aktif."),
))
register(Indicator(
    key="budget_planned", label=_("Anggaran APBDes tahun ini (Rp)"), section="governance", kind=STOCK,
    model="governance.BudgetLine", filter=lambda today: Q(year=today.year), sum_field="planned", unit="Rp",
    dimensions=[Dimension("category", _("Bidang"), "category")],
    definition=_("Jumlah anggaran APBDes tahun berjalan untuk pelindungan dan pemberdayaan PMI."),
    in_table=True,
))
register(Indicator(
    key="budget_realised", label=_("Realisasi APBDes tahun ini (Rp)"), section="governance", kind=STOCK,
    model="governance.BudgetLine", filter=lambda today: Q(year=today.year), sum_field="realised", unit="Rp",
    dimensions=[Dimension("category", _("Bidang"), "category")],
    definition=_("Realisasi anggaran APBDes tahun berjalan untuk pelindungan dan pemberdayaan PMI."),
))


def _readiness(villages, today):
    """Checks met per village (governance.readiness), one row per met check, and 1 per village assessed."""
    from governance import readiness
    from regions.models import Region

    if villages is None:
        rows = readiness.compute(today=today)
    else:
        villages = list(villages)
        # The smallest region holding them all, so readiness looks at that area only, not the whole country.
        parts = [c.split(".") for c in villages]
        common = []
        for segment in zip(*parts, strict=False):
            if len(set(segment)) != 1:
                break
            common.append(segment[0])
        area = ".".join(common) or None
        rows = readiness.compute(area=area, today=today, villages=list(Region.objects.filter(code__in=villages)))
    for row in rows:
        code = row.village.code
        yield code, 0, 0, "", "", row.met
        for key, met in row.checks.items():
            if met is True:
                yield code, 0, 0, "check", key, 1


def _readiness_villages(villages, today):
    from regions.models import Region

    qs = Region.objects.filter(level=4, is_active=True)
    if villages is not None:
        qs = qs.filter(code__in=list(villages))
    for code in qs.values_list("code", flat=True).iterator(10000):
        yield code, 0, 0, "", "", 1


def _check_labels():
    from governance.readiness import CHECKS

    return dict(CHECKS)


class _LazyLabels(dict):
    def get(self, key, default=None):
        return _check_labels().get(key, default)


register(Indicator(
    key="readiness_met", label=_("Syarat kesiapan terpenuhi"), section="governance", kind=STOCK,
    model="governance.Regulation", compute=_readiness, unit="syarat",
    dimensions=[Dimension("check", _("Syarat"), None, labels=_LazyLabels())],
    definition=_("Jumlah syarat kesiapan desa yang terpenuhi (Perdes, SOP, kelompok aktif, anggaran, pendataan, "
                 "penanganan kasus); rinciannya: jumlah desa yang memenuhi tiap syarat."),
))
register(Indicator(
    key="readiness_villages", label=_("Desa dinilai"), section="governance", kind=STOCK,
    model="governance.Regulation", compute=_readiness_villages, unit="desa",
    definition=_("Jumlah desa/kelurahan yang dinilai kesiapannya."),
))
register(Derived(
    key="readiness", label=_("Rata-rata kesiapan desa (dari 6 syarat)"), section="governance", how="mean",
    of=("readiness_met", "readiness_villages"), unit="syarat", headline=True, in_table=True, public=True,
    definition=_("Rata-rata jumlah syarat kesiapan yang terpenuhi per desa/kelurahan."),
))
