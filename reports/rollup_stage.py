"""Reading a source table once for all the indicators that count it (PostgreSQL).

Nine indicators count placements (registered, verified, departures, abroad now, ...), six of them by the
person's sex. Read one by one, that is nine scans of the placements and six joins with the people table:
at a decade of national data (5 M placements, 4.8 M people) a third of a full rebuild, and for a village
with tens of thousands of placements one join with the whole people table per indicator.

Here the indicators of one source (same model, same village path) are read in one query into a temporary
staging table: per record its village, a flag per indicator (its filter, and a date for a flow), the year
and month of each date an indicator counts by, each breakdown value (once per path) and each summed field.
Each indicator then groups its rows from the narrow staging table, in exactly the shape of
`Indicator.raw_rows` (v_code, y, m, d0..dn, val), so what is stored does not change.
"""

from functools import reduce
from operator import or_

from django.db import connection, models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear

from .registry import FLOW

STAGE_TABLE = "rollup_stage"


def groups(indicators):
    """The indicators in their order, grouped by source (model and village path); computed ones alone."""
    out, by_source = [], {}
    for ind in indicators:
        if ind.compute is not None:
            out.append([ind])
            continue
        key = (ind.model, ind.village_path)
        if key not in by_source:
            by_source[key] = []
            out.append(by_source[key])
        by_source[key].append(ind)
    return out


def condition(indicator, today):
    """The rows an indicator counts, as a Q (its filter; a flow also needs its date)."""
    flt = indicator.filter(today) if callable(indicator.filter) else indicator.filter
    q = Q() if flt is None else flt
    if indicator.kind == FLOW:
        q &= Q(**{f"{indicator.date_field}__isnull": False})
    return q


class Stage:
    """A temporary table with the columns every indicator of one source needs, filled by one query."""

    def __init__(self, cursor, group, villages, today, table=True):
        """table=False: the staging query is only built (self.sql, self.params), to be read as the common table
        expression named STAGE_TABLE of one statement (see write_villages)."""
        self.cursor = cursor
        self.name = connection.ops.quote_name(STAGE_TABLE)
        first = group[0]
        qs = first.get_model()._base_manager.all()
        if villages is not None:
            qs = qs.filter(**{f"{first.village_path}__in": list(villages)})
        names = {"v_code": models.F(first.village_path)}
        self.columns = {}  # indicator key -> (flag, year, month, [dims], value) column names
        dates, paths, sums, conditions = {}, {}, {}, []
        for i, ind in enumerate(group):
            q = condition(ind, today)
            conditions.append(q)
            flag = f"f{i}"
            names[flag] = ExpressionWrapper(q, output_field=BooleanField()) if q else Value(True)
            y = m = None
            if ind.kind == FLOW:
                if ind.date_field not in dates:
                    j = len(dates)
                    dates[ind.date_field] = (f"y{j}", f"m{j}")
                    names[f"y{j}"] = ExtractYear(ind.date_field)
                    names[f"m{j}"] = ExtractMonth(ind.date_field)
                y, m = dates[ind.date_field]
            dims = []
            for dim in ind.dimensions:
                if dim.path not in paths:
                    paths[dim.path] = f"d{len(paths)}"
                    names[paths[dim.path]] = Coalesce(Cast(models.F(dim.path), models.CharField()), Value(""))
                dims.append(paths[dim.path])
            val = None
            if ind.sum_field:
                if ind.sum_field not in sums:
                    sums[ind.sum_field] = f"s{len(sums)}"
                    names[sums[ind.sum_field]] = models.F(ind.sum_field)
                val = sums[ind.sum_field]
            self.columns[ind.key] = (flag, y, m, dims, val)
        if all(conditions):
            # Records no indicator of the group counts are not staged.
            qs = qs.filter(reduce(or_, conditions))
        self.sql, self.params = qs.values(**names).order_by().query.sql_with_params()
        self.table = table
        if not table:
            return
        cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
        cursor.execute(f"CREATE TEMP TABLE {self.name} AS {self.sql}", self.params)
        if villages is None:
            cursor.execute(f"ANALYZE {self.name}")

    def source(self, indicator):
        """(sql, params): the indicator's rows (v_code, y, m, d0..dn, val) from the staging table."""
        flag, y, m, dims, val = self.columns[indicator.key]
        cols = ["v_code"]
        if y:
            cols += [f"{y} AS y", f"{m} AS m"]
        cols += [f"{d} AS d{i}" for i, d in enumerate(dims)]
        if val:
            cols.append(f"{val} AS val")
        return f"SELECT {', '.join(cols)} FROM {self.name} WHERE {flag}", []

    def drop(self):
        if self.table:
            self.cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


def write_villages(cursor, indicators, villages, today, chain=None):
    """Every indicator's village rows for `villages` (None: all), each source read once on PostgreSQL; with
    chain (a table name), the sums up to the nation are written into it by the same statements (see
    rollup_sql._run_insert)."""
    from .rollup_sql import _write

    rows = 0
    for group in groups(indicators):
        stage = None
        if connection.vendor == "postgresql" and len(group) > 1:
            if villages is not None and not chain:
                rows += _write_group_at_once(cursor, group, villages, today)
                continue
            stage = Stage(cursor, group, villages, today)
        try:
            for ind in group:
                rows += _write(cursor, ind, villages, today, source=stage.source(ind) if stage else None,
                               chain=chain)
        finally:
            if stage is not None:
                stage.drop()
    return rows


def _write_group_at_once(cursor, group, villages, today):
    """A refresh (some villages): the staging query and every indicator's INSERT of one source in one statement,
    the staged rows a materialised common table expression instead of a temporary table. For a village, the
    temporary table's CREATE and DROP (catalogue writes) and one round trip per indicator were most of the
    writing time of a refresh, not the rows (issue 23.4)."""
    from .rollup_sql import _grouping_sets_sql

    stage = Stage(cursor, group, villages, today, table=False)
    parts, params = [f"{stage.name} AS MATERIALIZED ({stage.sql})"], list(stage.params)
    for i, ind in enumerate(group):
        insert, insert_params = _grouping_sets_sql(ind, villages, today, source=stage.source(ind))
        parts.append(f"w{i} AS ({insert} RETURNING 1)")
        params += insert_params
    counts = " + ".join(f"(SELECT COUNT(*) FROM w{i})" for i in range(len(group)))
    cursor.execute(f"WITH {', '.join(parts)} SELECT {counts}", params)
    return cursor.fetchone()[0]
