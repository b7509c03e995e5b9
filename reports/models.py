"""Rollups: every indicator stored per village per month, and summed up the region hierarchy.

One table holds village rows (level 4) and the aggregates the rebuild writes for kecamatan (3),
kabupaten/kota (2), province (1) and the whole country (0, region_code ""). A dashboard at any level reads
the rows of its own region (`region_code = X`) and of its children (`parent_code = X`), a few hundred rows,
never the raw records.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from core.storage import private_storage

NATION = ""


class RollupQuerySet(ScopedQuerySet):
    def for_region(self, code):
        return self.filter(region_code=code)

    def children_of(self, code):
        level = 1 if code == NATION else code.count(".") + 2
        return self.filter(parent_code=code, level=level)


class Rollup(models.Model):
    """One figure: indicator × region × month, optionally broken down by one dimension."""

    SCOPE_FIELD = "region_code"

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    parent_code = models.CharField(_("kode induk"), max_length=13)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    indicator = models.CharField(_("indikator"), max_length=40)
    # "" for the total; otherwise the breakdown (sex, destination, sector, scheme, category, state, ...).
    dimension = models.CharField(_("rincian"), max_length=20, default="", blank=True)
    dim_value = models.CharField(_("nilai rincian"), max_length=60, default="", blank=True)
    value = models.BigIntegerField(_("nilai"))

    objects = RollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekap indikator")
        verbose_name_plural = _("rekap indikator")
        indexes = [
            # The region's own figures for a year: headline, trend, breakdowns.
            models.Index(fields=["region_code", "year"], name="rollup_region_year"),
            # The child-region table and the map: children of a region for a year.
            models.Index(fields=["parent_code", "year", "indicator"], name="rollup_parent_year"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.region_code or 'ID'} {self.year}-{self.month:02d} {self.dimension}"


class RebuildRun(models.Model):
    """What was recomputed when, and how long it took (shown on the dashboard as "data per ...")."""

    class Scope(models.TextChoices):
        FULL = "full", _("seluruh wilayah")
        VILLAGE = "village", _("satu desa")
        AREA = "area", _("satu wilayah")

    scope = models.CharField(_("cakupan"), max_length=10, choices=Scope.choices)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("baris"), default=0)
    seconds = models.FloatField(_("detik"), default=0)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # "As of" on a dashboard: the latest finished run of the region (a row per refresh accumulates).
            models.Index(fields=["region_code", "scope", "-finished_at"], name="rebuildrun_region_latest"),
            # The rollups' version (services.rollup_version): the latest finished run of any region, on every
            # dashboard page.
            models.Index(fields=["-finished_at"], name="rebuildrun_latest"),
        ]
        verbose_name = _("pembaruan rekap")
        verbose_name_plural = _("pembaruan rekap")

    def __str__(self):
        return f"{self.get_scope_display()} {self.region_code} {self.started_at:%Y-%m-%d %H:%M}"


class PendingRefresh(models.Model):
    """A village refreshed while a full rebuild was filling its fresh table (PostgreSQL).

    The refresh writes into the table the rebuild is about to drop, so the rebuild recomputes the village
    again right after its swap and deletes the row (see `rollup.refresh_village`).
    """

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembaruan desa tertunda")
        verbose_name_plural = _("pembaruan desa tertunda")

    def __str__(self):
        return f"{self.region_code} {self.requested_at:%Y-%m-%d %H:%M}"


def _monthly_path(instance, filename):
    return f"reports/monthly/{instance.year}-{instance.month:02d}/{filename}"


class MonthlyReport(models.Model):
    """The monthly report of UU 18/2017 art. 42(d) for one village or one regency, kept as filed: XLSX and F4
    PDF in private storage, with the figures it holds. A village's report lists its people (masked NIK); a
    regency's summary holds counts per village only."""

    SCOPE_FIELD = "region_code"

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    figures = models.JSONField(_("angka"), default=dict)
    xlsx = models.FileField(_("XLSX"), upload_to=_monthly_path, storage=private_storage, max_length=200)
    pdf = models.FileField(_("PDF"), upload_to=_monthly_path, storage=private_storage, max_length=200)
    generated_at = models.DateTimeField(_("dibuat"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "region_code"]
        constraints = [models.UniqueConstraint(fields=["region_code", "year", "month"], name="monthlyreport_once")]
        verbose_name = _("laporan bulanan pasal 42(d)")
        verbose_name_plural = _("laporan bulanan pasal 42(d)")

    def __str__(self):
        return f"{self.region_code} {self.year}-{self.month:02d}"
