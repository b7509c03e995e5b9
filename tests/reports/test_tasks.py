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
    assert RebuildRun.objects.get().scope == "full"


def test_command_refreshes_one_village_and_refuses_an_unknown_code(one_departure):
    call_command("rebuild_rollups", "--village", JATINOM)
    assert Rollup.objects.get(region_code=JATINOM, indicator="departures", year=2026, month=3).value == 1
    assert RebuildRun.objects.get().region_code == JATINOM
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("rebuild_rollups", "--village", "99.99.99.9999")
