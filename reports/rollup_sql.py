"""The SQL that writes rollup rows (village totals and breakdowns, sums up the levels) into the table
the current run targets; `reports.rollup` decides what to write and when."""

from collections import defaultdict
from contextvars import ContextVar

from django.db import connection

from .models import Rollup
from .registry import FLOW, STOCK, current_month

COLUMNS = "region_code, parent_code, level, year, month, indicator, dimension, dim_value, value"
# The parent of a region at level L, from its own code: the code cut to the parent's length.
PARENT_OF_LEVEL = {4: "SUBSTR({c}, 1, 8)", 3: "SUBSTR({c}, 1, 5)", 2: "SUBSTR({c}, 1, 2)", 1: "''", 0: "'-'"}

# The table being written: the rollup table itself, or (full rebuild on PostgreSQL) its replacement.
_target = ContextVar("rollup_target", default=None)


def _table():
    return connection.ops.quote_name(_target.get() or Rollup._meta.db_table)


def _in(values):
    return ", ".join(["%s"] * len(values))


# --- PostgreSQL: one scan per indicator ----------------------------------------------------------

def _grouping_sets_insert(cursor, indicator, villages, today, source=None, chain=False):
    """Village rows from one scan (see _grouping_sets_sql); with chain, the sums up to the nation too."""
    insert, params = _grouping_sets_sql(indicator, villages, today, source)
    return _run_insert(cursor, insert, params, chain)


def _grouping_sets_sql(indicator, villages, today, source=None):
    """(sql, params) of the INSERT writing an indicator's village rows from one scan: the monthly totals, and the
    breakdowns per year (flows: month 0; stocks: the current month). Kecamatan rows and up are summed from
    these: by `chain` in the same statement (full rebuild), or by the caller (a refresh, SQLite).

    source: (sql, params) of the ungrouped rows (v_code, y, m, d0..dn, val) when they are read from a staging
    table (rollup_stage); by default the indicator's own query over its source table."""
    sql, params = source or indicator.raw_rows(villages, today).query.sql_with_params()
    flow = indicator.kind == FLOW
    dims = [f"sub.d{i}" for i in range(len(indicator.dimensions))]
    sets = ["(sub.v_code, sub.y, sub.m)" if flow else "(sub.v_code)"]
    sets += [f"(sub.v_code, sub.y, {d})" if flow else f"(sub.v_code, {d})" for d in dims]
    value = "SUM(sub.val)" if indicator.sum_field else "COUNT(*)"
    dim_key = ("CASE " + " ".join(f"WHEN GROUPING({d}) = 0 THEN %s" for d in dims) + " ELSE '' END") if dims else "''"
    dim_value = "COALESCE(" + ", ".join([*dims, "''"]) + ")"
    if flow:
        # A breakdown set does not group the month: it reads NULL there, stored as month 0 (the year).
        y, m, head = "sub.y", "COALESCE(sub.m, 0)", []
    else:
        y, m, head = "%s", "%s", list(current_month(today))
    insert = (
        f"INSERT INTO {_table()} ({COLUMNS}) "
        f"SELECT sub.v_code, SUBSTR(sub.v_code, 1, 8), 4, {y}, {m}, %s, {dim_key}, {dim_value}, {value} "
        f"FROM ({sql}) sub "
        f"GROUP BY GROUPING SETS ({', '.join(sets)}) HAVING {value} IS NOT NULL AND {value} <> 0")
    params = [*head, indicator.key, *[d.key for d in indicator.dimensions], *params]
    return insert, params


_RETURNING = "RETURNING region_code, parent_code, year, month, indicator, dimension, dim_value, value"


def _run_insert(cursor, insert, params, chain):
    """Run an INSERT of village rows; with chain (PostgreSQL: the quoted name of a table), the same statement
    also writes into that table the kecamatan, regency, province and national sums of exactly those rows, each
    level grouped from the RETURNING rows of the level below: one indicator's rows at a time, never a re-read
    of the table. (The rebuild then moves them into its table ordered by region: see rollup._write_all.)"""
    if not chain:
        cursor.execute(insert, params)
        return cursor.rowcount
    parts = [f"l4 AS ({insert} {_RETURNING})"]
    for level in (3, 2, 1, 0):
        parts.append(
            f"l{level} AS (INSERT INTO {chain} ({COLUMNS}) SELECT parent_code, "
            f"{PARENT_OF_LEVEL[level].format(c='parent_code')}, {level}, year, month, indicator, dimension, "
            f"dim_value, SUM(value) FROM l{level + 1} "
            f"GROUP BY parent_code, year, month, indicator, dimension, dim_value {_RETURNING})")
    counts = " + ".join(f"(SELECT COUNT(*) FROM l{level})" for level in range(5))
    cursor.execute(f"WITH {', '.join(parts)} SELECT {counts}", params)
    return cursor.fetchone()[0]


# --- Any database: one grouped query per total / breakdown ----------------------------------------

def _grouped_insert(cursor, indicator, dimension, villages, today):
    """Village totals per month (dimension None) or one breakdown per village and year (month 0)."""
    breakdown = dimension is not None
    qs = indicator.queryset(dimension, villages, today, yearly=breakdown)
    sql, params = qs.query.sql_with_params()
    if indicator.kind == FLOW:
        y, m, head = "sub.y", "sub.m", []
    else:
        y, m, head = "%s", "%s", list(current_month(today))
    dv = "sub.dv" if breakdown else "''"
    cursor.execute(
        f"INSERT INTO {_table()} ({COLUMNS}) "
        f"SELECT sub.v_code, SUBSTR(sub.v_code, 1, 8), 4, {y}, {m}, %s, %s, {dv}, sub.v FROM ({sql}) sub "
        f"WHERE sub.v IS NOT NULL AND sub.v <> 0",
        [*head, indicator.key, dimension.key if breakdown else "", *params],
    )
    return cursor.rowcount


# --- Python-computed indicators -----------------------------------------------------------------

def _computed_insert(cursor, indicator, villages, today, chain=False):
    """Village totals and breakdowns as computed (month kept for histograms)."""
    year, month = current_month(today)
    rows = defaultdict(int)
    for code, y, m, dim, dim_value, value in indicator.compute(villages, today):
        if not value:
            continue
        if indicator.kind == STOCK:
            y, m = year, month
        rows[(code, code[:8], 4, y, m, dim, dim_value)] += value
    batch = [(r, p, lv, y, m, indicator.key, d, dv, v) for (r, p, lv, y, m, d, dv), v in rows.items()]
    target = _table()
    if chain:
        # Through a temporary table, so the sums up the levels read these rows only.
        target = connection.ops.quote_name("rollup_computed")
        cursor.execute(f"DROP TABLE IF EXISTS {target}")
        cursor.execute(f"CREATE TEMP TABLE {target} AS SELECT {COLUMNS} FROM {_table()} WITH NO DATA")
    if connection.vendor == "postgresql":
        # COPY: a national readiness is ~300 k rows, one INSERT each with executemany.
        with cursor.cursor.copy(f"COPY {target} ({COLUMNS}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
    else:
        sql = f"INSERT INTO {target} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        for i in range(0, len(batch), 5000):
            cursor.executemany(sql, batch[i:i + 5000])
    if not chain:
        return len(batch)
    rows = _run_insert(cursor, f"INSERT INTO {_table()} ({COLUMNS}) SELECT {COLUMNS} FROM {target}", [], chain)
    cursor.execute(f"DROP TABLE {target}")
    return rows


def _write(cursor, indicator, villages, today, source=None, chain=False):
    """One indicator's village rows (and with chain, PostgreSQL, the levels above)."""
    if indicator.compute is not None:
        return _computed_insert(cursor, indicator, villages, today, chain)
    if connection.vendor == "postgresql":
        return _grouping_sets_insert(cursor, indicator, villages, today, source, chain)
    n = _grouped_insert(cursor, indicator, None, villages, today)
    for dimension in indicator.dimensions:
        n += _grouped_insert(cursor, indicator, dimension, villages, today)
    return n


def _fresh_rows_sql(indicators, today):
    """SQL condition for the rows a rebuild recomputes: every flow month, and stocks of the current month."""
    year, month = current_month(today)
    flows = [i.key for i in indicators if i.kind == FLOW]
    stocks = [i.key for i in indicators if i.kind == STOCK]
    parts, params = [], []
    if flows:
        parts.append(f"indicator IN ({_in(flows)})")
        params += flows
    if stocks:
        parts.append(f"(indicator IN ({_in(stocks)}) AND year = %s AND month = %s)")
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
