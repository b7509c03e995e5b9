"""The indicator registry: each indicator is defined once here, with its Indonesian label and definition.

An indicator counts (or sums) records of one model per village and per month:
- a *flow* indicator groups by the month of an event date (departures in March 2026);
- a *stock* indicator is the state today (abroad now), stored under the current month. Earlier months keep
  the value the last rebuild of that month saw, so a stock's history is the sequence of month-end figures.

`Indicator.queryset(dimension, villages)` is the one grouped query that computes the values for a set of
villages (all villages when None); the rollup rebuild inserts its result straight into the rollup table
(INSERT ... SELECT on the database, nothing loaded into Python).

Some figures are derived at read time from stored ones because they do not add up across regions:
a share (numerator / denominator), a median (from a stored histogram) and a mean (sum / count).

The indicators themselves are defined in `catalogue`, which ReportsConfig.ready() imports (each `register`).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FLOW = "flow"
STOCK = "stock"

# Sections of the dashboard, in display order.
SECTIONS = {
    "migration": _("Migrasi dan penempatan"),
    "cases": _("Pengaduan dan kasus"),
    "empowerment": _("Pemberdayaan"),
    "governance": _("Tata kelola desa"),
}


@dataclass
class Dimension:
    key: str
    label: str
    path: str | None  # ORM lookup path from the indicator's model (None: computed in Python)
    labels: dict | None = None  # fixed labels for computed values


@dataclass
class Indicator:
    key: str
    label: str
    definition: str
    model: str  # "app_label.ModelName"
    section: str
    kind: str = FLOW
    date_field: str | None = None  # flow only: the event whose month the record counts in
    filter: object = None  # Q, or a callable(today) -> Q for stocks that depend on the date
    sum_field: str | None = None  # None: count records; else sum this field
    village_path: str = "village_id"
    dimensions: list[Dimension] = field(default_factory=list)
    unit: str = "orang"
    headline: bool = False
    in_table: bool = False  # a column of the child-region table (and of open data)
    public: bool = False  # published on the open-data page (suppressed)
    # For figures a grouped query cannot express (date differences, a checklist from another app):
    # compute(villages, today) yields (village_code, year, month, dimension_key, dim_value, value).
    compute: object = None

    def get_model(self):
        return apps.get_model(self.model)

    def base_queryset(self, today=None):
        qs = self.get_model()._base_manager.all()
        flt = self.filter(today or timezone.localdate()) if callable(self.filter) else self.filter
        if flt is not None:
            qs = qs.filter(flt)
        if self.kind == FLOW:
            qs = qs.filter(**{f"{self.date_field}__isnull": False})
        return qs

    def queryset(self, dimension=None, villages=None, today=None, yearly=False):
        """Rows (v_code, y, m, dv, v): one grouped query over the source table, per village.

        yearly: group by year only (m = 0): how breakdowns are stored (see rollup).
        """
        qs = self.base_queryset(today)
        if villages is not None:
            qs = qs.filter(**{f"{self.village_path}__in": list(villages)})
        names = {"v_code": models.F(self.village_path)}
        if self.kind == FLOW:
            names["y"] = ExtractYear(self.date_field)
            names["m"] = models.Value(0) if yearly else ExtractMonth(self.date_field)
        if dimension is not None:
            names["dv"] = Coalesce(Cast(models.F(dimension.path), models.CharField()), models.Value(""))
        value = models.Sum(self.sum_field) if self.sum_field else models.Count("pk")
        return qs.annotate(**names).values(*names).annotate(v=value).order_by()

    def raw_rows(self, villages=None, today=None):
        """Ungrouped rows (v_code, y, m, d0..dn, val) for one GROUPING SETS pass over the source table."""
        qs = self.base_queryset(today)
        if villages is not None:
            qs = qs.filter(**{f"{self.village_path}__in": list(villages)})
        names = {"v_code": models.F(self.village_path)}
        if self.kind == FLOW:
            names["y"] = ExtractYear(self.date_field)
            names["m"] = ExtractMonth(self.date_field)
        for i, dim in enumerate(self.dimensions):
            names[f"d{i}"] = Coalesce(Cast(models.F(dim.path), models.CharField()), models.Value(""))
        if self.sum_field:
            names["val"] = models.F(self.sum_field)
        return qs.values(**names).order_by()

    def dimension(self, key):
        for dim in self.dimensions:
            if dim.key == key:
                return dim
        return None


@dataclass
class Derived:
    """A figure computed at read time from stored indicators."""

    key: str
    label: str
    definition: str
    section: str
    how: str  # "ratio" (percent), "median" (histogram in `of`, dimension "days"), "mean"
    of: tuple  # the stored indicator keys it reads
    unit: str = ""
    headline: bool = False
    in_table: bool = False
    public: bool = False
    min_base: int = 5  # open data: published only when the base count is at least this


INDICATORS: dict[str, Indicator] = {}
DERIVED: dict[str, Derived] = {}


def register(indicator):
    if indicator.key in INDICATORS or indicator.key in DERIVED:
        raise ValueError(f"indicator {indicator.key} defined twice")
    if isinstance(indicator, Derived):
        DERIVED[indicator.key] = indicator
    else:
        INDICATORS[indicator.key] = indicator
    return indicator


def active_indicators():
    """Every stored indicator (not the derived ones): what a rebuild or refresh computes."""
    return list(INDICATORS.values())


def all_figures():
    return [*INDICATORS.values(), *DERIVED.values()]


def get(key):
    return INDICATORS.get(key) or DERIVED.get(key)


def current_month(today=None):
    today = today or timezone.localdate()
    return today.year, today.month
