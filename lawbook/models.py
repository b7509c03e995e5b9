"""The law as dated data: legal sources and the versioned rules Payung evaluates against them.

A rule is one version of what an instrument says on one point (the documents of a scheme, the moratorium
countries, the zero-cost jobs, a complaint closing reason...), with the dates it is in force and a status.
Rules ship as data files (`lawbook/data/*.json`, loaded by `lawbook.loader`); administrators add new versions
and switch statuses on the lawbook screen, never by editing code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class Topic(models.TextChoices):
    FLAG = "flag", _("Tanda risiko")
    DOCUMENTS = "documents", _("Dokumen wajib per skema")
    ZERO_COST = "zero_cost", _("Pembebasan biaya penempatan")
    MORATORIUM = "moratorium", _("Moratorium negara tujuan")
    COMPLAINT_CATEGORY = "complaint_category", _("Kategori pengaduan")
    CLOSING_REASON = "closing_reason", _("Alasan penutupan pengaduan")


class RuleStatus(models.TextChoices):
    IN_FORCE = "in_force", _("berlaku")
    DISPUTED = "disputed", _("status hukum diperdebatkan")
    REVOKED = "revoked", _("dicabut")


class Origin(models.TextChoices):
    SHIPPED = "shipped", _("data bawaan Payung")
    LOCAL = "local", _("diubah di sini")


class LegalSource(TimeStampedModel):
    """An instrument and article a rule rests on (or that disputes it), with where to read it."""

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    instrument = models.CharField(_("peraturan/sumber"), max_length=300)
    article = models.CharField(_("pasal"), max_length=120, blank=True)
    url = models.URLField(_("alamat sumber"), max_length=500, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    # False when the text itself could not be read in a public source: the data says so instead of guessing.
    confirmed = models.BooleanField(_("teks sudah diperiksa"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "article", "id"]
        verbose_name = _("sumber hukum")
        verbose_name_plural = _("sumber hukum")

    def __str__(self):
        return f"{self.instrument} {self.article}".strip()

    @property
    def citation(self):
        return str(self)


class Rule(TimeStampedModel):
    """One version of one rule: topic + key, in force from valid_from to valid_to (inclusive; open-ended when
    empty). Versions of one key never overlap (lawbook.services.add_version ends the old one)."""

    topic = models.CharField(_("topik"), max_length=24, choices=Topic.choices, db_index=True)
    key = models.CharField(_("kunci"), max_length=60)
    title = models.CharField(_("judul"), max_length=200)
    params = models.JSONField(_("isi aturan"), default=dict, blank=True)
    source = models.ForeignKey(LegalSource, on_delete=models.PROTECT, related_name="rules",
                               verbose_name=_("dasar hukum"))
    # The other side when the status is disputed (e.g. the 2023 revocation announcement of a moratorium).
    contra_sources = models.ManyToManyField(LegalSource, blank=True, related_name="disputed_rules",
                                            verbose_name=_("sumber yang membantah"))
    valid_from = models.DateField(_("berlaku sejak"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RuleStatus.choices, default=RuleStatus.IN_FORCE)
    # A disputed rule only warns unless a system administrator decides it blocks (audited, with reason and date).
    blocking_decided = models.BooleanField(_("diputuskan tetap memblokir"), default=False)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decision_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("diputuskan oleh"))
    note = models.TextField(_("catatan"), blank=True)
    # Where the row came from: the loader adds shipped versions it has not seen and leaves alone a row whose
    # content no longer matches the checksum it wrote (a local change wins over a re-run).
    origin = models.CharField(_("asal"), max_length=8, choices=Origin.choices, default=Origin.LOCAL)
    shipped_id = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    shipped_checksum = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "key", "-valid_from", "-id"]
        verbose_name = _("aturan")
        verbose_name_plural = _("aturan")
        constraints = [
            models.UniqueConstraint(fields=["topic", "key", "valid_from"], name="lawbook_rule_one_version_per_day"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="lawbook_rule_valid_to_after_from"),
        ]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.title}"

    def in_force_on(self, day):
        return (self.status != RuleStatus.REVOKED and self.valid_from <= day
                and (self.valid_to is None or day <= self.valid_to))

    @property
    def disputed(self):
        return self.status == RuleStatus.DISPUTED

    @property
    def blocks(self):
        """Whether a blocking flag resting on this rule stops a departure: in force, or disputed and decided."""
        return self.status == RuleStatus.IN_FORCE or (self.status == RuleStatus.DISPUTED and self.blocking_decided)
