"""A full rebuild on PostgreSQL reads each source table once (a staging table per model) and sums every level in
the statement that writes the villages: what it stores is what each indicator's own query gives."""

from datetime import date

import pytest
from django.db import connection

from reports import rollup
from reports.models import Rollup
from reports.registry import active_indicators
from reports.rollup_stage import Stage, groups

from ..conftest import GOGODESO, JATINOM, PANDANARUM

TODAY = date(2026, 5, 15)
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the staging table and the chained sums are PostgreSQL's; run with "
                                          "DATABASE_URL=postgres://...")


@pytest.fixture
def placements(make_placement):
    make_placement(JATINOM, "F", registered=date(2025, 11, 5), verified=date(2025, 12, 1), status="working",
                   destination_country="TW", sector="caregiver", scheme="p2p", departure_date=date(2026, 2, 10),
                   expected_return=date(2026, 4, 30))
    make_placement(JATINOM, "M", registered=date(2026, 1, 7), status="returned", destination_country="HK",
                   sector="domestic", departure_date=date(2026, 2, 11), actual_return=date(2026, 4, 2))
    make_placement(GOGODESO, "M", registered=date(2026, 3, 1), status="departed", destination_country="MY",
                   departure_date=date(2026, 3, 3), non_procedural=True, lost_contact=True,
                   expected_return=date(2028, 3, 1))
    make_placement(PANDANARUM, "F", registered=date(2026, 4, 1), status="interest")


def rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(tuple("" if v is None else str(v) for v in row) for row in cursor.fetchall())


@ON_POSTGRESQL
@pytest.mark.parametrize("villages", [None, [JATINOM]], ids=["every village", "one village"])
def test_each_indicator_reads_from_the_staging_table_exactly_the_rows_of_its_own_query(placements, villages):
    shared = [group for group in groups(active_indicators()) if len(group) > 1]
    assert any(ind.key == "departures" for group in shared for ind in group)
    with connection.cursor() as cursor:
        for group in shared:
            stage = Stage(cursor, group, villages, TODAY)
            try:
                for ind in group:
                    own = ind.raw_rows(villages, TODAY).query.sql_with_params()
                    assert rows(*stage.source(ind)) == rows(*own), ind.key
            finally:
                stage.drop()


@ON_POSTGRESQL
def test_every_level_of_a_rebuild_is_the_sum_of_the_level_below(placements):
    rollup.rebuild_all(today=TODAY)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.level, p.region_code, p.indicator, p.dimension, p.dim_value, p.year, p.month, p.value, "
            "COALESCE((SELECT SUM(c.value) FROM reports_rollup c WHERE c.parent_code = p.region_code "
            "AND c.level = p.level + 1 AND c.indicator = p.indicator AND c.dimension = p.dimension "
            "AND c.dim_value = p.dim_value AND c.year = p.year AND c.month = p.month), 0) "
            "FROM reports_rollup p WHERE p.level < 4")
        found = cursor.fetchall()
    assert found
    assert [r for r in found if r[7] != r[8]] == []
    assert Rollup.objects.get(region_code="", level=0, indicator="departures", dimension="", year=2026,
                              month=2).value == 2


@ON_POSTGRESQL
def test_the_rebuilt_table_stores_codes_in_byte_order_and_answers_by_its_indexes(placements):
    rollup.rebuild_all(today=TODAY)

    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, collation_name FROM information_schema.columns "
                       "WHERE table_name = 'reports_rollup' AND data_type = 'character varying'")
        collations = dict(cursor.fetchall())
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'reports_rollup'")
        indexes = {name for (name,) in cursor.fetchall()}
    assert collations == {c: "C" for c in ("region_code", "parent_code", "indicator", "dimension", "dim_value")}
    assert {"reports_rollup_pkey", "rollup_region_year", "rollup_parent_year"} <= indexes
    assert Rollup.objects.get(region_code=GOGODESO, indicator="departures_nonprocedural", dimension="",
                              year=2026, month=3).value == 1
