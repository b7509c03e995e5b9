"""Writing the rollup table: full rebuild, and the on-demand refresh of one village.

Village rows come from each indicator's grouped query, inserted with INSERT ... SELECT so nothing passes
through Python; the kecamatan, regency, province and national rows are then summed from the level below by
`parent_code`. Everything happens in one transaction: readers see the old figures until the new ones are
complete.
"""

import time

from django.db import connection, transaction
from django.utils import timezone

from .models import NATION, RebuildRun, Rollup
from .registry import FLOW, STOCK, active_indicators, current_month

COLUMNS = "region_code, parent_code, level, year, month, indicator, dimension, dim_value, value"
# The parent of a region at level L, from its own code: the code cut to the parent's length.
PARENT_OF_LEVEL = {4: "SUBSTR({c}, 1, 8)", 3: "SUBSTR({c}, 1, 5)", 2: "SUBSTR({c}, 1, 2)", 1: "''", 0: "'-'"}


def _table():
    return connection.ops.quote_name(Rollup._meta.db_table)


def _insert_village_rows(cursor, indicator, dimension, villages, today):
    qs = indicator.queryset(dimension, villages, today)
    sql, params = qs.query.sql_with_params()
    if indicator.kind == FLOW:
        y, m, head = "sub.y", "sub.m", []
    else:
        y, m, head = "%s", "%s", list(current_month(today))
    dv = "sub.dv" if dimension is not None else "''"
    parent = PARENT_OF_LEVEL[4].format(c="sub.v_code")
    cursor.execute(
        f"INSERT INTO {_table()} ({COLUMNS}) "
        f"SELECT sub.v_code, {parent}, 4, {y}, {m}, %s, %s, {dv}, sub.v FROM ({sql}) sub "
        f"WHERE sub.v IS NOT NULL AND sub.v <> 0",
        [*head, indicator.key, dimension.key if dimension is not None else "", *params],
    )
    return cursor.rowcount


def _insert_village_rows_grouping_sets(cursor, indicator, villages, today):
    """PostgreSQL: the total and every breakdown of an indicator in one scan (GROUP BY GROUPING SETS)."""
    sql, params = indicator.raw_rows(villages, today).query.sql_with_params()
    keys = "sub.v_code, sub.y, sub.m" if indicator.kind == FLOW else "sub.v_code"
    dims = [f"sub.d{i}" for i in range(len(indicator.dimensions))]
    sets = ", ".join([f"({keys})", *[f"({keys}, {d})" for d in dims]])
    dim_key = ("CASE " + " ".join(f"WHEN GROUPING({d}) = 0 THEN %s" for d in dims) + " ELSE '' END") if dims else "''"
    dim_value = "COALESCE(" + ", ".join([*dims, "''"]) + ")"
    value = "SUM(sub.val)" if indicator.sum_field else "COUNT(*)"
    if indicator.kind == FLOW:
        y, m, head = "sub.y", "sub.m", []
    else:
        y, m, head = "%s", "%s", list(current_month(today))
    parent = PARENT_OF_LEVEL[4].format(c="sub.v_code")
    cursor.execute(
        f"INSERT INTO {_table()} ({COLUMNS}) "
        f"SELECT sub.v_code, {parent}, 4, {y}, {m}, %s, {dim_key}, {dim_value}, {value} FROM ({sql}) sub "
        f"GROUP BY GROUPING SETS ({sets}) HAVING {value} IS NOT NULL AND {value} <> 0",
        [*head, indicator.key, *[d.key for d in indicator.dimensions], *params],
    )
    return cursor.rowcount


def _insert_computed_rows(cursor, indicator, villages, today):
    """Rows of a Python-computed indicator, written in batches."""
    year, month = current_month(today)
    batch, written = [], 0
    sql = (f"INSERT INTO {_table()} ({COLUMNS}) VALUES (%s, %s, 4, %s, %s, %s, %s, %s, %s)")
    for code, y, m, dim, dim_value, value in indicator.compute(villages, today):
        if not value:
            continue
        if indicator.kind == STOCK:
            y, m = year, month
        batch.append((code, code[:8], y, m, indicator.key, dim, dim_value, value))
        if len(batch) >= 5000:
            cursor.executemany(sql, batch)
            written += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        written += len(batch)
    return written


def _insert(cursor, indicator, dimension, villages, today):
    if indicator.compute is not None:
        return _insert_computed_rows(cursor, indicator, villages, today) if dimension is None else 0
    if connection.vendor == "postgresql":
        # One scan per indicator for the total and all its breakdowns.
        return _insert_village_rows_grouping_sets(cursor, indicator, villages, today) if dimension is None else 0
    return _insert_village_rows(cursor, indicator, dimension, villages, today)


def _fresh_rows_sql(indicators, today):
    """SQL condition for the rows a rebuild recomputes: every flow month, and stocks of the current month."""
    year, month = current_month(today)
    flows = [i.key for i in indicators if i.kind == FLOW]
    stocks = [i.key for i in indicators if i.kind == STOCK]
    parts, params = [], []
    if flows:
        parts.append(f"indicator IN ({', '.join(['%s'] * len(flows))})")
        params += flows
    if stocks:
        parts.append(f"(indicator IN ({', '.join(['%s'] * len(stocks))}) AND year = %s AND month = %s)")
        params += [*stocks, year, month]
    return "(" + (" OR ".join(parts) or "1 = 0") + ")", params


def _aggregate(cursor, level, where, params, parent_code=None):
    """Rows of `level` summed from the rows one level below (all of them, or one parent's)."""
    extra, extra_params = "", []
    if parent_code is not None:
        extra, extra_params = " AND parent_code = %s", [parent_code]
    cursor.execute(
        f"INSERT INTO {_table()} ({COLUMNS}) "
        f"SELECT parent_code, {PARENT_OF_LEVEL[level].format(c='parent_code')}, {level}, year, month, indicator, "
        f"dimension, dim_value, SUM(value) FROM {_table()} "
        f"WHERE level = %s AND {where}{extra} "
        f"GROUP BY parent_code, year, month, indicator, dimension, dim_value",
        [level + 1, *params, *extra_params],
    )
    return cursor.rowcount


def _units(indicators):
    for indicator in indicators:
        yield indicator, None
        for dimension in indicator.dimensions:
            yield indicator, dimension


def rebuild_all(today=None):
    """Recompute every village and every aggregate. Past months' stock figures are kept."""
    today = today or timezone.localdate()
    run = RebuildRun.objects.create(scope=RebuildRun.Scope.FULL)
    started = time.monotonic()
    indicators = active_indicators()
    rows = 0
    where, params = _fresh_rows_sql(indicators, today)
    # Also drop rows of flow indicators that no longer exist or whose source disappeared.
    known_stocks = [i.key for i in indicators if i.kind == STOCK]
    with transaction.atomic(), connection.cursor() as cursor:
        keep = "1 = 0"
        keep_params = []
        if known_stocks:
            year, month = current_month(today)
            keep = (f"indicator IN ({', '.join(['%s'] * len(known_stocks))}) "
                    f"AND NOT (year = %s AND month = %s)")
            keep_params = [*known_stocks, year, month]
        cursor.execute(f"DELETE FROM {_table()} WHERE NOT ({keep})", keep_params)
        for indicator, dimension in _units(indicators):
            rows += _insert(cursor, indicator, dimension, None, today)
        for level in (3, 2, 1, 0):
            rows += _aggregate(cursor, level, where, params)
    run.finished_at = timezone.now()
    run.rows = rows
    run.seconds = time.monotonic() - started
    run.save(update_fields=["finished_at", "rows", "seconds"])
    return run


def ancestors(code):
    """Kecamatan, regency, province and nation codes above a village code, nearest first."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)] + [NATION]


def refresh_village(code, today=None):
    """Recompute one village and re-sum the four aggregates above it (the rest stays as it was)."""
    today = today or timezone.localdate()
    run = RebuildRun.objects.create(scope=RebuildRun.Scope.VILLAGE, region_code=code)
    started = time.monotonic()
    indicators = active_indicators()
    where, params = _fresh_rows_sql(indicators, today)
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE region_code = %s AND level = 4 AND {where}", [code, *params])
        for indicator, dimension in _units(indicators):
            rows += _insert(cursor, indicator, dimension, [code], today)
        for ancestor in ancestors(code):
            level = 0 if ancestor == NATION else ancestor.count(".") + 1
            cursor.execute(f"DELETE FROM {_table()} WHERE region_code = %s AND level = %s AND {where}",
                           [ancestor, level, *params])
            rows += _aggregate(cursor, level, where, params, parent_code=ancestor)
    run.finished_at = timezone.now()
    run.rows = rows
    run.seconds = time.monotonic() - started
    run.save(update_fields=["finished_at", "rows", "seconds"])
    return run
