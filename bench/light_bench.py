"""Issue 17.8: how fast the public complaint form is served and accepted, as ratios to the login page measured
in the same run (so a busy machine slows all three alike).

Serves Payung with gunicorn (2 sync workers, production settings, bench/light_settings.py lifts the complaint
throttle and the anti-bot timing) on a scratch PostgreSQL database with Kabupaten Blitar's regions, then runs
8 client threads, each sending a fixed number of requests (bounded: no open-ended load):

- login page: GET /akun/masuk/
- form page:  GET /kasus/pengaduan/
- submit:     POST /kasus/pengaduan/ (a complete complaint; the GET that fetches its token is not timed)

Target: form page ≥ 1/2 of the login page's rate, submit ≥ 1/3, p95 < 150 ms at 8 clients.

Beside each rate: CPU per request of gunicorn's processes and of the PostgreSQL backends serving them (from
/proc, over the run), the figure a busy machine does not change much (issue 21.6 asks ~10-13 ms per submit).

    .venv/bin/python bench/light_bench.py [--requests 40] [--clients 8]
    (appends to bench/results/light.txt; BENCH_DATABASE_URL overrides the scratch database)
"""

import argparse
import gzip
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/payung_light_bench")
JATINOM = "35.05.10.2002"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"')


def env():
    return {**os.environ, "DATABASE_URL": DB, "DJANGO_SETTINGS_MODULE": "light_settings", "DEBUG": "false",
            "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}", "ALLOWED_HOSTS": "127.0.0.1"}


def prepare():
    if DB.startswith("postgres"):
        import psycopg

        base, name = DB.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run([py, "-c", "import django; django.setup(); from regions import loader; loader.load(only='35.05')"],
                   cwd=ROOT, env=env(), check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Encoding": "gzip"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        if response.getheader("Content-Encoding") == "gzip":  # as a browser asks for pages
            data = gzip.decompress(data)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, data, elapsed


def complaint(tokens, n):
    return urlencode({
        **tokens, "complainant_role": "family", "complainant_name": f"Ibu Bench {n}", "complainant_relation": "ibu",
        "complainant_phone": "081234567890", "worker_name": f"Pekerja {n}", "village": JATINOM,
        "destination_country": "MY", "category": "unpaid_wages", "description": "Gaji belum dibayar tiga bulan.",
        "consent_process": "on", "website": "",
    })


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids):
    """User + system CPU seconds used so far by the processes `pids` (those still running), from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def _children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _database_cpu():
    """{backend pid: CPU seconds} of the PostgreSQL backends connected to the bench database."""
    if not DB.startswith("postgres"):
        return {}
    import psycopg

    with psycopg.connect(DB, autocommit=True) as conn:
        pids = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")]
    return {pid: _cpu_seconds([pid]) for pid in pids}


def cpu_snapshot(server):
    """CPU seconds so far of gunicorn (master and workers) and of the database backends serving it: what a request
    costs in CPU whatever else runs on the machine (the load average changes the rates, hardly this)."""
    return {"web": _cpu_seconds([server.pid, *_children(server.pid)]), "database": _database_cpu()}


def cpu_per_request(before, after, requests):
    database = sum(used - before["database"].get(pid, 0) for pid, used in after["database"].items())
    return 1000 * (after["web"] - before["web"]) / requests, 1000 * database / requests


def run(port, kind, clients, per_client):
    times, errors = [], []
    lock = threading.Lock()

    def work(index):
        client = Client(port)
        for n in range(per_client):
            if kind == "submit":
                status, page, _t = client.request("GET", "/kasus/pengaduan/")
                tokens = dict(TOKEN.findall(page.decode()))
                status, _body, elapsed = client.request("POST", "/kasus/pengaduan/",
                                                         complaint(tokens, index * 1000 + n).encode())
                ok = status == 302
            else:
                path = {"login": "/akun/masuk/", "form": "/kasus/pengaduan/"}[kind]
                status, _body, elapsed = client.request("GET", path)
                ok = status == 200
            with lock:
                (times if ok else errors).append(elapsed if ok else status)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{kind}: {len(errors)} failed requests, statuses {sorted(set(errors))}")
    times.sort()
    busy = sum(times)  # submit: the GETs in between are not counted in the rate
    return {"n": len(times), "rate": len(times) / (busy / clients if kind == "submit" else wall),
            "p50": statistics.median(times) * 1000, "p95": times[int(len(times) * 0.95) - 1] * 1000}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40, help="requests per client and kind")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    if not args.skip_setup:
        prepare()
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "payung.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "120"], cwd=ROOT, env=env())
    try:
        for _ in range(300):
            try:
                if Client(port).request("GET", "/sehat/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for kind in ("login", "form", "submit"):  # warm both workers (template cache, first queries)
            run(port, kind, 2, 3)
        results = {}
        for kind in ("login", "form", "submit"):
            before = cpu_snapshot(server)
            results[kind] = run(port, kind, args.clients, args.requests)
            # The submit's untimed GETs (its form tokens) run in the same window: their CPU is the form page's,
            # measured just before, and is taken off.
            web, database = cpu_per_request(before, cpu_snapshot(server), results[kind]["n"])
            if kind == "submit":
                web -= results["form"]["cpu_web"]
                database -= results["form"]["cpu_db"]
            results[kind].update(cpu_web=web, cpu_db=database)
    finally:
        server.terminate()
        server.wait(30)
    login = results["login"]["rate"]
    lines = [f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, gunicorn 2 workers, {args.clients} clients x "
             f"{args.requests} requests, load average {os.getloadavg()[0]:.1f}, {DB.split('://')[0]}"]
    for kind, r in results.items():
        lines.append(f"{kind:<7} {r['rate']:7.1f} req/s  ratio to login {r['rate'] / login:4.2f}  "
                     f"p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  (n={r['n']})  "
                     f"CPU/request: web {r['cpu_web']:5.1f} ms + database {r['cpu_db']:4.1f} ms")
    lines.append(f"targets: form/login >= 0.50 ({results['form']['rate'] / login:.2f}), submit/login >= 0.33 "
                 f"({results['submit']['rate'] / login:.2f}), p95 < 150 ms (form {results['form']['p95']:.0f}, "
                 f"submit {results['submit']['p95']:.0f})")
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / "light.txt"
    with out.open("a") as fh:
        fh.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
