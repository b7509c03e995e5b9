"""A village refresh that runs while a full rebuild is filling its fresh table is not lost at the swap."""

import threading
from datetime import date

import pytest
from django.db import connection

from reports import rollup
from reports.models import PendingRefresh, RebuildRun, Rollup

from ..conftest import JATINOM

TODAY = date(2026, 5, 15)
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the fresh-table swap is PostgreSQL's rebuild; on SQLite the rebuild is one write transaction in place "
           "and a refresh waits for it. Run with DATABASE_URL=postgres://... to exercise it",
)


def departures(code, month=3):
    row = Rollup.objects.filter(region_code=code, indicator="departures", dimension="", year=2026,
                                month=month).first()
    return row.value if row else 0


def in_another_session(fn):
    """Run fn on its own database connection (another PostgreSQL session), and wait for it."""
    errors = []

    def run():
        try:
            fn()
        except Exception as exc:  # re-raised below: the other session's failure fails the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@ON_POSTGRESQL
def test_a_refresh_between_the_fill_and_the_swap_is_redone_on_the_new_table(transactional_db, make_placement):
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    seen = {}

    def between_fill_and_swap():
        # The fill has already counted one departure; a second one is recorded now and its village refreshed
        # by another session (as the refresh task would), which writes into the table about to be dropped.
        make_placement(JATINOM, status="working", destination_country="HK", departure_date=date(2026, 3, 20))
        in_another_session(lambda: rollup.refresh_village(JATINOM, today=TODAY))
        seen["pending"] = list(PendingRefresh.objects.values_list("region_code", flat=True))

    rollup.rebuild_all(today=TODAY, before_swap=between_fill_and_swap)

    assert seen["pending"] == [JATINOM]
    assert departures(JATINOM) == 2
    assert departures("35.05.10") == 2
    assert departures("35.05") == 2
    assert departures("35") == 2
    assert departures("") == 2
    assert Rollup.objects.get(region_code="35.05.10", indicator="departures", dimension="destination",
                              dim_value="HK", year=2026, month=0).value == 1
    assert PendingRefresh.objects.count() == 0
    # The refresh during the rebuild, and its replay after the swap.
    assert list(RebuildRun.objects.filter(scope="village").values_list("region_code", flat=True)) == [JATINOM] * 2


@ON_POSTGRESQL
def test_a_refresh_while_the_rebuild_lock_is_held_is_recorded(transactional_db, make_placement):
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [rollup.REBUILD_LOCK])
        try:
            in_another_session(lambda: rollup.refresh_village(JATINOM, today=TODAY))
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [rollup.REBUILD_LOCK])
    assert list(PendingRefresh.objects.values_list("region_code", flat=True)) == [JATINOM]
    assert departures(JATINOM) == 1  # the refresh itself still ran

    rollup.rebuild_all(today=TODAY)
    assert PendingRefresh.objects.count() == 0
    assert departures("") == 1


def test_a_refresh_with_no_rebuild_running_records_nothing(make_placement):
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    rollup.refresh_village(JATINOM, today=TODAY)
    assert PendingRefresh.objects.count() == 0
    assert departures(JATINOM) == 1
    assert departures("") == 1


def test_the_admin_lists_pending_refreshes_read_only(admin_client, regions):
    PendingRefresh.objects.create(region_code=JATINOM)
    response = admin_client.get("/admin/reports/pendingrefresh/")
    assert response.status_code == 200
    assert JATINOM in response.content.decode()
    assert admin_client.get("/admin/reports/pendingrefresh/add/").status_code == 403
