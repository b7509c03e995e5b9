"""The rebuild runs as a background task through the database worker, and from the management command."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reports.models import RebuildRun, Rollup

from ..conftest import JATINOM


@pytest.fixture
def one_departure(make_placement):
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 3, 1))


def test_enqueued_rebuild_is_run_by_the_database_worker(transactional_db, one_departure):
    from reports import tasks

    result = tasks.rebuild_rollups.enqueue()
    assert not Rollup.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert Rollup.objects.get(region_code="", indicator="departures", dimension="", year=2026, month=3).value == 1
    # The placement's own save queued its village's refresh too (reports.freshness); the worker ran both.
    assert sorted(RebuildRun.objects.values_list("scope", flat=True)) == ["full", "village"]


def test_command_refreshes_one_village_and_refuses_an_unknown_code(one_departure):
    call_command("rebuild_rollups", "--village", JATINOM)
    assert Rollup.objects.get(region_code=JATINOM, indicator="departures", year=2026, month=3).value == 1
    assert RebuildRun.objects.get().region_code == JATINOM
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("rebuild_rollups", "--village", "99.99.99.9999")


def test_rebuild_after_a_killed_rebuild_leaves_no_leftover_table_or_unfinished_runs(transactional_db, one_departure):
    from django.db import connection
    from django.utils import timezone

    from reports.rollup import VILLAGE_RUN_STALE_AFTER

    # What a rebuild killed between filling its fresh table and the swap leaves behind (PostgreSQL writes the
    # table; on SQLite it can only arrive with a restored database), plus a village refresh killed long ago.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE reports_rollup_new (id integer, region_code varchar(13))")
        cursor.execute("INSERT INTO reports_rollup_new VALUES (1, '35.05')")
    killed_full = RebuildRun.objects.create(scope=RebuildRun.Scope.FULL)
    killed_village = RebuildRun.objects.create(scope=RebuildRun.Scope.VILLAGE, region_code=JATINOM)
    RebuildRun.objects.filter(pk=killed_village.pk).update(
        started_at=timezone.now() - VILLAGE_RUN_STALE_AFTER - timezone.timedelta(minutes=1))
    recent_village = RebuildRun.objects.create(scope=RebuildRun.Scope.VILLAGE, region_code=JATINOM)

    call_command("rebuild_rollups", stdout=open("/dev/null", "w"))

    assert "reports_rollup_new" not in connection.introspection.table_names()
    killed_full.refresh_from_db()
    killed_village.refresh_from_db()
    assert killed_full.finished_at is not None and killed_full.error.startswith("interrupted")
    assert killed_village.finished_at is not None and killed_village.error.startswith("interrupted")
    # A village refresh that may still be running is left alone.
    assert RebuildRun.objects.filter(finished_at__isnull=True).get() == recent_village
    latest = RebuildRun.objects.filter(scope="full").exclude(pk=killed_full.pk).get()
    assert latest.error == "" and latest.finished_at is not None
    assert Rollup.objects.get(region_code="", indicator="departures", dimension="", year=2026, month=3).value == 1
