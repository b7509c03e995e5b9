"""Village rules for migrant protection (Perdes, Perkades, SOP) and the village budget lines (APBDes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.models import VillageScopedModel
from core.uploads import validate_document


class RegulationKind(models.TextChoices):
    PERDES = "perdes", _("Peraturan Desa (Perdes)")
    PERKADES = "perkades", _("Peraturan Kepala Desa (Perkades)")
    SOP = "sop", _("Dokumen SOP")


class Topic(models.TextChoices):
    PROTECTION = "protection", _("Pelindungan pekerja migran")
    MIGRATION_SOP = "migration_sop", _("SOP layanan migrasi")
    EMPOWERMENT = "empowerment", _("Pemberdayaan PMI dan keluarga")
    OTHER = "other", _("Lainnya")


class Stage(models.TextChoices):
    DRAFTING = "drafting", _("Penyusunan draf")
    CONSULTATION = "consultation", _("Konsultasi publik")
    BPD_DELIBERATION = "bpd", _("Pembahasan BPD")
    ENACTED = "enacted", _("Ditetapkan")
    PROMULGATED = "promulgated", _("Diundangkan")


STAGE_ORDER = [Stage.DRAFTING, Stage.CONSULTATION, Stage.BPD_DELIBERATION, Stage.ENACTED, Stage.PROMULGATED]
# A rule is in force once enacted (Permendagri 111/2014: Perdes are enacted by the village head after
# BPD agreement, then promulgated in the Lembaran Desa).
IN_FORCE_STAGES = {Stage.ENACTED, Stage.PROMULGATED}


class Regulation(VillageScopedModel):
    kind = models.CharField(_("jenis"), max_length=10, choices=RegulationKind.choices)
    topic = models.CharField(_("pokok bahasan"), max_length=20, choices=Topic.choices, default=Topic.PROTECTION)
    title = models.CharField(_("judul"), max_length=250)
    number = models.CharField(_("nomor"), max_length=60, blank=True,
                              help_text=_("Diisi saat ditetapkan, mis. 'Nomor 3 Tahun 2024'."))
    summary = models.TextField(_("ringkasan"), blank=True)
    stage = models.CharField(_("tahap"), max_length=15, choices=Stage.choices, default=Stage.DRAFTING)
    stage_since = models.DateField(_("tahap sejak"))
    enacted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    promulgated_on = models.DateField(_("tanggal pengundangan"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village_id", "-stage_since", "title"]
        verbose_name = _("peraturan desa")
        verbose_name_plural = _("peraturan desa")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def in_force(self):
        return self.stage in IN_FORCE_STAGES


class StageEvent(models.Model):
    """One move of a regulation from a stage to another, dated, with who and why."""

    SCOPE_FIELD = "regulation__village__code"

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="stage_events")
    from_stage = models.CharField(_("dari tahap"), max_length=15, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("ke tahap"), max_length=15, choices=Stage.choices)
    date = models.DateField(_("tanggal"))
    note = models.TextField(_("catatan"), blank=True)
    actor_name = models.CharField(_("dicatat oleh"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("riwayat tahap")
        verbose_name_plural = _("riwayat tahap")

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()} ({self.date:%d/%m/%Y})"


class RegulationVersion(models.Model):
    """A dated text of the rule (draft, consultation copy, enacted text), with its file."""

    SCOPE_FIELD = "regulation__village__code"

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="versions")
    date = models.DateField(_("tanggal versi"))
    stage = models.CharField(_("tahap"), max_length=15, choices=Stage.choices)
    label = models.CharField(_("keterangan versi"), max_length=150)
    file = models.FileField(_("berkas"), upload_to="governance/regulations/%Y/", validators=[validate_document])
    uploaded_by = models.CharField(_("diunggah oleh"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("versi peraturan")
        verbose_name_plural = _("versi peraturan")

    def __str__(self):
        return f"{self.label} ({self.date:%d/%m/%Y})"


class BudgetCategory(models.TextChoices):
    DATA = "data", _("Pendataan PMI")
    INFORMATION = "information", _("Informasi dan sosialisasi migrasi aman")
    EMPOWERMENT = "empowerment", _("Pemberdayaan calon PMI, PMI dan keluarga")
    SERVICE = "service", _("Layanan administrasi dan pengaduan")
    COMMUNITY = "community", _("Dukungan kelompok komunitas")
    OTHER = "other", _("Lainnya")


class FundSource(models.TextChoices):
    DANA_DESA = "dd", _("Dana Desa (DD)")
    ADD = "add", _("Alokasi Dana Desa (ADD)")
    PADES = "pades", _("Pendapatan Asli Desa")
    OTHER = "other", _("Lainnya")


class BudgetLine(VillageScopedModel):
    """A line in the village budget (APBDes) for migrant protection, planned versus realised."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    title = models.CharField(_("kegiatan"), max_length=250)
    category = models.CharField(_("bidang"), max_length=15, choices=BudgetCategory.choices)
    source = models.CharField(_("sumber dana"), max_length=10, choices=FundSource.choices,
                              default=FundSource.DANA_DESA)
    planned = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    realised = models.PositiveBigIntegerField(_("realisasi (Rp)"), default=0)
    note = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "village_id", "title"]
        verbose_name = _("mata anggaran APBDes")
        verbose_name_plural = _("mata anggaran APBDes")

    def __str__(self):
        return f"{self.year}: {self.title}"

    @property
    def realisation_percent(self):
        return round(self.realised * 100 / self.planned) if self.planned else 0
