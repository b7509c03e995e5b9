"""The demo tells the truth (issue 22.7): verified placements say who verified them and when, registrations and
verifications are spread over the past months, and the cases' handling dates make two villages ready in the
village-readiness table while the other two show late cases."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import VILLAGES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for this module's tests and rolled back after them."""
    from django.db import transaction
    from django.test import override_settings

    from regions import loader

    media = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=media, MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            loader.load(only="35.05")
            with open("/dev/null", "w") as sink:
                call_command("load_demo", stdout=sink)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_demo_verified_placements_name_their_verifier_and_a_past_date_after_registration(demo):
    from migrants.models import Placement

    verified_states = ["verified", "process", "ready", "departed", "working", "returned", "returnee", "failed",
                       "deceased", "deported"]
    through_village = Placement.objects.filter(status__in=verified_states, non_procedural=False)
    assert through_village.count() > 100
    now = timezone.now()
    for placement in through_village.select_related("verified_by"):
        village_name = next(name for name, code in VILLAGES.items() if code == placement.village_id)
        assert placement.verified_by.username == f"operator.{village_name}"
        assert placement.created_at < placement.verified_at <= now
    # Never verified: a departure outside the procedure, and a placement still at "interest".
    assert not Placement.objects.filter(non_procedural=True, verified_at__isnull=False).exists()
    assert not Placement.objects.filter(status="interest", verified_at__isnull=False).exists()
    months = {p.verified_at.strftime("%Y-%m") for p in through_village if (now - p.verified_at).days < 365}
    assert len(months) >= 4


def test_demo_dashboard_counts_verified_prospective_migrants(demo, client_for):
    from accounts.models import User

    html = client_for(User.objects.get(username="petugas.blitar")).get("/laporan/dasbor/35.05/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    figure = re.search(r"Calon PMI terverifikasi: (\d+)", text)
    assert figure is not None and int(figure.group(1)) > 0


def test_demo_readiness_shows_jatinom_and_gogodeso_ready_and_late_cases_elsewhere(demo):
    from governance import readiness
    from regions.models import Region

    rows = {row.village.code: row for row in readiness.compute(
        area="35.05", villages=Region.objects.filter(code__in=list(VILLAGES.values())))}
    ready = {code for code, row in rows.items() if row.ready}
    assert ready == {VILLAGES["jatinom"], VILLAGES["gogodeso"]}
    for name in ("jatinom", "gogodeso"):
        assert rows[VILLAGES[name]].checks["cases"] is True
    for name in ("pandanarum", "sumberagung"):
        assert rows[VILLAGES[name]].checks["cases"] is False


def test_demo_finished_cases_were_finished_after_they_were_received_and_not_in_the_future(demo):
    from cases.models import Case

    finished = Case.objects.filter(status__in=["resolved", "closed"])
    assert finished.count() >= 20
    now = timezone.now()
    for case in finished:
        done = case.resolved_at if case.status == "resolved" else case.closed_at
        assert case.received_at < done <= now
