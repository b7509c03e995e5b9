"""Bytes a first visit to a map transfers: the map's static files as collectstatic (WhiteNoise) stores them
compressed, and the map JSON, measured on a scratch SQLite database with the full region table; then the bytes
of the drill-down a district officer takes (issue 22.6): Kabupaten Blitar's kecamatan map, Kanigoro's village
map, a second kecamatan's (Nglegok). Byte counts do not depend on the machine; the baseline each is compared
with is the source GeoJSON of the same area (../shared/geo), measured in the same run.

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
    from regions.models import Region
    from reports.models import Rollup

    # One figure per region so every area has a value and a colour (the map reads its children's rows).
    rows = []
    for i, (code, level, parent) in enumerate(Region.objects.exclude(level=0).values_list("code", "level", "parent")):
        rows.append(Rollup(region_code=code, parent_code=parent or "", level=level, year=2026, month=6,
                           indicator="abroad_now", value=(i * 7919) % 5000 + 1))
    Rollup.objects.bulk_create(rows, batch_size=5000)
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
    lines += ["", *drill_down(client, sizes)]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    text = "\n".join(lines) + f"\nload average at the end: {load}\n"
    print(text)
    (ROOT / "bench" / "results" / "maps_first_visit.txt").write_text(text)


def drill_down(client, sizes):
    """Bytes of the district officer's drill-down, and the size of the whole village layer as built."""
    import gzip
    import statistics

    import brotli

    from maps import geometry

    source = geometry.default_source()

    def source_sizes(path):
        data = path.read_bytes()
        return len(data), len(gzip.compress(data, 6)), len(brotli.compress(data))

    out = ["drill-down of a district officer (static files as WhiteNoise stores them; JSON as Django serves it):",
           "step\tfile\traw\tgzip\tbrotli"]
    steps = [
        ("Kabupaten Blitar: its kecamatan", "35.05", "maps/geo/build/districts/35.05.json",
         source / "districts" / "35.05.geojson"),
        ("Kecamatan Kanigoro: its villages", "35.05.10", "maps/geo/build/villages/35.05.json",
         source / "villages" / "35.05.geojson"),
        ("Kecamatan Nglegok: its villages (boundary file cached)", "35.05.09", None, None),
    ]
    total = [0, 0, 0]
    for label, code, static_name, source_file in steps:
        body = client.get("/peta/data.json", {"wilayah": code, "tahun": 2026}).content
        assert body.startswith(b"{"), body[:200]
        files = []
        if static_name:
            files.append((static_name, *sizes(static_name)))
        files.append((f"/peta/data.json?wilayah={code}", len(body), len(body), len(body)))
        for name, raw, gz, br in files:
            out.append(f"{label}\t{name}\t{raw}\t{gz}\t{br}")
            total = [t + v for t, v in zip(total, (raw, gz, br), strict=True)]
        if source_file and source_file.exists():
            raw, gz, br = source_sizes(source_file)
            built = sizes(static_name)
            out.append(f"  baseline: the source {source_file.name} ({source_file.parent.name}) {raw} raw / {gz} gzip /"
                       f" {br} brotli; built/source ratio raw {built[0] / raw:.3f}, gzip {built[1] / gz:.3f},"
                       f" brotli {built[2] / br:.3f}")
    out.append(f"drill-down total (boundary files + map JSON): {total[0]} raw, {total[1]} with gzip, "
               f"{total[2]} with brotli (the map JSON uncompressed in all three)")

    out += ["", "the whole per-regency layers as built (raw; gzip and brotli as collectstatic stores them):"]
    for layer in geometry.REGENCY_LAYERS:
        per_file = [sizes(f"maps/geo/build/{layer}/{p.name}")
                    for p in sorted((geometry.BUILD_DIR / layer).glob("*.json"))]
        for index, kind in enumerate(("raw", "gzip", "brotli")):
            values = sorted(v[index] for v in per_file)
            p95 = values[int(0.95 * (len(values) - 1))]
            out.append(f"  {layer} {kind}: {len(values)} files, total {sum(values)}, median "
                       f"{int(statistics.median(values))}, p95 {p95}, max {values[-1]}")
        folder = source / layer
        if folder.exists():
            src_total = sum(p.stat().st_size for p in folder.glob("*.geojson"))
            built_total = sum(v[0] for v in per_file)
            out.append(f"  baseline: source {layer}/ {src_total} bytes raw; "
                       f"built/source ratio {built_total / src_total:.3f}")
    return out


if __name__ == "__main__":
    main()
