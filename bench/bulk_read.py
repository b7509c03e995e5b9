"""Bulk read benchmark: a district system pulls 100,000 placements through /api/v1/placements-bulk/ (cursor
pages of BENCH_PAGE_SIZE rows), the whole Django stack in process (django.test.Client: middleware, auth,
scoping, filtering, serialising, the per-page READ audit entry), no network.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python manage.py load_regions --only 35.05
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python manage.py generate_demo \
        --scale quarter --no-rollups
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_opensid .venv/bin/python bench/bulk_read.py

The baseline, measured in the same run: the same rows read with one raw keyset-paginated SQL query per page
(the same columns, the same (updated_at, id) order, the same district), no Django. The line gives both times,
their ratio and the load average (/proc/loadavg) before and after.

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
    load_before = _load()
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
    base_seconds, base_rows = baseline(connection, rows)
    line = (f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} {connection.vendor} {rows:,} placements in "
            f"{pages} pages of {PAGE}: {seconds:.1f} s ({rows / seconds:,.0f} rows/s, slowest page {slowest:.2f} s); "
            f"baseline raw SQL keyset pages {base_rows:,} rows {base_seconds:.1f} s, "
            f"ratio {seconds / base_seconds:.1f}; "
            f"{total:,} placements in {DISTRICT}, cpus={os.cpu_count()}, load average before {load_before} "
            f"after {_load()}")
    print(line)
    with open(ROOT / "bench" / "results" / "bulk_read.txt", "a") as fh:
        fh.write(line + "\n")


def _load():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


SQL = """SELECT p.id, p.person_id, pe.name, p.village_id, p.status, p.destination_country, p.sector, p.position,
    p.scheme, p.agency_id, p.employer_name, p.contract_start, p.contract_end, p.departure_date, p.expected_return,
    p.actual_return, p.national_id_ref, p.created_at, p.updated_at
  FROM migrants_placement p JOIN people_person pe ON pe.id = p.person_id
  WHERE p.village_id LIKE %s AND (p.updated_at, p.id) > (%s, %s) ORDER BY p.updated_at, p.id LIMIT %s"""


def baseline(connection, rows):
    """The same rows through raw keyset-paginated SQL (no ORM, no serialiser, no HTTP stack)."""
    after, done = (datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC), 0), 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        while done < rows:
            cursor.execute(SQL, [DISTRICT + "%", after[0], after[1], PAGE])
            page = cursor.fetchall()
            if not page:
                break
            done += len(page)
            after = (page[-1][-1], page[-1][0])
    return time.perf_counter() - start, done


if __name__ == "__main__":
    main()
