"""A village refresh reads the placements, people, cases, referrals and claims it counts from covering indexes only
(reports migration 0006, PostgreSQL): a column added to what the staging query reads, and not to its index, sends
the refresh back to one heap page per record (issue 23.4)."""

import re
from datetime import date

import pytest
from django.db import connection

from reports.registry import active_indicators
from reports.rollup_stage import Stage, groups

from ..conftest import JATINOM

TODAY = date(2026, 5, 15)
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="covering indexes are PostgreSQL's; run with DATABASE_URL=postgres://...")
COVERED = {"migrants_placement": "rollup_placement_village", "people_person": "rollup_person_sex",
           "cases_case": "rollup_case_village", "cases_referral": "rollup_referral_case",
           "cases_claim": "rollup_claim_case"}


def columns_read(plan, found=None):
    """{table: columns} every scan of a covered table reads (its output, filters and index conditions), from an
    EXPLAIN (VERBOSE, FORMAT JSON) plan: whatever plan the planner picks for the test's few rows."""
    found = {} if found is None else found
    table = plan.get("Relation Name")
    if table in COVERED:
        texts = [*plan.get("Output", []), *(plan.get(key, "") for key in ("Filter", "Index Cond", "Recheck Cond"))]
        pattern = re.compile(rf"\b{re.escape(plan['Alias'])}\.(\w+)")
        found.setdefault(table, set()).update(m for text in texts for m in pattern.findall(text))
    for child in plan.get("Plans", []):
        columns_read(child, found)
    return found


def index_columns(cursor, index):
    cursor.execute("SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                   "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE c.relname = %s",
                   [index])
    return {name for (name,) in cursor.fetchall()}


@ON_POSTGRESQL
def test_the_covering_indexes_exist_and_are_valid(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, t.relname, i.indisvalid FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                       "WHERE c.relname = ANY(%s)", [list(COVERED.values())])
        found = {index: (table, valid) for index, table, valid in cursor.fetchall()}
    assert found == {index: (table, True) for table, index in COVERED.items()}


@ON_POSTGRESQL
@pytest.mark.parametrize("model, tables", [
    ("migrants.Placement", {"migrants_placement", "people_person"}),
    ("cases.Case", {"cases_case"}),
    ("cases.Referral", {"cases_case", "cases_referral"}),
    ("cases.Claim", {"cases_case", "cases_claim"}),
])
def test_every_column_a_village_staging_query_reads_is_in_its_covering_index(db, model, tables):
    group = next(g for g in groups(active_indicators()) if g[0].compute is None and g[0].model == model)
    with connection.cursor() as cursor:
        stage = Stage(cursor, group, [JATINOM], TODAY, table=False)
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + stage.sql, stage.params)
        read = columns_read(cursor.fetchone()[0][0]["Plan"])
        assert set(read) == tables
        for table, columns in read.items():
            assert columns and columns <= index_columns(cursor, COVERED[table]), (table, columns)


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@ON_POSTGRESQL
def test_a_refresh_stages_without_jit_and_leaves_the_session_as_it_found_it(transactional_db, make_placement):
    from reports import rollup
    from reports.models import Rollup

    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = setting("jit")
    seen = []

    def spy(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "rollup_stage" in sql:
            # Asked on a cursor of its own (same session and transaction), so the refresh's cursor keeps its result.
            with context["connection"].connection.cursor() as own:
                own.execute("SELECT current_setting('jit')")
                seen.append(own.fetchone()[0])
        return result

    with connection.execute_wrapper(spy):
        rollup.refresh_village(JATINOM, today=TODAY)

    assert seen and set(seen) == {"off"}
    assert setting("jit") == before
    assert Rollup.objects.get(region_code=JATINOM, indicator="departures", dimension="", year=2026,
                              month=3).value == 1
