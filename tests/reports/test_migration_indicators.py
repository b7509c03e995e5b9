"""Migration indicators on a hand-made fixture: expected values are counted by hand in each test."""

from datetime import date

import pytest

from reports import rollup
from reports.models import Rollup
from reports.services import figures_for

from ..conftest import BLITAR, GOGODESO, JATINOM

TODAY = date(2026, 5, 15)


def value(code, indicator, year=2026, month=None, dimension="", dim_value=""):
    """A stored total; for a breakdown, the year's figure as a dashboard reads it (villages: live)."""
    if dimension:
        return figures_for(code, year).breakdown.get(indicator, {}).get(dimension, {}).get(dim_value, 0)
    level = 0 if code == "" else code.count(".") + 1
    qs = Rollup.objects.filter(region_code=code, level=level, indicator=indicator, year=year, dimension="")
    if month is not None:
        qs = qs.filter(month=month)
    return sum(qs.values_list("value", flat=True))


@pytest.fixture
def placements(make_placement):
    # Jatinom: 2 women + 1 man departed to Taiwan/Hong Kong, one woman returned, one man still prospective.
    make_placement(JATINOM, "F", registered=date(2026, 1, 5), verified=date(2026, 1, 20), status="working",
                   destination_country="TW", sector="caregiver", scheme="p2p", departure_date=date(2026, 2, 10),
                   expected_return=date(2026, 4, 30))
    make_placement(JATINOM, "F", registered=date(2026, 1, 7), verified=date(2026, 2, 1), status="returned",
                   destination_country="HK", sector="domestic", scheme="p2p", departure_date=date(2026, 2, 11),
                   actual_return=date(2026, 4, 2))
    make_placement(JATINOM, "M", registered=date(2026, 3, 1), status="departed", destination_country="TW",
                   sector="factory", scheme="g2g", departure_date=date(2026, 3, 3), non_procedural=True,
                   lost_contact=True, expected_return=date(2028, 3, 1))
    make_placement(JATINOM, "M", registered=date(2026, 4, 1), status="interest")
    # Gogodeso: one woman abroad since last year, non-procedural.
    make_placement(GOGODESO, "F", registered=date(2025, 6, 1), verified=date(2025, 6, 2), status="working",
                   destination_country="MY", sector="plantation", scheme="individual",
                   departure_date=date(2025, 7, 1), non_procedural=True, expected_return=date(2027, 7, 1))
    rollup.rebuild_all(today=TODAY)


def test_registered_counts_placements_by_month_of_registration(placements):
    assert value(JATINOM, "registered", month=1) == 2
    assert value(JATINOM, "registered", month=3) == 1
    assert value(JATINOM, "registered", month=4) == 1
    assert value(JATINOM, "registered") == 4
    assert value(JATINOM, "registered", dimension="sex", dim_value="M") == 2
    assert value(GOGODESO, "registered", year=2025) == 1


def test_verified_counts_by_month_of_verification(placements):
    assert value(JATINOM, "verified", month=1) == 1
    assert value(JATINOM, "verified", month=2) == 1
    assert value(JATINOM, "verified") == 2


def test_departures_by_month_and_each_breakdown(placements):
    assert value(JATINOM, "departures", month=2) == 2
    assert value(JATINOM, "departures", month=3) == 1
    assert value(JATINOM, "departures", dimension="destination", dim_value="TW") == 2
    assert value(JATINOM, "departures", dimension="destination", dim_value="HK") == 1
    assert value(JATINOM, "departures", dimension="sex", dim_value="F") == 2
    assert value(JATINOM, "departures", dimension="sector", dim_value="factory") == 1
    assert value(JATINOM, "departures", dimension="scheme", dim_value="p2p") == 2
    assert value(GOGODESO, "departures", year=2025, month=7) == 1


def test_stocks_are_stored_under_the_current_month(placements):
    # Abroad now: Jatinom working (TW) + departed (TW); the returned one and the prospective one are not.
    assert value(JATINOM, "abroad_now", month=5) == 2
    assert value(JATINOM, "abroad_now", month=4) == 0
    assert value(JATINOM, "prospective_now", month=5) == 1
    # Overdue: expected back 30 April 2026, still working on 15 May.
    assert value(JATINOM, "overdue_returns", month=5) == 1
    assert value(JATINOM, "lost_contact", month=5) == 1
    assert value(GOGODESO, "abroad_now", month=5) == 1


def test_returned_counts_by_month_of_return(placements):
    assert value(JATINOM, "returned", month=4) == 1
    assert value(JATINOM, "returned", dimension="destination", dim_value="HK") == 1


def test_share_not_procedural_is_nonprocedural_departures_over_departures(placements):
    fig = figures_for(JATINOM, 2026)
    # 1 of 3 departures in 2026 non-procedural.
    assert fig.total("share_nonprocedural") == 33.3
    district = figures_for("35.05.10", 2025)
    assert district.total("share_nonprocedural") == 100.0


def test_aggregates_sum_the_villages_up_to_the_nation(placements):
    for code in ("35.05.10", BLITAR, "35", ""):
        assert value(code, "abroad_now", month=5) == 3
        assert value(code, "departures") == 3
        assert value(code, "departures", dimension="destination", dim_value="TW") == 2
        assert value(code, "abroad_now", dimension="sex", dim_value="F") == 2
    assert value("35.05.10", "departures", year=2025) == 1


def test_breakdowns_are_stored_per_year_not_per_month_from_the_village_up(placements):
    rows = Rollup.objects.exclude(dimension="")
    # Villages keep their breakdowns (the village dashboard reads them, issue 23), per year like every level.
    assert set(rows.values_list("level", flat=True)) == {0, 1, 2, 3, 4}
    assert set(rows.filter(indicator="departures").values_list("month", flat=True)) == {0}
    assert set(rows.filter(indicator="abroad_now").values_list("month", flat=True)) == {5}
