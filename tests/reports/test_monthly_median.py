"""Median days to resolve, by month, at every level and in the dashboard trend: medians counted by hand.

Medians do not add up: a kecamatan's January median is the median of all its January cases pooled, not the
mean (or median) of its villages' medians. The cases below are chosen so the two differ.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from reports import rollup
from reports.services import dashboard, figures_for

from ..conftest import BLITAR, GOGODESO, JATINOM

TODAY = date(2026, 5, 15)
KECAMATAN = "35.05.10"
NONE_AFTER_APRIL = [None] * 8


def at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 9, 0))


def resolved_case(village, received, resolved):
    from cases.models import Case

    return Case.objects.create(village_id=village, category="unpaid_wages", status="resolved", received_at=received,
                               due_date=resolved.date(), resolved_at=resolved, description="x",
                               complainant_name="A", worker_name="B")


@pytest.fixture
def resolved_cases(regions):
    # Jatinom, resolved in January: 10, 20 and 40 days (received 20 December 2025) -> median 20.
    resolved_case(JATINOM, at(2026, 1, 2), at(2026, 1, 12))
    resolved_case(JATINOM, at(2026, 1, 5), at(2026, 1, 25))
    resolved_case(JATINOM, at(2025, 12, 20), at(2026, 1, 29))
    # Jatinom, March: 1 February -> 3 March is 30 days (February 2026 has 28) -> 30.
    resolved_case(JATINOM, at(2026, 2, 1), at(2026, 3, 3))
    # Jatinom, April: 3 and 8 days -> 5.5.
    resolved_case(JATINOM, at(2026, 4, 1), at(2026, 4, 4))
    resolved_case(JATINOM, at(2026, 3, 30), at(2026, 4, 7))
    # Gogodeso: January 5 days, April 1 day.
    resolved_case(GOGODESO, at(2026, 1, 10), at(2026, 1, 15))
    resolved_case(GOGODESO, at(2026, 4, 1), at(2026, 4, 2))


# Village Jatinom: Jan [10, 20, 40] -> 20; Mar [30] -> 30; Apr [3, 8] -> 5.5.
JATINOM_TREND = [20.0, None, 30.0, 5.5, *NONE_AFTER_APRIL]
# Village Gogodeso: Jan [5] -> 5; Apr [1] -> 1.
GOGODESO_TREND = [5.0, None, None, 1.0, *NONE_AFTER_APRIL]
# Kecamatan and above, pooled: Jan [5, 10, 20, 40] -> (10 + 20) / 2 = 15 (the mean of the two village medians
# would be 12.5); Mar [30] -> 30; Apr [1, 3, 8] -> 3.
POOLED_TREND = [15.0, None, 30.0, 3.0, *NONE_AFTER_APRIL]


def trend(code, year=2026):
    data = dashboard(code, year)
    return next(i["trend"] for s in data["sections"] for i in s["items"] if i["key"] == "median_days_to_resolve")


def test_median_days_to_resolve_by_month_at_every_level(resolved_cases):
    rollup.rebuild_all(today=TODAY)
    assert trend(JATINOM) == JATINOM_TREND
    assert trend(GOGODESO) == GOGODESO_TREND
    for code in (KECAMATAN, BLITAR, "35", ""):
        assert trend(code) == POOLED_TREND, code
    # The year, pooled as well. Jatinom [3, 8, 10, 20, 30, 40] -> 15; kecamatan [1, 3, 5, 8, 10, 20, 30, 40] -> 9.
    assert figures_for(JATINOM, 2026).total("median_days_to_resolve") == 15.0
    assert figures_for(KECAMATAN, 2026).total("median_days_to_resolve") == 9.0
    assert figures_for("", 2026).total("median_days_to_resolve") == 9.0


def test_the_village_refresh_updates_the_monthly_median(resolved_cases):
    rollup.rebuild_all(today=TODAY)
    # A case resolved in May in 2 days, then only its village is refreshed.
    resolved_case(JATINOM, at(2026, 5, 2), at(2026, 5, 4))
    rollup.refresh_village(JATINOM, today=TODAY)
    assert trend(JATINOM)[4] == 2.0
    assert trend(KECAMATAN)[4] == 2.0
    assert trend("")[:5] == [15.0, None, 30.0, 3.0, 2.0]


def test_the_dashboard_chart_draws_the_monthly_median(resolved_cases, client_for, jatinom_operator, blitar_officer):
    rollup.rebuild_all(today=TODAY)
    village = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    assert village.context["chart_data"]["series"]["median_days_to_resolve"]["values"] == JATINOM_TREND
    assert 'data-chart="median_days_to_resolve"' in village.content.decode()
    regency = client_for(blitar_officer).get(f"/laporan/dasbor/{BLITAR}/?tahun=2026")
    assert regency.context["chart_data"]["series"]["median_days_to_resolve"]["values"] == POOLED_TREND


def test_days_and_month_are_counted_by_local_dates_in_the_database(regions):
    """Received 31 January 23:30 WIB (16:30 UTC) and resolved 2 February 00:30 WIB (1 February 17:30 UTC): in
    Indonesia that is February and 2 days, though the UTC dates say February 1 and 1 day. A case resolved the
    same local day counts 0 days, and one whose resolution was recorded before its receipt counts 0, not less."""
    resolved_case(JATINOM, timezone.make_aware(datetime(2026, 1, 31, 23, 30)),
                  timezone.make_aware(datetime(2026, 2, 2, 0, 30)))
    resolved_case(JATINOM, at(2026, 2, 10), timezone.make_aware(datetime(2026, 2, 10, 23, 59)))
    resolved_case(JATINOM, at(2026, 2, 12), at(2026, 2, 11))
    rollup.rebuild_all(today=TODAY)
    fig = figures_for(JATINOM, 2026)
    assert fig.histogram("resolved_days", 2) == {0: 2, 2: 1}
    assert fig.monthly["resolved_days"] == {2: 3}
