"""A full rebuild on PostgreSQL sorts with more memory than the server's default, for its own session only."""

from datetime import date

import pytest
from django.db import connection

from reports import rollup
from reports.models import Rollup

from ..conftest import JATINOM

TODAY = date(2026, 5, 15)
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="work_mem is PostgreSQL's; run with DATABASE_URL=postgres://...")


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@ON_POSTGRESQL
def test_the_rebuild_fills_its_table_with_the_rebuild_memory_and_leaves_the_session_as_it_found_it(
        transactional_db, make_placement):
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = (setting("work_mem"), setting("maintenance_work_mem"))
    seen = {}

    def before_swap():
        seen["during"] = (setting("work_mem"), setting("maintenance_work_mem"))

    rollup.rebuild_all(today=TODAY, before_swap=before_swap)

    assert seen["during"] == ("256MB", "512MB")
    assert (setting("work_mem"), setting("maintenance_work_mem")) == before
    assert Rollup.objects.get(region_code=JATINOM, indicator="departures", dimension="", year=2026,
                              month=3).value == 1


@ON_POSTGRESQL
def test_a_failed_rebuild_also_leaves_the_session_memory_as_it_found_it(transactional_db, make_placement):
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = (setting("work_mem"), setting("maintenance_work_mem"))

    def fail():
        raise RuntimeError("stopped before the swap")

    with pytest.raises(RuntimeError):
        rollup.rebuild_all(today=TODAY, before_swap=fail)

    assert (setting("work_mem"), setting("maintenance_work_mem")) == before


@ON_POSTGRESQL
def test_an_empty_setting_keeps_the_servers_memory_for_the_rebuild(transactional_db, make_placement, settings):
    settings.ROLLUP_REBUILD_WORK_MEM = ""
    settings.ROLLUP_REBUILD_MAINTENANCE_WORK_MEM = ""
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = (setting("work_mem"), setting("maintenance_work_mem"))
    seen = {}

    rollup.rebuild_all(today=TODAY, before_swap=lambda: seen.setdefault(
        "during", (setting("work_mem"), setting("maintenance_work_mem"))))

    assert seen["during"] == before


@ON_POSTGRESQL
def test_a_village_refresh_sets_its_memory_for_its_own_transaction_only(transactional_db, make_placement):
    """Inside a caller's transaction the refresh's SET LOCAL is still visible; once it ends, the session is as it
    was. An empty ROLLUP_REFRESH_WORK_MEM keeps the server's value."""
    from django.db import transaction

    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = setting("work_mem")
    with transaction.atomic():
        rollup.refresh_village(JATINOM, today=TODAY)
        during = setting("work_mem")
    assert (during, setting("work_mem")) == ("64MB", before)
    assert Rollup.objects.get(region_code=JATINOM, indicator="departures", dimension="", year=2026,
                              month=3).value == 1


@ON_POSTGRESQL
def test_an_empty_setting_keeps_the_servers_memory_for_a_refresh(transactional_db, make_placement, settings):
    from django.db import transaction

    settings.ROLLUP_REFRESH_WORK_MEM = ""
    make_placement(JATINOM, status="working", destination_country="TW", departure_date=date(2026, 3, 1))
    before = setting("work_mem")
    with transaction.atomic():
        rollup.refresh_village(JATINOM, today=TODAY)
        assert setting("work_mem") == before
