"""Figures never stale (issue 22.5): a write queues its village's refresh, the worker runs it, dashboards say
"as of", and district and province officers can ask for a refresh of their area."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import rollup
from reports.models import RebuildRun

from ..conftest import BLITAR, GOGODESO, JATINOM

QUIET = {"stdout": open("/dev/null", "w")}
VILLAGE_TASK = "reports.tasks.refresh_village_rollups"
AREA_TASK = "reports.tasks.refresh_area_rollups"


def queued(task_path):
    return sorted(r["args"][0] for r in DBTaskResult.objects.filter(status="READY", task_path=task_path)
                  .values_list("args_kwargs", flat=True))


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", **QUIET)


def registered(response):
    """The headline figure as the page shows it (the page may come from the shared cache: no `data` then)."""
    found = re.search(r'data-testid="headline" data-key="registered"><div class="card-body p-2"><div class="value">'
                      r"([^<]*)</div>", response.content.decode())
    return int(found.group(1))


def test_a_registration_appears_on_the_village_and_district_dashboards_after_the_worker_runs(
        transactional_db, client_for, jatinom_operator, blitar_officer, make_person):
    from migrants import services

    person = make_person(JATINOM)
    rollup.rebuild_all()
    year = timezone.localdate().year
    village_url, regency_url = f"/laporan/dasbor/{JATINOM}/?tahun={year}", f"/laporan/dasbor/{BLITAR}/?tahun={year}"
    assert registered(client_for(jatinom_operator).get(village_url)) == 0

    services.create_placement(jatinom_operator, person, destination_country="HK")
    assert queued(VILLAGE_TASK) == [JATINOM]
    assert registered(client_for(jatinom_operator).get(village_url)) == 0  # not yet: the worker has not run

    run_worker()
    assert queued(VILLAGE_TASK) == []
    village_page = client_for(jatinom_operator).get(village_url)
    assert registered(village_page) == 1
    assert RebuildRun.objects.filter(scope="village", region_code=JATINOM, error="").count() == 1
    assert village_page.context["data"]["as_of"] == RebuildRun.objects.get(scope="village").finished_at
    assert "Angka per " in village_page.content.decode()
    regency_page = client_for(blitar_officer).get(regency_url)
    assert registered(regency_page) == 1
    jatinom_district = JATINOM[:8]
    table = regency_page.context["data"]["children"]
    column = [c["key"] for c in table["columns"]].index("registered")
    assert {r["code"]: r["values"][column] for r in table["rows"]}[jatinom_district] == 1


def test_many_writes_in_one_village_queue_one_refresh_and_nothing_is_queued_when_rolled_back(
        transactional_db, make_placement):
    make_placement(JATINOM, "F")
    make_placement(JATINOM, "M")
    make_placement(GOGODESO, "F")
    assert queued(VILLAGE_TASK) == [JATINOM, GOGODESO]
    with pytest.raises(RuntimeError), transaction.atomic():
        make_placement("35.05.01.2001", "F")
        raise RuntimeError("rolled back")
    assert queued(VILLAGE_TASK) == [JATINOM, GOGODESO]


def test_a_deleted_record_queues_its_village(transactional_db, make_placement):
    placement = make_placement(GOGODESO, "F")
    DBTaskResult.objects.all().delete()
    placement.delete()
    assert queued(VILLAGE_TASK) == [GOGODESO]


def test_a_bulk_import_queues_each_village_it_touched_once(transactional_db, make_person):
    from core import bulk
    from migrants.models import Placement

    people = [make_person(JATINOM), make_person(JATINOM), make_person(GOGODESO)]
    DBTaskResult.objects.all().delete()
    template = bulk.row_defaults(Placement)
    ids = bulk.reserve_ids(Placement, len(people))
    now = timezone.now()
    records = [{**template, "id": pk, "person_id": p.pk, "village_id": p.village_id, "created_at": now,
                "updated_at": now} for pk, p in zip(ids, people, strict=True)]
    with transaction.atomic():
        bulk.insert_rows(Placement, records)
    assert queued(VILLAGE_TASK) == [JATINOM, GOGODESO]


def test_district_officer_queues_a_refresh_of_the_regency_once(client_for, blitar_officer, regions):
    client = client_for(blitar_officer)
    page = client.get(f"/laporan/dasbor/{BLITAR}/")
    assert page.context["can_refresh_area"] is True
    response = client.post(f"/laporan/dasbor/{BLITAR}/perbarui-wilayah/")
    assert response.status_code == 302
    client.post(f"/laporan/dasbor/{BLITAR}/perbarui-wilayah/")
    assert queued(AREA_TASK) == [BLITAR]


def test_village_operator_and_facilitator_cannot_refresh_an_area(client_for, jatinom_operator, make_user, regions):
    from accounts.models import Role

    assert client_for(jatinom_operator).post(f"/laporan/dasbor/{BLITAR}/perbarui-wilayah/").status_code == 404
    facilitator = make_user("fasilitator", (Role.NGO_FACILITATOR, BLITAR))
    client = client_for(facilitator)
    assert client.get(f"/laporan/dasbor/{BLITAR}/").context["can_refresh_area"] is False
    assert client.post(f"/laporan/dasbor/{BLITAR}/perbarui-wilayah/").status_code == 403
    assert queued(AREA_TASK) == []


def test_area_refresh_recomputes_every_village_of_the_regency_like_a_full_rebuild(regions, make_placement):
    from reports.models import Rollup

    today = date(2026, 5, 15)
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 2, 1))
    rollup.rebuild_all(today=today)
    make_placement(GOGODESO, "M", status="working", destination_country="MY", departure_date=date(2026, 3, 1))
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 3, 2))

    def snapshot():
        return sorted(Rollup.objects.values_list("region_code", "level", "year", "month", "indicator", "dimension",
                                                 "dim_value", "value"))

    run = rollup.refresh_region(BLITAR, today=today)
    assert (run.scope, run.region_code, run.error) == ("area", BLITAR, "")
    after_refresh = snapshot()
    rollup.rebuild_all(today=today)
    assert after_refresh == snapshot()
    assert Rollup.objects.get(region_code="", indicator="departures", dimension="", year=2026, month=3).value == 2


@pytest.mark.django_db
def test_as_of_is_the_latest_finished_run_covering_the_region_and_the_version_the_latest_of_any(regions):
    from datetime import timedelta

    from reports import services

    assert (services.as_of(JATINOM), services.rollup_version()) == (None, "0")
    start = timezone.now() - timedelta(hours=3)

    def run(scope, code, hours, error=""):
        return RebuildRun.objects.create(scope=scope, region_code=code, error=error,
                                         finished_at=start + timedelta(hours=hours))

    full = run(RebuildRun.Scope.FULL, "", 0)
    area = run(RebuildRun.Scope.AREA, BLITAR, 1)
    run(RebuildRun.Scope.VILLAGE, GOGODESO, 2)  # another village's refresh
    failed = run(RebuildRun.Scope.VILLAGE, JATINOM, 3, error="boom")  # a failed one
    RebuildRun.objects.create(scope=RebuildRun.Scope.VILLAGE, region_code=JATINOM)  # still running
    assert services.as_of(JATINOM) == area.finished_at
    assert services.as_of("") == full.finished_at
    assert services.as_of(JATINOM).tzinfo is not None
    # The version names the latest finished run of any region, failed or not: it only has to change.
    assert services.rollup_version() == f"{failed.pk}.{failed.finished_at.timestamp():.6f}"
