"""Demo: the dashboards read rollups, so after the other apps' demo records are in, compute them.

Reports comes after the data apps in INSTALLED_APPS, so their demo records exist by now. A rebuild replaces
the rows it computes: running it twice leaves the same rows (nothing is added).
"""

from . import rollup


def load(stdout):
    run = rollup.rebuild_all()
    stdout.write(f"reports: rekap indikator dihitung ({run.rows} baris, {run.seconds:.1f} detik)")
    # The monthly art. 42(d) reports of last month, for every village with placements (and their regencies).
    from migrants.models import Placement

    from . import monthly

    year, month = monthly.previous_month()
    villages = sorted(set(Placement.objects.values_list("village_id", flat=True)))
    kept = monthly.generate(year, month, villages=villages)
    stdout.write(f"reports: {len(kept)} laporan bulanan pasal 42(d) ({year}-{month:02d})")
