"""Rollup rows as the reports rebuild writes them, for a handful of regencies, summed up to the nation."""

from collections import defaultdict

import pytest

YEAR = 2026
STOCK_MONTH = 6


@pytest.fixture
def put_rollups(db):
    """put_rollups({region_code: {indicator: value}}) writes the rows of that region (a regency, kecamatan or
    village) and of every region above it, up to the nation.

    Flow indicators go in month 3, stock indicators in STOCK_MONTH (the latest snapshot of the year), exactly
    the shape `reports.rollup` produces; zero values are not stored, as the rebuild does not store them.
    """
    from reports.models import Rollup
    from reports.registry import STOCK, get

    def put(per_region, year=YEAR):
        cells = defaultdict(int)
        for code, values in per_region.items():
            parts = code.split(".")
            for key, value in values.items():
                month = STOCK_MONTH if get(key).kind == STOCK else 3
                for level in range(len(parts), 0, -1):
                    region = ".".join(parts[:level])
                    parent = ".".join(parts[:level - 1])
                    cells[(level, region, parent, key, month)] += value
                cells[(0, "", "-", key, month)] += value
        rows = [
            Rollup(region_code=code, parent_code=parent, level=level, year=year, month=month, indicator=key,
                   value=value)
            for (level, code, parent, key, month), value in cells.items() if value
        ]
        Rollup.objects.bulk_create(rows)

    return put


@pytest.fixture
def province_officer(regions, make_user):
    from accounts.models import Role

    return make_user("petugas.jatim", (Role.PROVINCE_OFFICER, "35"), full_name="Petugas Jawa Timur")
