"""Bulk read benchmark: a district system pulls 100,000 placements through /api/v1/placements-bulk/ (cursor
pages of BENCH_PAGE_SIZE rows), the whole Django stack in process (django.test.Client: middleware, auth,
scoping, filtering, serialising, the per-page READ audit entry), no network.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python manage.py load_regions --only 35.05
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python manage.py generate_demo \
        --scale quarter --no-rollups
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python bench/bulk_read.py

Appends to bench/results/bulk_read.txt.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
PAGE = int(os.environ.get("BENCH_PAGE_SIZE", "1000"))
DISTRICT = os.environ.get("BENCH_DISTRICT", "35.05")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from accounts.models import Membership, Role, User
    from migrants.models import Placement

    settings.ALLOWED_HOSTS = ["*"]
    total = Placement.objects.filter(village__code__startswith=DISTRICT).count()
    if total < ROWS:
        sys.exit(f"only {total} placements in {DISTRICT}: run generate_demo --scale quarter first")
    user, _ = User.objects.get_or_create(username="bench.kabupaten")
    Membership.objects.get_or_create(user=user, role=Role.DISTRICT_OFFICER, region_id=DISTRICT)
    client = Client()
    client.force_login(user)
    url, rows, pages, slowest = f"/api/v1/placements-bulk/?page_size={PAGE}", 0, 0, 0.0
    start = time.perf_counter()
    while url and rows < ROWS:
        t = time.perf_counter()
        answer = client.get(url)
        slowest = max(slowest, time.perf_counter() - t)
        assert answer.status_code == 200, answer.content[:500]
        body = answer.json()
        rows += len(body["results"])
        pages += 1
        url = body["next"]
    seconds = time.perf_counter() - start
    line = (f"{datetime.datetime.now():%Y-%m-%d %H:%M} {connection.vendor} {rows:,} placements in {pages} pages of "
            f"{PAGE}: {seconds:.1f} s ({rows / seconds:,.0f} rows/s, slowest page {slowest:.2f} s); "
            f"{total:,} placements in {DISTRICT}, cpus={os.cpu_count()}")
    print(line)
    with open(ROOT / "bench" / "results" / "bulk_read.txt", "a") as fh:
        fh.write(line + "\n")


if __name__ == "__main__":
    main()
