"""Benchmark: load all 91,599 official regions into an empty database, then re-run (idempotent skip).

Runs on SQLite (a temporary file) and on PostgreSQL (a scratch database it creates and drops) and prints
wall time and peak memory of the `manage.py load_regions` process. Target: under 30 s on either.

    .venv/bin/python bench/load_regions.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import datetime
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load_regions.txt"


def manage(env, *args):
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return time.monotonic() - started, peak / 1024


def run(label, url):
    env = {**os.environ, "DATABASE_URL": url}
    manage(env, "migrate", "--noinput")
    first, mem1 = manage(env, "load_regions")
    second, _mem2 = manage(env, "load_regions")
    return (f"{label:<11} first load {first:6.1f} s (peak RSS of manage.py runs {mem1:4.0f} MB)"
            f"   re-run (skip) {second:5.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server URL (a scratch database is created beside it)")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    lines = [f"# load_regions benchmark {datetime.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
             f"({os.cpu_count()} cores); times include Python start-up"]
    with tempfile.TemporaryDirectory() as tmp:
        lines.append(run("SQLite", f"sqlite:///{tmp}/bench.sqlite3"))
    if not args.skip_pg:
        import psycopg

        name = "payung_bench_regions"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        try:
            lines.append(run("PostgreSQL", args.pg.rsplit("/", 1)[0] + f"/{name}"))
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as handle:
        handle.write(text + "\n\n")


if __name__ == "__main__":
    main()
