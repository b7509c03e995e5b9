"""Reading the rollups: what a dashboard, an export, the open-data page and the map show.

Everything here reads `Rollup` rows of one region (its own figures) or of its children (the table); raw
records are never scanned, so a national dashboard costs the same as a village one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import DateTimeField, Expression
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import regions_with_role
from regions.models import Level, Region

from .labels import _memo, dim_labels
from .models import NATION, RebuildRun, Rollup
from .registry import DERIVED, INDICATORS, SECTIONS, STOCK, all_figures, get
from .rollup_sql import _in

LEVEL_NAMES = {0: _lazy("Nasional"), 1: _lazy("Provinsi"), 2: _lazy("Kabupaten/Kota"), 3: _lazy("Kecamatan"),
               4: _lazy("Desa/Kelurahan")}
SUPPRESS_BELOW = 5
# The breakdown a median is read from (whole days per case); stored per month from kecamatan up.
HISTOGRAM_DIMENSION = "days"
SUPPRESSED = "<5"
# A cell hidden only so that a "<5" next to it cannot be got back by subtraction: its value is 5 or more,
# so it is not labelled "<5" (that would be untrue), just hidden.
HIDDEN = "x"


def level_of(code):
    return 0 if code == NATION else code.count(".") + 1


# --- Who may see which dashboard -------------------------------------------------------------------

def user_dashboards(user):
    """The dashboards a user starts from: the whole country, or each region where they hold a role that reads
    dashboards."""
    from .rules import DASHBOARD_ROLES

    codes = regions_with_role(user, DASHBOARD_ROLES)
    if codes is None:
        return [NATION]
    return codes


def region_or_none(code):
    if code == NATION:
        return None
    return Region.objects.filter(code=code).first()


class Trail(list):
    """Breadcrumbs, (code, name) from the nation down to the region itself; `.region` is the region (None for
    the nation, or when the code does not exist)."""

    region = None


def breadcrumbs(code):
    """(code, name) from the nation down to the region itself: one query, which also gives the region."""
    crumbs = Trail([(NATION, _("Indonesia"))])
    if code == NATION:
        return crumbs
    parts = code.split(".")
    codes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    crumbs.extend((c, str(regions[c]) if c in regions else c) for c in codes)
    crumbs.region = regions.get(code)
    return crumbs


# --- Values --------------------------------------------------------------------------------------

def _median_from_histogram(hist):
    """hist: {days: count}. The exact median of the underlying values (mean of the middle two)."""
    total = sum(hist.values())
    if not total:
        return None
    ordered = sorted(hist.items())

    def nth(n):  # 0-based
        seen = 0
        for days, count in ordered:
            seen += count
            if n < seen:
                return days
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _stock_keys():
    """The stock indicators' keys (read for every stored row a page adds up: a set, not a registry lookup)."""
    if _STOCK_KEYS.get("n") != len(INDICATORS):
        _STOCK_KEYS.update(n=len(INDICATORS), keys=frozenset(k for k, i in INDICATORS.items() if i.kind == STOCK))
    return _STOCK_KEYS["keys"]


_STOCK_KEYS = {}


@dataclass
class Figures:
    """The stored rows of one region for one year, with the arithmetic a dashboard needs."""

    year: int
    stock_month: int | None
    monthly: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # ind -> month -> v
    breakdown: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int))))
    # ind -> month -> days -> count: the histogram a median is taken from, per month. Medians do not add up,
    # so a month's median (like the year's) is the median of the month's pooled histogram, never of medians.
    month_hist: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int))))

    def add(self, indicator, month, dimension, dim_value, value):
        if dimension:
            if month != self.stock_month and indicator in _stock_keys():
                return
            self.breakdown[indicator][dimension][dim_value] += value
            if dimension == HISTOGRAM_DIMENSION and month:
                self.month_hist[indicator][month][dim_value] += value
        else:
            self.monthly[indicator][month] += value

    def total(self, key):
        """Flows: the sum over the year. Stocks: the latest month-end figure of the year."""
        ind = get(key)
        if key in DERIVED:
            return self.derived(key)
        series = self.monthly.get(key, {})
        if ind is not None and ind.kind == STOCK:
            return series.get(self.stock_month, 0) if self.stock_month else 0
        return sum(series.values())

    def month_value(self, key, month):
        if key in DERIVED:
            return self.derived(key, month)
        return self.monthly.get(key, {}).get(month, 0)

    def derived(self, key, month=None):
        d = DERIVED[key]
        if d.how == "ratio":
            num, den = (self.month_value(k, month) if month else self.total(k) for k in d.of)
            return round(100 * num / den, 1) if den else None
        if d.how == "mean":
            num, den = (self.month_value(k, month) if month else self.total(k) for k in d.of)
            return round(num / den, 1) if den else None
        if d.how == "median":
            hist = self.histogram(d.of[0], month)
            return _median_from_histogram(hist)
        raise ValueError(d.how)

    def histogram(self, key, month=None):
        if month is None:
            return {int(k): v for k, v in self.breakdown.get(key, {}).get(HISTOGRAM_DIMENSION, {}).items()}
        return {int(k): v for k, v in self.month_hist.get(key, {}).get(month, {}).items()}

    def base(self, key):
        """The count a derived figure rests on (for suppression): its denominator or its case count."""
        d = DERIVED[key]
        if d.how == "median":
            return sum(self.histogram(d.of[0]).values())
        if d.how == "ratio":
            # A share of 1 in 20 reveals one person as surely as a count of 1 would.
            return min(self.total(d.of[0]), self.total(d.of[1]))
        return self.total(d.of[1])


def _rows(sql, params, model=Rollup, datetime_columns=()):
    """The rows of a read of `model`'s table ("{table}" in `sql`), written as SQL: a dashboard's own reads are a
    few fixed shapes, and building them through the ORM cost a cold village page as long as their database time
    (0.3-1.3 ms each, issue 23.2). Through the router, as an ORM read is (the replica, read-your-writes); the
    columns at `datetime_columns` are converted as the ORM converts a DateTimeField (aware, on either database)."""
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(model._meta.db_table)), params)
        rows = cursor.fetchall()
    if datetime_columns and rows:
        expression = Expression(output_field=DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        rows = [list(row) for row in rows]
        for row in rows:
            for i in datetime_columns:
                for convert in converters:
                    row[i] = convert(row[i], expression, connection)
    return rows


def stock_month(year):
    """The month of the latest stock snapshot in a year (the nation's rows say which months exist)."""
    stocks = sorted(_stock_keys())
    return _rows(f"SELECT MAX(month) FROM {{table}} WHERE region_code = %s AND level = 0 AND year = %s "
                 f"AND indicator IN ({_in(stocks)})", [NATION, year, *stocks])[0][0]


def figures_for(code, year, stock_m=None):
    """One query: the region's own rows for the year (a village's breakdowns are stored like every level's)."""
    fig = Figures(year=year, stock_month=stock_m if stock_m is not None else stock_month(year))
    rows = _rows("SELECT indicator, month, dimension, dim_value, value FROM {table} "
                 "WHERE region_code = %s AND level = %s AND year = %s", [code, level_of(code), year])
    for indicator, month, dimension, dim_value, value in rows:
        fig.add(indicator, month, dimension, dim_value, value)
    return fig


def available_years(code):
    years = set(Rollup.objects.filter(region_code=code, level=level_of(code)).values_list("year", flat=True)
                .distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# --- Dashboard -------------------------------------------------------------------------------------

def dashboard(code, year):
    """Everything the dashboard page, its exports and its JSON need, read from the rollups."""
    years, stock_m = years_and_stock_month(year)
    fig = figures_for(code, year, stock_m)
    figures = all_figures()
    sections = []
    for section_key, section_label in SECTIONS.items():
        items = []
        for ind in figures:
            if ind.section != section_key:
                continue
            value = fig.total(ind.key)
            kind = getattr(ind, "kind", "derived")
            months = list(range(1, 13))
            if kind == STOCK:
                trend = [fig.month_value(ind.key, m) if m in fig.monthly.get(ind.key, {}) else None for m in months]
            else:
                trend = [fig.month_value(ind.key, m) for m in months]
            breakdowns = []
            texts = _texts(ind)
            for dim in getattr(ind, "dimensions", []):
                values = fig.breakdown.get(ind.key, {}).get(dim.key, {})
                if not values:
                    continue
                rows = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
                labels = dim_labels(ind.key, dim.key, [k for k, _v in rows])
                breakdowns.append({
                    "key": dim.key, "label": texts["dimensions"][dim.key],
                    "rows": [{"value": v, "label": labels[k], "code": k} for k, v in rows],
                })
            items.append({
                "key": ind.key, "label": texts["label"], "definition": texts["definition"], "kind": kind,
                "unit": ind.unit, "value": value, "headline": ind.headline, "trend": trend,
                "breakdowns": breakdowns,
            })
        if items:
            label = _memo(("section", section_key), lambda text=section_label: str(text))
            sections.append({"key": section_key, "label": label, "items": items})
    return {
        "code": code, "year": year, "level": level_of(code), "stock_month": fig.stock_month,
        "sections": sections,
        "headline": [i for s in sections for i in s["items"] if i["headline"]],
        "children": child_table(code, year, stock_m),
        "as_of": as_of(code), "years": years,
    }


def _texts(ind):
    """An indicator's label, definition and breakdown labels in the active language, translated once per process
    and language (labels._memo): a page showed each of them, about a hundred lazy strings per page."""
    return _memo(("indicator", ind.key, id(ind)), lambda: {
        "label": str(ind.label), "definition": str(ind.definition),
        "dimensions": {dim.key: str(dim.label) for dim in getattr(ind, "dimensions", [])}})


# --- The dashboard's cached figures -------------------------------------------------------------------
# A dashboard changes only when rollups are recomputed (a full rebuild, an area's or a village's refresh), and
# every such run ends by writing its `finished_at`. The figures part of a page (everything but the parts that
# depend on who reads it) is kept in the shared cache under the region, year, language and the latest finished
# run: the next run changes the key, so the refresh itself invalidates every page (the old entries expire).
# Who may read a dashboard is still asked on every request, before the cache is read.
DASHBOARD_CACHE_SECONDS = 3600


def rollup_version():
    """The latest finished run (its id and end): read before the figures, from the same database, so figures
    read after it are at least as new as the run it names (a run's rows are committed before its end is)."""
    latest = _rows("SELECT id, finished_at FROM {table} WHERE finished_at IS NOT NULL ORDER BY finished_at DESC "
                   "LIMIT 1", [], RebuildRun, datetime_columns=[1])
    return f"{latest[0][0]}.{latest[0][1].timestamp():.6f}" if latest else "0"


def dashboard_cache_key(code, year, language, version):
    # "z": the entries are core.cache.Compressed (a release before them kept plain ones under other names).
    return f"reports:dashboard:z:{version}:{code or 'ID'}:{year}:{language}"


def dashboard_cache_seconds():
    """How long a cached dashboard is kept (settings.REPORTS_DASHBOARD_CACHE_SECONDS; 0 turns the cache off).
    Its key changes at the next refresh anyway; the expiry only bounds what a deployment's changed page
    template leaves behind."""
    from django.conf import settings

    return getattr(settings, "REPORTS_DASHBOARD_CACHE_SECONDS", DASHBOARD_CACHE_SECONDS)


def years_and_stock_month(year):
    """One query on the nation's rows: the years that have figures (newest first, this year always), and the
    stock month of `year` (see stock_month)."""
    stocks = sorted(_stock_keys())
    rows = dict(_rows(f"SELECT year, MAX(CASE WHEN indicator IN ({_in(stocks)}) THEN month END) FROM {{table}} "
                      "WHERE region_code = %s AND level = 0 GROUP BY year", [*stocks, NATION]))
    return sorted(set(rows) | {timezone.localdate().year}, reverse=True), rows.get(year)


def as_of(code):
    """When the region's figures are current as of (None before any run): the end of the latest finished full
    rebuild, or refresh of the region itself or of an area containing it (a village refresh counts for its
    village only)."""
    from .rollup import ancestors

    codes = [code, *ancestors(code)] if code != NATION else [NATION]
    latest = _rows(f"SELECT finished_at FROM {{table}} WHERE region_code IN ({_in(codes)}) AND finished_at IS NOT "
                   "NULL AND error = %s ORDER BY finished_at DESC LIMIT 1", [*codes, ""], RebuildRun,
                   datetime_columns=[0])
    return latest[0][0] if latest else None


def table_columns():
    return [f for f in all_figures() if f.in_table]


def child_values(code, year, columns=None, stock_m=None):
    """{child_code: {indicator_key: value}} for the children of a region, from their rollup rows."""
    columns = columns if columns is not None else table_columns()
    keys = set()
    for col in columns:
        keys.update(col.of if col.key in DERIVED else (col.key,))
    stock_m = stock_m if stock_m is not None else stock_month(year)
    level = level_of(code) + 1
    per_child = defaultdict(lambda: Figures(year=year, stock_month=stock_m))
    stocks = _stock_keys()
    # The table shows the year: the database sums each child's months (flows; stocks: their month only), so a
    # national page adds up a few hundred rows, not every month of every province.
    keys, in_stock = sorted(keys), sorted(stocks & keys)
    # A stock's rows of its month only (none when the year has no stock month: month is never NULL).
    stock_rows = f"indicator NOT IN ({_in(in_stock)}) OR month = %s" if in_stock else "TRUE"
    rows = _rows("SELECT region_code, indicator, dimension, dim_value, SUM(value) FROM {table} "
                 f"WHERE parent_code = %s AND level = %s AND year = %s AND indicator IN ({_in(keys)}) "
                 f"AND dimension IN (%s, %s) AND ({stock_rows}) "
                 "GROUP BY region_code, indicator, dimension, dim_value",
                 [code, level, year, *keys, "", HISTOGRAM_DIMENSION, *([*in_stock, stock_m] if in_stock else [])])
    for child, indicator, dimension, dim_value, value in rows:
        # SUM of a bigint is numeric on PostgreSQL: the figures are whole numbers.
        per_child[child].add(indicator, stock_m if indicator in stocks else 0, dimension, dim_value, int(value))
    return {child: {col.key: f.total(col.key) for col in columns} | {"_fig": f} for child, f in per_child.items()}


def child_regions(code):
    if code == NATION:
        return Region.objects.filter(level=Level.PROVINCE).order_by("code")
    return Region.objects.filter(parent_id=code).order_by("code")


def child_table(code, year, stock_m=None):
    if level_of(code) >= Level.VILLAGE:
        return None
    columns = table_columns()
    values = child_values(code, year, columns, stock_m)
    rows = []
    for region in child_regions(code):
        v = values.get(region.code, {})
        rows.append({"code": region.code, "name": str(region),
                     "values": [v.get(col.key, None if col.key in DERIVED else 0) for col in columns]})
    return {"columns": [{"key": c.key, "label": _texts(c)["label"], "unit": c.unit} for c in columns], "rows": rows,
            "level_name": LEVEL_NAMES[level_of(code) + 1]}


# --- Open data: suppressed aggregates ------------------------------------------------------------

def public_columns():
    return [f for f in table_columns() if f.public]


def _suppress_counts(rows, keys):
    """Primary: every count below the threshold becomes "<5". Secondary (within the rows given, which
    share one published parent total): if exactly one cell of a column is hidden, the next smallest is
    hidden too ("x"), so the hidden one cannot be got back by subtraction from the parent's total."""
    for key in keys:
        hidden = []
        for row in rows:
            value = row[key]
            if isinstance(value, int) and value < SUPPRESS_BELOW:
                row[key] = SUPPRESSED
                hidden.append(row)
        if len(hidden) == 1:
            visible = [r for r in rows if isinstance(r[key], int)]
            if visible:
                smallest = min(visible, key=lambda r: r[key])
                smallest[key] = HIDDEN


def open_data(level, year, province=None):
    """Rows for provinces (level 1) or regencies (level 2, optionally of one province), suppressed."""
    columns = public_columns()
    stock_m = stock_month(year)
    count_cols = [c for c in columns if c.key not in DERIVED]
    derived_cols = [c for c in columns if c.key in DERIVED]
    result = []
    if level == Level.PROVINCE:
        groups = [(NATION, Region.objects.filter(level=Level.PROVINCE).order_by("code"))]
    else:
        provinces = Region.objects.filter(level=Level.PROVINCE).order_by("code")
        if province:
            provinces = provinces.filter(code=province)
        groups = [(p.code, Region.objects.filter(parent_id=p.code).order_by("code")) for p in provinces]
    for parent, regions in groups:
        values = child_values(parent, year, columns, stock_m)
        rows = []
        for region in regions:
            v = values.get(region.code, {})
            fig = v.get("_fig")
            row = {"code": region.code, "name": str(region)}
            for col in count_cols:
                row[col.key] = v.get(col.key, 0)
            for col in derived_cols:
                base = fig.base(col.key) if fig else 0
                value = v.get(col.key)
                # A share or median of fewer than five people is not published at all.
                row[col.key] = SUPPRESSED if base < SUPPRESS_BELOW or value is None else value
            rows.append(row)
        _suppress_counts(rows, [c.key for c in count_cols])
        result.extend(rows)
    return {"columns": [{"key": c.key, "label": str(c.label), "unit": c.unit,
                         "definition": str(c.definition)} for c in columns], "rows": result,
            "year": year, "stock_month": stock_m}
