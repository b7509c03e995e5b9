"""Rollup sums at every level equal a direct count over the raw records, for randomly chosen regions."""

import random
from datetime import date

import pytest

from accounts.scoping import code_q
from regions.models import Region
from reports import rollup
from reports.models import Rollup
from reports.services import figures_for

TODAY = date(2026, 5, 15)


@pytest.fixture
def scattered(regions, make_placement):
    rng = random.Random(42)
    villages = list(Region.objects.villages().values_list("code", flat=True))
    for _ in range(60):
        departed = rng.random() < 0.8
        make_placement(rng.choice(villages), rng.choice("FM"), registered=date(2025, rng.randint(1, 12), 3),
                       status=rng.choice(["working", "returned", "departed"]) if departed else "interest",
                       destination_country=rng.choice(["TW", "HK", "MY"]) if departed else "",
                       departure_date=date(2026, rng.randint(1, 4), rng.randint(1, 28)) if departed else None)
    rollup.rebuild_all(today=TODAY)
    return rng


def stored(code, indicator, dimension="", dim_value="", year=2026, **filters):
    if dimension:
        return figures_for(code, year).breakdown.get(indicator, {}).get(dimension, {}).get(dim_value, 0)
    level = 0 if code == "" else code.count(".") + 1
    return sum(Rollup.objects.filter(region_code=code, level=level, indicator=indicator, dimension="",
                                     year=year, **filters).values_list("value", flat=True))


def test_rollup_sums_equal_direct_counts_for_random_regions(scattered):
    from migrants.models import Placement

    rng = scattered
    regions = list(Region.objects.values_list("code", flat=True))
    for code in [*rng.sample(regions, 25), "35", ""]:
        raw = Placement.objects.all() if code == "" else Placement.objects.filter(code_q("village__code", code))
        assert stored(code, "departures") == raw.filter(departure_date__year=2026).count(), code
        assert stored(code, "abroad_now", month=5) == raw.filter(
            status__in=["working", "departed"]).count(), code
        assert stored(code, "departures", dimension="destination", dim_value="TW") == raw.filter(
            departure_date__year=2026, destination_country="TW").count(), code
        assert stored(code, "registered", dimension="sex", dim_value="F", year=2025) == raw.filter(
            person__sex="F").count(), code


def test_single_village_refresh_gives_the_same_rows_as_a_full_rebuild(scattered, make_placement):
    from migrants.models import Placement

    village = Placement.objects.values_list("village_id", flat=True).first()
    make_placement(village, "F", registered=date(2026, 5, 1), status="working", destination_country="SG",
                   departure_date=date(2026, 5, 5))
    rollup.refresh_village(village, today=TODAY)
    after_refresh = sorted(Rollup.objects.values_list("region_code", "level", "year", "month", "indicator",
                                                      "dimension", "dim_value", "value"))
    rollup.rebuild_all(today=TODAY)
    after_rebuild = sorted(Rollup.objects.values_list("region_code", "level", "year", "month", "indicator",
                                                      "dimension", "dim_value", "value"))
    assert after_refresh == after_rebuild
