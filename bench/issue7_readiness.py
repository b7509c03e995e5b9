"""Village readiness and public village page: time and query count on the demo data of Kabupaten Blitar.

Run against a database with regions and demo loaded, e.g.
  DATABASE_URL=sqlite:////tmp/issue7-demo.sqlite3 .venv/bin/python bench/issue7_readiness.py
Prints the figures and writes them to bench/results/issue7_readiness.txt.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from governance import readiness  # noqa: E402


def timed(fn, runs=10):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    lines = [f"database: {connection.vendor}"]
    with CaptureQueriesContext(connection) as ctx:
        rows = readiness.compute(area="35.05")
    lines.append(f"readiness 35.05: {len(rows)} villages, {len(ctx.captured_queries)} queries, "
                 f"median {timed(lambda: readiness.compute(area='35.05')):.1f} ms over 10 runs")
    lines.append(f"villages meeting every applicable check: {sum(1 for r in rows if r.ready)}")
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/publik/desa/35.05.10.2002/")
    lines.append(f"public village page: HTTP {response.status_code}, {len(response.content)} bytes HTML, "
                 f"{len(ctx.captured_queries)} queries, "
                 f"median {timed(lambda: client.get('/publik/desa/35.05.10.2002/')):.1f} ms over 10 runs")
    with CaptureQueriesContext(connection) as ctx:
        feed = client.get("/publik/rss/")
    lines.append(f"RSS feed: HTTP {feed.status_code}, {len(ctx.captured_queries)} queries, "
                 f"median {timed(lambda: client.get('/publik/rss/')):.1f} ms over 10 runs")
    out = "\n".join(lines)
    print(out)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "issue7_readiness.txt").write_text(out + "\n")


if __name__ == "__main__":
    main()
