"""A burst of writes in one village queues one rollup refresh until that refresh starts, on the database worker
and on RQ (issue 21.6: a public complaint's village refresh is not one RQ job per complaint)."""

import os

from django.core.management import call_command

from reports import freshness
from reports.tasks import refresh_area_rollups, refresh_village_rollups

from ..conftest import JATINOM


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=open(os.devnull, "w"))


def test_a_village_refresh_is_queued_once_until_it_starts_then_again(task_backend, transactional_db, regions):
    assert freshness.enqueue_once(refresh_village_rollups, JATINOM) is True
    assert freshness.enqueue_once(refresh_village_rollups, JATINOM) is False  # still waiting: one refresh
    assert freshness.enqueue_once(refresh_village_rollups, "35.05.10.2001") is True  # another village: its own
    queued = refresh_village_rollups.enqueue(JATINOM)
    run_worker()
    queued.refresh()
    assert queued.status == "SUCCESSFUL", queued.errors  # the marker's removal at the start stops no task
    assert freshness.enqueue_once(refresh_village_rollups, JATINOM) is True  # it ran: a new write queues again


def test_an_area_refresh_asked_twice_is_queued_once_until_it_starts(task_backend, transactional_db, regions):
    assert freshness.enqueue_once(refresh_area_rollups, "35.05.10") is True
    assert freshness.enqueue_once(refresh_area_rollups, "35.05.10") is False
    run_worker()
    assert freshness.enqueue_once(refresh_area_rollups, "35.05.10") is True
