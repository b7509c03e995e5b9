"""Issue 17.8 / 21.6: where the CPU of one public complaint submit goes, in-process (no gunicorn, no network).

Posts N complete complaints through Django's test client against a database prepared as bench/light_bench.py
prepares it (migrated, Kabupaten Blitar's regions; bench/light_settings.py lifts the throttle and the anti-bot
timing), then prints the statements per submit, the wall and CPU time per submit and, with --profile, the
cProfile functions that take the most time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> PYTHONPATH=bench:. \
        DJANGO_SETTINGS_MODULE=light_settings .venv/bin/python bench/submit_profile.py [-n 200] [--profile]
"""

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "light_settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"')
JATINOM = "35.05.10.2002"


def complaint(tokens, n):
    return {**tokens, "complainant_role": "family", "complainant_name": f"Ibu Bench {n}",
            "complainant_relation": "ibu", "complainant_phone": "081234567890", "worker_name": f"Pekerja {n}",
            "village": JATINOM, "destination_country": "MY", "category": "unpaid_wages",
            "description": "Gaji belum dibayar tiga bulan.", "consent_process": "on", "website": ""}


def prepared(client, n):
    page = client.get("/kasus/pengaduan/").content.decode()
    return complaint(dict(TOKEN.findall(page)), n)


def submit(client, data):
    # Sent as a browser sends the form (urlencoded), as bench/light_bench.py does.
    response = client.post("/kasus/pengaduan/", urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, (response.status_code, response.content[:2000])


def backend_cpu():
    """CPU seconds so far of this connection's PostgreSQL backend (0 on SQLite), from /proc."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", action="store_true", help="print the statements of one submit")
    args = parser.parse_args()
    client = Client(enforce_csrf_checks=True)
    submit(client, prepared(client, 0))  # warm-up: caches, imports
    with CaptureQueriesContext(connection) as queries:
        submit(client, prepared(client, 1))
    page = len([q for q in queries.captured_queries])
    with CaptureQueriesContext(connection) as form_queries:
        data = prepared(client, 2)
    submit_statements = page - len(form_queries.captured_queries)
    if args.queries:
        for q in queries.captured_queries[len(form_queries.captured_queries):]:
            print(q["sql"][:220])
    forms = [prepared(client, n) for n in range(3, 3 + args.n)]
    # CPU time of this process, not wall time: waiting for the database (or for a busy machine) is left out.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    db, cpu, wall = backend_cpu(), time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    for data in forms:
        submit(client, data)
    if profiler:
        profiler.disable()
    cpu, wall, db = time.process_time() - cpu, time.perf_counter() - wall, backend_cpu() - db
    print(f"{args.n} submits on {connection.vendor}: {1000 * cpu / args.n:.1f} ms CPU (this process) + "
          f"{1000 * db / args.n:.1f} ms (database backend), "
          f"{1000 * wall / args.n:.1f} ms wall per submit, {submit_statements} statements per submit")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
