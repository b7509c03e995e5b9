"""Reports benchmarks on national-scale data (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_bench .venv/bin/python bench/reports_bench.py [--rebuild]
    ... bench/reports_bench.py --dashboards [--n 60] [--refresh] [--note TEXT]   (issue 23: the four dashboards
        beside their raw SQL, interleaved; --refresh adds the single-village refresh)
    ... bench/reports_bench.py --refresh-only [--note TEXT]   (the single-village refresh alone: the last
        placement's village and the largest one)

Prerequisites: `migrate`, `load_regions`, `generate_demo --scale national`. Each figure is printed with the
raw SQL time of the same queries beside it (the SQL the page ran, executed again on a bare cursor) and the
ratio. Peak memory is the resident set of this process, which serves the pages exactly as the web process
does (Django's handler through the test client, no network).
Results are appended to bench/results/reports.txt.
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "reports.txt"
lines = []


def out(line=""):
    print(line, flush=True)
    lines.append(line)


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def user(username, role, region):
    from accounts.models import Membership, User

    u, _ = User.objects.get_or_create(username=username, defaults={"full_name": username})
    Membership.objects.get_or_create(user=u, role=role, region_id=region)
    return u


def raw_sql_ms(queries):
    """Run the captured SELECTs again on a bare cursor: the database's share of the page. The shared cache's own
    statements (the database cache backend's table) are left out: they read no figures."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or CACHE_TABLE in sql:
                continue
            cursor.execute(sql)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


CACHE_TABLE = "payung_cache"


def page(name, client, url, target_ms, n=30):
    client.get(url)  # warm: connection, templates, catalogue
    times, raw = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        raw.append(raw_sql_ms(ctx.captured_queries))
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    raw95 = statistics.quantiles(raw, n=20)[-1]
    verdict = "OK" if p95 < target_ms else "OVER TARGET"
    out(f"{name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (target < {target_ms} ms: {verdict}); "
        f"raw SQL p95 {raw95:.1f} ms ({len(ctx.captured_queries)} queries); ratio page/SQL {p95 / raw95:.1f}x; n={n}")


def dashboards(n):
    """National, province, regency and village dashboards, each beside the raw SQL that reads the same rows
    (the SELECTs the page ran, again on a bare cursor), interleaved in one run: page A, its SQL, page B, ...
    so that a change in the machine's load falls on every page and its SQL alike.

    Each page is asked twice per round: cold (its cached figures removed first, so the request reads the rollups,
    renders and stores them: the issue 23.2 figure) and warm (the same page again, served from the shared cache;
    issue 21.6's readers). Both ratios are to the cold request's raw SQL: the SQL that reads the figures."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db.models import Count

    from accounts.models import Role
    from migrants.models import Placement
    from reports import services

    year = timezone.localdate().year
    # The busiest village of Kab. Blitar: the village page at its heaviest.
    # (The small data set reaches Blitar's villages only at the larger sizes: then the last placement's.)
    busiest = (Placement.objects.filter(village__code__startswith="35.05.").values("village_id")
               .annotate(n=Count("id")).order_by("-n").first())
    village = busiest["village_id"] if busiest else Placement.objects.order_by("-id").first().village_id
    national = user("bench.nasional", Role.NATIONAL_OFFICER, None)
    desa = user("bench.desa", Role.VILLAGE_OPERATOR, village)
    c_nat, c_desa = Client(), Client()
    c_nat.force_login(national)
    c_desa.force_login(desa)
    pages = [("national", c_nat, "", f"/laporan/dasbor/?tahun={year}"),
             ("province (Jawa Timur)", c_nat, "35", f"/laporan/dasbor/35/?tahun={year}"),
             ("regency (Kab. Blitar)", c_nat, "35.05", f"/laporan/dasbor/35.05/?tahun={year}"),
             (f"village ({village})", c_desa, village, f"/laporan/dasbor/{village}/?tahun={year}")]
    out(f"cache: {settings.CACHES['default']['BACKEND']}, REPORTS_DASHBOARD_CACHE_SECONDS "
        f"{services.dashboard_cache_seconds()}")

    def forget(code):
        cache.delete(services.dashboard_cache_key(code, year, settings.LANGUAGE_CODE, services.rollup_version()))

    def timed(client, url):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, raw_sql_ms(ctx.captured_queries), len(ctx.captured_queries)

    times = {name: {"cold": [], "raw": [], "warm": [], "warm_raw": [], "q": 0, "wq": 0} for name, *_r in pages}
    for _name, client, _code, url in pages:
        client.get(url)  # warm: connection, templates, catalogue
    load_before = os.getloadavg()
    for _ in range(n):
        for name, client, code, url in pages:
            forget(code)
            page_ms, raw_ms, queries = timed(client, url)
            warm_ms, warm_raw_ms, warm_queries = timed(client, url)
            t = times[name]
            t["cold"].append(page_ms)
            t["raw"].append(raw_ms)
            t["warm"].append(warm_ms)
            t["warm_raw"].append(warm_raw_ms)
            t["q"], t["wq"] = queries, warm_queries
    load_after = os.getloadavg()
    out(f"dashboards interleaved, n={n} each (cold, then warm); load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after")
    for name, t in times.items():
        p50, p95 = statistics.median(t["cold"]), statistics.quantiles(t["cold"], n=20)[-1]
        r50, r95 = statistics.median(t["raw"]), statistics.quantiles(t["raw"], n=20)[-1]
        w50, w95 = statistics.median(t["warm"]), statistics.quantiles(t["warm"], n=20)[-1]
        ratio = p50 / r50
        out(f"  {name} dashboard, cold (cache miss): p50 {p50:.1f} ms, p95 {p95:.1f} ms; raw SQL p50 {r50:.2f} ms, "
            f"p95 {r95:.2f} ms ({t['q']} queries); ratio p50 {ratio:.1f}x (target <= 3x: "
            f"{'OK' if ratio <= 3 else 'OVER'}); p95 target < 300 ms: {'OK' if p95 < 300 else 'OVER'}")
        out(f"  {name} dashboard, warm (cached figures): p50 {w50:.1f} ms, p95 {w95:.1f} ms ({t['wq']} queries, "
            f"raw SQL p50 {statistics.median(t['warm_raw']):.2f} ms); ratio p50 to the figures' SQL "
            f"{w50 / r50:.1f}x")


def main():
    from accounts.models import Role
    from migrants.models import Placement
    from reports import rollup
    from reports.models import Rollup

    year = timezone.localdate().year
    load = os.getloadavg()
    out(f"== reports benchmark {timezone.localtime():%Y-%m-%d %H:%M} on {connection.settings_dict['NAME']} "
        f"({connection.vendor}); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
        "shared with other engineers")
    out(f"data: {Placement.objects.count():,} placements; rollup rows {Rollup.objects.count():,}")
    if "--note" in sys.argv:
        out("note: " + sys.argv[sys.argv.index("--note") + 1])

    if "--refresh-only" in sys.argv:
        village_refresh()
        _keep_results()
        return

    if "--dashboards" in sys.argv:
        n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 60
        dashboards(n)
        if "--refresh" in sys.argv:
            village_refresh()
        _keep_results()
        return

    national = user("bench.nasional", Role.NATIONAL_OFFICER, None)
    regency = user("bench.blitar", Role.DISTRICT_OFFICER, "35.05")
    c_nat, c_reg = Client(), Client()
    c_nat.force_login(national)
    c_reg.force_login(regency)
    page("national dashboard", c_nat, f"/laporan/dasbor/?tahun={year}", 300)
    page("regency dashboard (Kab. Blitar)", c_reg, f"/laporan/dasbor/35.05/?tahun={year}", 200)
    page("province dashboard (Jawa Timur)", c_nat, f"/laporan/dasbor/35/?tahun={year}", 300, n=15)
    page("placements list, national scope, status=working & country=TW", c_nat, "/pmi/?status=working&country=TW",
         200)
    page("placements list, national scope, unfiltered", c_nat, "/pmi/", 200, n=15)
    # Past the count cap (LIST_COUNT_CAP, 10,000 rows = 400 pages): counts up to the page, then OFFSET 10,000.
    page("placements list, national scope, unfiltered, page 401", c_nat, "/pmi/?page=401", 200, n=15)
    page("open data, regencies", Client(), f"/laporan/data-terbuka/?tingkat=kabupaten&tahun={year}", 1000, n=10)
    out(f"peak RSS of the serving process after the page runs: {rss_mb():.0f} MB")

    if "--rebuild" in sys.argv:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            run = rollup.rebuild_all()
            wall = time.perf_counter() - started
        sql = sum(float(q["time"]) for q in ctx.captured_queries)
        out(f"full rollup rebuild: {wall:.1f} s (target < 300 s: {'OK' if wall < 300 else 'OVER TARGET'}); "
            f"SQL {sql:.1f} s in {len(ctx.captured_queries)} statements; ratio {wall / sql:.2f}x; "
            f"{run.rows:,} rows written; peak RSS {rss_mb():.0f} MB")


    village_refresh()
    _keep_results()


def _keep_results():
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as fh:
        fh.write("\n".join(lines) + "\n\n")


def village_refresh():
    """The last placement's village (an ordinary one) and the village with the most placements (issue 23.4: the
    refresh target holds for the largest village too)."""
    from django.db.models import Count

    from migrants.models import Placement

    _refresh_one(Placement.objects.order_by("-id").values_list("village_id", flat=True).first(), "last placement's")
    largest = (Placement.objects.values("village_id").annotate(n=Count("id")).order_by("-n").first())
    _refresh_one(largest["village_id"], f"largest, {largest['n']:,} placements")


def _refresh_one(village, what):
    """Five refreshes: wall time, SQL time, and the CPU they used (this process, and its PostgreSQL backend when the
    server runs on this machine): on a shared machine the wall time is mostly waiting for a core, the CPU is not."""
    from submit_profile import backend_cpu

    from reports import rollup

    times, sql, cpu, db_cpu = [], [], [], []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            db, own, started = backend_cpu(), time.process_time(), time.perf_counter()
            rollup.refresh_village(village)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - own)
            db_cpu.append(backend_cpu() - db)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
    worst = max(times)
    out(f"single-village refresh ({village}, {what}; load {os.getloadavg()[0]:.2f}): max {worst * 1000:.0f} ms of 5, "
        f"median {statistics.median(times) * 1000:.0f} ms (target < 1000 ms: {'OK' if worst < 1 else 'OVER TARGET'}); "
        f"SQL {statistics.median(sql) * 1000:.0f} ms; ratio {statistics.median(times) / statistics.median(sql):.2f}x; "
        f"CPU median {statistics.median(cpu) * 1000:.0f} ms here + {statistics.median(db_cpu) * 1000:.0f} ms in the "
        "database backend")
    out(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
