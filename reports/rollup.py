"""Writing the rollup table: full rebuild, and the on-demand refresh of one village.

What is stored (measured on 1,050,000 placements: storing every breakdown per village per *month* wrote
17 million rows, most of them a single person, and took minutes to write):
- village rows (level 4): the monthly total of every indicator, and the breakdowns (by sex, destination,
  sector, scheme, category, state, ...) per year (month 0; stocks: the current month; computed histograms
  keep their month);
- kecamatan, regency, province and national rows (levels 3, 2, 1, 0): everything summed from the level
  below by `parent_code`.
Every dashboard, the village one included, reads its region's rows only (`region_code = X`), never the raw
records: its cost does not grow with the rest of the country.

On PostgreSQL one scan per indicator (GROUP BY GROUPING SETS) writes the village totals and breakdowns with
INSERT ... SELECT; nothing passes through Python. Everything happens in one transaction:
readers see the old figures until the new ones are complete.

A village refresh that runs while a full rebuild fills its fresh table (PostgreSQL) writes into the table the
rebuild is about to drop. The rebuild holds an advisory lock for its whole run; a refresh that finds it held
records its village in `PendingRefresh`, and the rebuild refreshes those villages again right after the swap.
"""

import time
from contextlib import suppress
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from regions.models import Level, Region

from .models import NATION, PendingRefresh, RebuildRun, Rollup
from .registry import STOCK, active_indicators, current_month
from .rollup_sql import (  # noqa: F401  (COLUMNS and PARENT_OF_LEVEL stay importable from here)
    COLUMNS,
    PARENT_OF_LEVEL,
    _aggregate,
    _fresh_rows_sql,
    _in,
    _table,
    _target,
)
from .rollup_stage import write_villages

# PostgreSQL advisory lock key: held (exclusive, for the session) by a full rebuild from start to end, and
# tried (shared, for the transaction) by every village refresh. ASCII "PAYUNGRB".
REBUILD_LOCK = 0x504159554E475242

# Memory a full rebuild's session may use (PostgreSQL): the GROUPING SETS and the sums up the levels group
# tens of millions of rows, and each index of the fresh table sorts all of them. With the server's default
# (work_mem 4 MB, maintenance_work_mem 64 MB) those sorts spill to disk, which at a decade of national data
# is most of the rebuild's time. Set for the rebuild's own session only, and reset when it ends (the
# connection may serve other work afterwards). Settings ROLLUP_REBUILD_WORK_MEM / _MAINTENANCE_WORK_MEM
# override them ("" keeps the server's value).
REBUILD_WORK_MEM = "256MB"
REBUILD_MAINTENANCE_WORK_MEM = "512MB"


def _finish(run, started, rows):
    run.finished_at = timezone.now()
    run.rows = rows
    run.seconds = time.monotonic() - started
    run.save(update_fields=["finished_at", "rows", "seconds"])
    return run


# A village refresh takes seconds; one still unfinished after this long belongs to a process that died.
VILLAGE_RUN_STALE_AFTER = timedelta(hours=1)


def _close_interrupted_runs(current):
    """Mark the runs a killed process left unfinished, so no run stays "in progress" forever.

    Called by a full rebuild once it holds the rebuild lock (PostgreSQL) or at its start (SQLite, where writers
    are serialised): any other unfinished full run has died; a village run only once it is clearly too old.
    """
    now = timezone.now()
    stale = RebuildRun.objects.filter(finished_at__isnull=True).exclude(pk=current.pk).filter(
        Q(scope=RebuildRun.Scope.FULL) | Q(started_at__lt=now - VILLAGE_RUN_STALE_AFTER))
    return stale.update(finished_at=now, error=INTERRUPTED)


INTERRUPTED = "interrupted: the process stopped before the run finished; closed by the next full rebuild"


def _drop_leftover_table(cursor):
    """The fresh table of a rebuild that was killed or failed before its swap."""
    cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(Rollup._meta.db_table + '_new')}")


def rebuild_all(today=None, before_swap=None):
    """Recompute every village and every aggregate. Past months' stock figures are kept.

    before_swap: called once the fresh table is filled and indexed, just before it replaces the old one
    (PostgreSQL only; the moment a concurrent village refresh would otherwise be lost, which tests use).

    A killed earlier rebuild leaves at most its fresh table and its unfinished run record; this run removes
    the one and closes the other. A failing run drops its own fresh table and records its error.
    """
    today = today or timezone.localdate()
    run = RebuildRun.objects.create(scope=RebuildRun.Scope.FULL)
    started = time.monotonic()
    indicators = active_indicators()
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # One rebuild at a time (they share the _new table), and refreshes from now on are recorded.
                cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
                memory = _rebuild_memory()
                try:
                    for name, value in memory:
                        cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
                    _close_interrupted_runs(run)
                    rows = _rebuild_into_new_table(indicators, today, before_swap)
                    rows += _replay_pending(today)
                except BaseException:
                    with suppress(Exception):  # a lost connection: the next rebuild drops it
                        _drop_leftover_table(cursor)
                    raise
                finally:
                    for name, _value in memory:
                        with suppress(Exception):
                            cursor.execute(f"RESET {name}")
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
        else:
            _close_interrupted_runs(run)
            with transaction.atomic(), connection.cursor() as cursor:
                # Never written on SQLite, but a database restored from elsewhere may carry one.
                _drop_leftover_table(cursor)
                rows = _rebuild_in_place(cursor, indicators, today)
    except BaseException as exc:
        run.finished_at = timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.seconds = time.monotonic() - started
        with suppress(Exception):  # the connection itself may be gone: the next rebuild closes the run
            run.save(update_fields=["finished_at", "error", "seconds"])
        raise
    return _finish(run, started, rows)


# work_mem of a village or area refresh's transaction (setting ROLLUP_REFRESH_WORK_MEM; "" keeps the server's).
REFRESH_WORK_MEM = "64MB"


def _memory_setting(name, default):
    """A PostgreSQL memory value from the Django setting `name` (else `default`); None where it is "" (the
    server's own value is kept)."""
    from django.conf import settings

    return getattr(settings, name, default) or None


def _rebuild_memory():
    """(setting, value) pairs a full rebuild sets for its session (see REBUILD_WORK_MEM)."""
    pairs = [("work_mem", _memory_setting("ROLLUP_REBUILD_WORK_MEM", REBUILD_WORK_MEM)),
             ("maintenance_work_mem", _memory_setting("ROLLUP_REBUILD_MAINTENANCE_WORK_MEM",
                                                      REBUILD_MAINTENANCE_WORK_MEM))]
    return [(name, value) for name, value in pairs if value]


def _keep_sql(indicators, today):
    """Rows a rebuild keeps: earlier months of known stocks (their month-end history)."""
    stocks = [i.key for i in indicators if i.kind == STOCK]
    if not stocks:
        return "1 = 0", []
    year, month = current_month(today)
    return f"indicator IN ({_in(stocks)}) AND NOT (year = %s AND month = %s)", [*stocks, year, month]


def _replay_pending(today, passes=3):
    """Refresh again, on the swapped-in table, the villages refreshed during the rebuild.

    Refreshes recorded before the swap committed before it (the swap's table lock waits for them); one that
    was blocked by the swap writes into the new table anyway. A refresh recorded during this replay is
    already on the new table, so a few passes end it; any row left over is replayed by the next rebuild.
    """
    rows = 0
    for _ in range(passes):
        pending = list(PendingRefresh.objects.order_by("id").values_list("id", "region_code"))
        if not pending:
            break
        for code in sorted({code for _pk, code in pending}):
            rows += refresh_region(code, today).rows
        PendingRefresh.objects.filter(id__in=[pk for pk, _code in pending]).delete()
    return rows


def _rebuild_into_new_table(indicators, today, before_swap=None):
    """PostgreSQL: fill a fresh table without indexes, index it, then swap it in with a short lock.

    Deleting and re-inserting millions of indexed rows in place is what made the first version slow; this
    writes each row once, builds each index once, and readers keep the old table until the swap.
    """
    real = Rollup._meta.db_table
    new = f"{real}_new"
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        _drop_leftover_table(cursor)
        cursor.execute(f"CREATE TABLE {q(new)} (LIKE {q(real)} INCLUDING DEFAULTS INCLUDING IDENTITY "
                       f"INCLUDING CONSTRAINTS)")
        cursor.execute(f"ALTER TABLE {q(new)} " + ", ".join(
            f'ALTER COLUMN {q(column)} TYPE varchar({length}) COLLATE "C"' for column, length in _text_columns()))
        keep, keep_params = _keep_sql(indicators, today)
        cols = COLUMNS
        cursor.execute(f"INSERT INTO {q(new)} ({cols}) SELECT {cols} FROM {q(real)} WHERE {keep}", keep_params)
        token = _target.set(new)
        try:
            rows = _write_all(cursor, indicators, today)
        finally:
            _target.reset(token)
        indexes = [(f"{new}_pkey", None)] + [(ix.name, ix.fields) for ix in Rollup._meta.indexes]
        cursor.execute(f"ALTER TABLE {q(new)} ADD CONSTRAINT {q(new + '_pkey')} PRIMARY KEY (id)")
        for name, fields in indexes[1:]:
            cursor.execute(f"CREATE INDEX {q(name + '_new')} ON {q(new)} ({', '.join(q(f) for f in fields)})")
        cursor.execute(f"ANALYZE {q(new)}")
        if before_swap is not None:
            before_swap()
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {q(real)} IN ACCESS EXCLUSIVE MODE")
            cursor.execute(f"DROP TABLE {q(real)}")
            cursor.execute(f"ALTER TABLE {q(new)} RENAME TO {q(real)}")
            cursor.execute(f"ALTER INDEX {q(new + '_pkey')} RENAME TO {q(real + '_pkey')}")
            for name, _fields in indexes[1:]:
                cursor.execute(f"ALTER INDEX {q(name + '_new')} RENAME TO {q(name)}")
    return rows


def _text_columns():
    """(column, max length) of the rollup's text columns: codes, indicator keys, breakdown values.

    The fresh table stores them with the "C" collation (byte order). They are ASCII, so nothing reads them
    differently, but sorting them is about twice as fast as with the database's locale (whose comparisons go
    through the C library, without abbreviated keys): building the two indexes of tens of millions of rows
    was a third of a rebuild. Set here, not in a migration, because the rebuild creates the table anyway
    (and SQLite has no "C" collation); a database not rebuilt yet reads the same rows, only more slowly.
    """
    return [(f.column, f.max_length) for f in Rollup._meta.concrete_fields
            if f.get_internal_type() == "CharField"]


def _rebuild_in_place(cursor, indicators, today):
    keep, keep_params = _keep_sql(indicators, today)
    cursor.execute(f"DELETE FROM {_table()} WHERE NOT ({keep})", keep_params)
    return _write_all(cursor, indicators, today)


def _write_all(cursor, indicators, today):
    if connection.vendor == "postgresql":
        # Each source read once; each indicator's statement also writes its sums up to the nation, into a
        # temporary table first: written straight into the rollup table, a province's rows were spread over
        # every indicator's stretch of village rows (626 pages for Jawa Timur's year instead of 15), and the
        # national, province and regency dashboards read 1.2-1.7x slower. Moved in region order, each region's
        # rows sit together, as a dashboard reads them.
        upper = connection.ops.quote_name("rollup_upper")
        cursor.execute(f"DROP TABLE IF EXISTS {upper}")
        cursor.execute(f"CREATE TEMP TABLE {upper} AS SELECT {COLUMNS} FROM {_table()} WITH NO DATA")
        rows = write_villages(cursor, indicators, None, today, chain=upper)
        cursor.execute(f"INSERT INTO {_table()} ({COLUMNS}) SELECT {COLUMNS} FROM {upper} "
                       f"ORDER BY level, region_code, year")
        cursor.execute(f"DROP TABLE {upper}")
        return rows
    rows = write_villages(cursor, indicators, None, today)
    where, params = _fresh_rows_sql(indicators, today)
    # Kecamatan rows (totals and breakdowns) from villages, then upwards.
    for level in (3, 2, 1, 0):
        rows += _aggregate(cursor, level, where, params)
    return rows


def ancestors(code):
    """Kecamatan, regency, province and nation codes above a village code, nearest first."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)] + [NATION]


def _region_rows(cursor, code, level, where, params):
    cursor.execute(f"SELECT year, month, indicator, dimension, dim_value, value FROM {_table()} "
                   f"WHERE region_code = %s AND level = %s AND {where}", [code, level, *params])
    return {tuple(row[:5]): row[5] for row in cursor.fetchall()}


def _apply_delta(cursor, ancestor, delta):
    """Add the kecamatan's change to one ancestor's rows: only the keys that changed are touched."""
    if not delta:
        return 0
    level = 0 if ancestor == NATION else ancestor.count(".") + 1
    indicators = sorted({k[2] for k in delta})
    years = sorted({k[0] for k in delta})
    cursor.execute(f"SELECT id, year, month, indicator, dimension, dim_value, value FROM {_table()} "
                   f"WHERE region_code = %s AND level = %s AND indicator IN ({_in(indicators)}) "
                   f"AND year IN ({_in(years)})", [ancestor, level, *indicators, *years])
    existing = {tuple(row[1:6]): (row[0], row[6]) for row in cursor.fetchall()}
    updates, deletes, inserts = [], [], []
    parent = "-" if level == 0 else ("" if level == 1 else ancestor.rsplit(".", 1)[0])
    for key, change in delta.items():
        if key in existing:
            pk, value = existing[key]
            if value + change == 0:
                deletes.append((pk,))
            else:
                updates.append((value + change, pk))
        else:
            inserts.append((ancestor, parent, level, *key, change))
    if updates:
        cursor.executemany(f"UPDATE {_table()} SET value = %s WHERE id = %s", updates)
    if deletes:
        cursor.executemany(f"DELETE FROM {_table()} WHERE id = %s", deletes)
    if inserts:
        cursor.executemany(f"INSERT INTO {_table()} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                           inserts)
    return len(updates) + len(deletes) + len(inserts)


def refresh_village(code, today=None):
    """Recompute one village's rows, then add the village's change to its kecamatan, regency, province and nation
    (the keys that changed, not a re-sum of the kecamatan's villages: for the largest villages that re-sum read
    every village row of a large kecamatan, issue 23.4)."""
    return refresh_region(code, today)


def _codes_under(code, level):
    return list(Region.objects.filter(level=level, code__startswith=code + ".").values_list("code", flat=True))


def refresh_region(code, today=None):
    """Recompute a village, or every village of a kecamatan, regency or province (an officer's "refresh my
    area"), re-sum the levels in between, and add the change to the ancestors above.

    Every statement reads and writes by region code lists (indexed): the cost follows the area, not the
    country."""
    today = today or timezone.localdate()
    level = code.count(".") + 1
    village = level == Level.VILLAGE
    run = RebuildRun.objects.create(scope=RebuildRun.Scope.VILLAGE if village else RebuildRun.Scope.AREA,
                                    region_code=code)
    started = time.monotonic()
    indicators = active_indicators()
    where, params = _fresh_rows_sql(indicators, today)
    # The highest region re-summed here (a village: only itself); the ones above it get the difference.
    top, top_level = (code, Level.VILLAGE) if village else (code, level)
    villages = [code] if village else _codes_under(code, Level.VILLAGE)
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A full rebuild holds the lock exclusively: what this writes goes into the table it will drop, so
            # it is recorded for the rebuild to redo after its swap. Otherwise the shared lock keeps a rebuild
            # from starting before this commits (its fill then sees what this saw).
            # JIT off for this transaction (SET LOCAL): the staging query of a village with ~16,000 placements is
            # costed above jit_above_cost and compiled for ~0.4 s, most of a refresh, to run for a fraction of it.
            # work_mem for this transaction too: a large village's staged rows (80,000 placements at a decade,
            # ~30 MB) spilled to temporary files at the server's default 4 MB, and so did its breakdowns' sorts.
            cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s), set_config('jit', 'off', true), "
                           "set_config('work_mem', COALESCE(%s, current_setting('work_mem')), true)",
                           [REBUILD_LOCK, _memory_setting("ROLLUP_REFRESH_WORK_MEM", REFRESH_WORK_MEM)])
            if not cursor.fetchone()[0]:
                PendingRefresh.objects.create(region_code=code)
        before = _region_rows(cursor, top, top_level, where, params)
        for i in range(0, len(villages), 5000):
            part = villages[i:i + 5000]
            cursor.execute(f"DELETE FROM {_table()} WHERE region_code IN ({_in(part)}) AND level = 4 AND {where}",
                           [*part, *params])
        if villages:
            rows += write_villages(cursor, indicators, villages, today)
        for lv in range(Level.DISTRICT, top_level - 1, -1):
            regions = [top] if lv == top_level else _codes_under(top, lv)
            for i in range(0, len(regions), 5000):
                part = regions[i:i + 5000]
                cursor.execute(f"DELETE FROM {_table()} WHERE region_code IN ({_in(part)}) AND level = %s "
                               f"AND {where}", [*part, lv, *params])
                cursor.execute(
                    f"INSERT INTO {_table()} ({COLUMNS}) SELECT parent_code, "
                    f"{PARENT_OF_LEVEL[lv].format(c='parent_code')}, %s, year, month, indicator, dimension, "
                    f"dim_value, SUM(value) FROM {_table()} WHERE parent_code IN ({_in(part)}) AND level = %s "
                    f"AND {where} GROUP BY parent_code, year, month, indicator, dimension, dim_value",
                    [lv, *part, lv + 1, *params])
                rows += cursor.rowcount
        after = _region_rows(cursor, top, top_level, where, params)
        delta = {k: after.get(k, 0) - before.get(k, 0) for k in before.keys() | after.keys()}
        delta = {k: v for k, v in delta.items() if v}
        for ancestor in ancestors(top):
            rows += _apply_delta(cursor, ancestor, delta)
    return _finish(run, started, rows)
