"""Bytes a first visit to a map transfers: the map's static files as collectstatic (WhiteNoise) stores them
compressed, and the map JSON, measured on a scratch SQLite database with the full region table.

    .venv/bin/python bench/maps_first_visit.py      (writes bench/results/maps_first_visit.txt)
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STATIC_ROOT = tempfile.mkdtemp(prefix="maps-static-")
os.environ.update(STATIC_ROOT=STATIC_ROOT, STATIC_MANIFEST="true", DJANGO_SETTINGS_MODULE="payung.settings",
                  DATABASE_URL=f"sqlite:///{tempfile.mkdtemp(prefix='maps-bench-')}/db.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

MAP_FILES = ["maps/vendor/leaflet/leaflet.js", "maps/vendor/leaflet/leaflet.css", "maps/choropleth.js",
             "maps/choropleth.css"]


def sizes(name):
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = Path(STATIC_ROOT) / staticfiles_storage.stored_name(name)
    raw = hashed.stat().st_size
    gz = Path(str(hashed) + ".gz")
    br = Path(str(hashed) + ".br")
    return raw, gz.stat().st_size if gz.exists() else raw, br.stat().st_size if br.exists() else raw


def main():
    import gzip

    import brotli

    # Vendored *.min.js/css (bootstrap, chart.js) name source maps that are not vendored, which the manifest
    # storage refuses; they are not part of the map, so they are left out here (reported).
    call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=["*.min.js", "*.min.css"])
    call_command("migrate", verbosity=0)
    from regions import loader

    loader.load()
    from accounts.models import Membership, Role, User
    from regions.models import Level, Region
    from reports.models import Rollup

    # One figure per province and regency so every area has a value and a colour.
    rows = []
    for i, region in enumerate(Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY])):
        parent = "" if region.level == Level.PROVINCE else region.code[:2]
        rows.append(Rollup(region_code=region.code, parent_code=parent, level=region.level, year=2026, month=6,
                           indicator="abroad_now", value=(i * 7919) % 5000 + 1))
    Rollup.objects.bulk_create(rows)
    Rollup.objects.create(region_code="", parent_code="-", level=0, year=2026, month=6, indicator="abroad_now",
                          value=1)
    user = User.objects.create_user("bench.nasional", password="x")
    Membership.objects.create(user=user, role=Role.NATIONAL_OFFICER, region=None)
    client = Client()
    client.force_login(user)

    lines = ["file\traw\tgzip\tbrotli"]
    total = [0, 0, 0]

    def add(label, raw, gz, br):
        lines.append(f"{label}\t{raw}\t{gz}\t{br}")
        for i, v in enumerate((raw, gz, br)):
            total[i] += v

    for name in MAP_FILES:
        add(name, *sizes(name))
    n_raw, n_gz, n_br = sizes("maps/geo/build/provinces.json")
    add("maps/geo/build/provinces.json", n_raw, n_gz, n_br)
    body = client.get("/peta/data.json", {"tahun": 2026}).content
    # Served by Django as is (no GZip middleware): raw is what travels; gzip shown for a proxy that compresses.
    add("/peta/data.json (national)", len(body), len(gzip.compress(body)), len(brotli.compress(body)))
    national = list(total)

    def national_static(i):
        return sum(sizes(n)[i] for n in [*MAP_FILES, "maps/geo/build/provinces.json"])

    r_raw, r_gz, r_br = sizes("maps/geo/build/regencies-35.json")
    body35 = client.get("/peta/data.json", {"wilayah": "35", "tahun": 2026}).content
    src = sizes("maps/geo/provinces.geojson")
    lines += [
        "",
        "first visit, what the national map adds to the page (static files compressed by WhiteNoise, JSON as "
        "Django serves it, uncompressed):",
        f"  brotli {national_static(2) + len(body)} bytes, "
        f"gzip {national_static(1) + len(body)} bytes, nothing compressed {national[0]} bytes",
        f"then a province (Jawa Timur): regencies-35.json {r_raw} raw / {r_gz} gzip / {r_br} brotli "
        f"+ /peta/data.json?wilayah=35 {len(body35)} bytes (Leaflet and the rest are cached)",
        f"for comparison, the source provinces.geojson: {src[0]} raw / {src[1]} gzip / {src[2]} brotli",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results" / "maps_first_visit.txt").write_text(text)


if __name__ == "__main__":
    main()
