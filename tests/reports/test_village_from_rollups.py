"""The village dashboard reads stored rollup rows (issue 23.1): its breakdowns too, in a few queries keyed by
the village, never the source records, however much data the rest of the country holds."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from reports import rollup
from reports.models import Rollup
from reports.services import figures_for

from ..conftest import GOGODESO, JATINOM

TODAY = date(2026, 5, 15)
OTHER_VILLAGE = "35.05.01.2001"


@pytest.fixture
def jatinom(make_placement):
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 2, 10))
    make_placement(JATINOM, "F", status="working", destination_country="HK", departure_date=date(2026, 3, 10))
    make_placement(JATINOM, "M", status="returned", destination_country="TW", departure_date=date(2025, 3, 10))
    make_placement(GOGODESO, "M", status="working", destination_country="MY", departure_date=date(2026, 4, 1))


def test_village_breakdowns_are_stored_rows_of_the_village(jatinom):
    rollup.rebuild_all(today=TODAY)
    rows = dict(Rollup.objects.filter(region_code=JATINOM, level=4, year=2026, indicator="departures",
                                      dimension="destination").values_list("dim_value", "value"))
    assert rows == {"TW": 1, "HK": 1}
    assert set(Rollup.objects.filter(region_code=JATINOM, level=4, year=2026, indicator="departures",
                                     dimension="destination").values_list("month", flat=True)) == {0}
    # Stocks: the current month's breakdown.
    abroad = dict(Rollup.objects.filter(region_code=JATINOM, level=4, indicator="abroad_now", dimension="sex")
                  .values_list("dim_value", "month"))
    assert abroad == {"F": 5}
    # The kecamatan's breakdown is the sum of its villages'.
    district = dict(Rollup.objects.filter(region_code=JATINOM[:8], level=3, year=2026, indicator="departures",
                                          dimension="destination").values_list("dim_value", "value"))
    assert district == {"TW": 1, "HK": 1, "MY": 1}


def test_village_refresh_writes_the_same_breakdowns_as_the_full_rebuild(jatinom, make_placement):
    rollup.rebuild_all(today=TODAY)
    make_placement(JATINOM, "M", status="working", destination_country="SG", departure_date=date(2026, 5, 2))
    rollup.refresh_village(JATINOM, today=TODAY)
    fields = ("region_code", "level", "year", "month", "indicator", "dimension", "dim_value", "value")
    refreshed = sorted(Rollup.objects.values_list(*fields))
    rollup.rebuild_all(today=TODAY)
    assert refreshed == sorted(Rollup.objects.values_list(*fields))
    assert figures_for(JATINOM, 2026).breakdown["departures"]["destination"] == {"TW": 1, "HK": 1, "SG": 1}


def village_page_queries(client, year=2026):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/laporan/dasbor/{JATINOM}/?tahun={year}")
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


# The page as computed from the rollups (the shared cache of issue 21.6 off: test_dashboard_cache.py covers it).
@override_settings(REPORTS_DASHBOARD_CACHE_SECONDS=0)
def test_village_dashboard_reads_rollups_in_at_most_ten_queries(jatinom, client_for, jatinom_operator,
                                                                 django_assert_max_num_queries):
    rollup.rebuild_all(today=TODAY)
    client = client_for(jatinom_operator)
    client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")  # session, permissions cache
    with django_assert_max_num_queries(10):
        response = client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    departures = next(i for i in response.context["data"]["sections"][0]["items"] if i["key"] == "departures")
    by_destination = {b["key"]: {r["code"]: r["value"] for r in b["rows"]} for b in departures["breakdowns"]}
    assert by_destination["destination"] == {"TW": 1, "HK": 1}
    assert by_destination["sex"] == {"F": 2}


# The page as computed from the rollups (the shared cache of issue 21.6 off: test_dashboard_cache.py covers it).
@override_settings(REPORTS_DASHBOARD_CACHE_SECONDS=0)
def test_village_dashboard_queries_do_not_grow_with_the_rest_of_the_country(jatinom, client_for, jatinom_operator,
                                                                            make_placement):
    rollup.rebuild_all(today=TODAY)
    client = client_for(jatinom_operator)
    village_page_queries(client)
    before_response, before = village_page_queries(client)
    for i in range(20):
        make_placement(OTHER_VILLAGE if i % 2 else GOGODESO, "F", status="working", destination_country="TW",
                       departure_date=date(2026, 1 + i % 4, 1))
    rollup.rebuild_all(today=TODAY)
    after_response, after = village_page_queries(client)
    assert len(after) == len(before)
    # No figure is read from the source records: only rollups keyed by the village (the navigation's badge
    # counts the village's own open cases, scoped to it as well).
    assert not [sql for sql in after if "migrants_placement" in sql]
    assert all(JATINOM in sql for sql in after if "cases_case" in sql)
    assert [sql for sql in after if "reports_rollup" in sql and JATINOM not in sql and "level" in sql
            and not re.search(r"region_code\"? = ''", sql)] == []
    assert before_response.context["data"]["sections"] == after_response.context["data"]["sections"]
