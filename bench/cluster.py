"""A small Payung cluster on this machine, its scenario and its load figures (issue 21).

    .venv/bin/python bench/cluster.py [--complaints 200] [--load-seconds 20] [--readers 50] [--keep-db]

Starts: a PostgreSQL database `payung_clusterbench` on the machine's server (primary) and a streaming replica
of it (bench/replica.py, port 5434); moto's S3-compatible server with a private bucket; Redis (already running:
.ci/run starts it) for tasks, cache and sessions; one RQ worker (`manage.py worker`); two gunicorn nodes on
ports 8101 and 8102. Every process gets the same settings, as two machines behind one proxy would.

Scenario: a migrant registered on node A (API) is read on node B; a scan uploaded on A (HTML form) is
downloaded on B; a sign-in on A holds on B; N public complaints are spread over both nodes while node B is
killed (SIGKILL) half-way, the unanswered ones sent again to A with the same form token: none lost, none
doubled; the rollup rebuild runs on the RQ worker and the national dashboard is then served from the replica.
Load (point 6): public complaint submits and national dashboard reads with concurrent clients over both
nodes, each beside a static file fetched by the same clients from the same nodes (the ratio is what carries
over to another machine). The load comes from wrk (Debian's `wrk`, bench/wrk/payung.lua): one wrk process per
node, in C, so the load generator takes little of the CPU the nodes are measured on (Python client threads
took a core of the two). Prints the figures and writes them to bench/results/cluster-<date>.json; stops
everything it started.

    .venv/bin/python bench/cluster.py --load-only --db payung_dash [--load-seconds 20] [--readers 50]

--load-only: the load phase alone on an existing database (a clone of the national data set, issue 21.6's
"national data"), migrated first; no replica (a base backup of the national data set is gigabytes) and no RQ
worker (the complaints' village refreshes wait in Redis instead of invalidating the dashboards mid-run); the
nodes, Redis cache and sessions and the S3 bucket as in the full run.

The scenario and the load phase are in bench/cluster_phases.py; this file starts and stops the processes.

Gunicorn per node (--workers 2, sync workers, as README's production section runs them behind its proxy): Django's
request work is CPU-bound Python under the GIL, so processes, not threads, use the cores. A sync worker takes the
next connection only when it is free, so requests go to whichever process is idle; with threads (gthread, 2 workers x
4 threads, the default until 4 December 2026) each worker accepts and queues connections of its own, a client kept
alive on a busy worker waits behind it, and the slowest twentieth of the dashboard's answers (p95) took 310-1,840 ms
while the median was ~200 ms (bench/results/cluster.md). 2 workers per node: the two nodes share this machine's two
cores, one core's worth each, and every process more makes each request dearer in CPU (cache and scheduler
contention): per submit 8.7-9.1 ms of node CPU with 2, 9.6-9.8 with 3, 11.1-11.7 with 4 (bench/results/cluster.md,
4 December 2026, 13:25-13:32 UTC). One node still carries everything when the scenario kills the other.
--workers, --worker-class gthread --threads N compare.

--wsgi-profile serves bench/wsgi_profile.py around Payung's application: each figure then also says how much of a
node's CPU per request was spent inside Django (the rest is gunicorn's); WSGI_CPROFILE=1 adds cProfile files.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
sys.path.insert(0, str(BASE / "bench"))
import replica  # noqa: E402  (bench/replica.py)

PY = str(BASE / ".venv" / "bin" / "python")
DB = "payung_clusterbench"
REPLICA_PORT = 5434
NODES = {"A": 8101, "B": 8102}
REDIS_URL = "redis://127.0.0.1:6379/5"
S3_KEYS = {"S3_ACCESS_KEY_ID": "payung-bench", "S3_SECRET_ACCESS_KEY": "payung-bench-secret"}
DEMO_PASSWORD = "Payung-Demo-2026"
JATINOM = "35.05.10.2002"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001  (not up yet)
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


class Cluster:
    def __init__(self, s3_port, db=DB):
        self.processes = {}
        self.s3 = f"http://127.0.0.1:{s3_port}"
        self.env = {
            **os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
            "DATABASE_REPLICA_URL": replica.url(REPLICA_PORT, db), "TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL,
            "CACHE_BACKEND": "redis", "PRIVATE_STORAGE": "s3", "S3_ENDPOINT_URL": self.s3,
            "S3_BUCKET": "payung-bench", **S3_KEYS, "CASES_PUBLIC_SUBMISSIONS_PER_HOUR": "1000000",
            "SECURE_COOKIES": "false", "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1", "AXES_FAILURE_LIMIT": "1000",
            # A browser that wrote (signed in) reads from the primary this long; the bench waits it out.
            "REPLICA_PIN_SECONDS": "2",
        }

    def manage(self, *args):
        subprocess.run([PY, "manage.py", *args], cwd=BASE, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def start(self, name, args, log):
        self.processes[name] = subprocess.Popen(args, cwd=BASE, env=self.env, start_new_session=True,
                                                stdout=log, stderr=subprocess.STDOUT)

    workers, threads, worker_class = 2, 1, "sync"  # per node: see the module's docstring

    app = "payung.wsgi"  # --wsgi-profile: bench/wsgi_profile.py around it

    def start_node(self, name, log):
        port = NODES[name]
        # bench/ on the path only for bench/wsgi_profile.py: the nodes otherwise run exactly what production runs.
        path = ["--pythonpath", "bench"] if self.app != "payung.wsgi" else []
        self.start(f"node-{name}", [str(BASE / ".venv" / "bin" / "gunicorn"), self.app, *path, "-b",
                                    f"127.0.0.1:{port}", "-w", str(self.workers), "-k", self.worker_class, "--threads",
                                    str(self.threads), "--timeout", "120"], log)
        wait_for(lambda: requests.get(f"http://127.0.0.1:{port}/publik/", timeout=5).status_code == 200,
                 120, f"node {name}")

    def kill(self, name):
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self):
        for name in list(self.processes):
            try:
                self.kill(name)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass


def node(name):
    return f"http://127.0.0.1:{NODES[name]}"


def signed_in(base, username):
    session = requests.Session()
    session.get(f"{base}/akun/masuk/", timeout=30)
    response = session.post(f"{base}/akun/masuk/", data={
        "username": username, "password": DEMO_PASSWORD,
        "csrfmiddlewaretoken": session.cookies["csrftoken"]}, headers={"Referer": f"{base}/akun/masuk/"},
        timeout=30, allow_redirects=False)
    assert response.status_code == 302, f"sign-in as {username} answered {response.status_code}"
    return session


def post_form(session, base, path, data, files=None):
    session.get(f"{base}{path}", timeout=30)
    return session.post(f"{base}{path}", data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                        files=files, headers={"Referer": f"{base}{path}"}, timeout=60, allow_redirects=False)


# --- Django in this process: tokens, form tokens, counts (the same settings as the nodes) -----------------

def django_setup(env):
    for key in ("DATABASE_URL", "DATABASE_REPLICA_URL", "TASKS_BACKEND", "REDIS_URL", "CACHE_BACKEND",
                "PRIVATE_STORAGE", "S3_ENDPOINT_URL", "S3_BUCKET", *S3_KEYS):
        if key in env:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    import django

    django.setup()


def complaint(marker, i):
    from cases.forms import make_form_token

    return {"complainant_role": "family", "complainant_name": f"Bench {marker} {i}", "complainant_relation": "suami",
            "complainant_phone": "0812-3456-7890", "worker_name": f"Pekerja {i}", "village": JATINOM,
            "destination_country": "HK", "category": "document_withholding",
            "description": f"Uji klaster {marker} nomor {i}.", "consent_process": "on", "consent_share": "on",
            "website": "", "form_token": make_form_token(time.time() - 30)}


def submit_complaint(session, base, data):
    response = session.post(f"{base}/kasus/pengaduan/", data={
        **data, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers={"Referer": f"{base}/kasus/pengaduan/"}, timeout=30, allow_redirects=False)
    return response.status_code


def public_session(base):
    session = requests.Session()
    session.get(f"{base}/kasus/pengaduan/", timeout=30)
    return session


def main():
    import cluster_phases  # bench/cluster_phases.py (it imports the helpers above)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--submit-clients", type=int, default=16)
    parser.add_argument("--think-ms", type=int, default=0,
                        help="also measure readers who read each page this long (ms, on average) before the next")
    parser.add_argument("--workers", type=int, default=Cluster.workers, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=Cluster.threads, help="gunicorn threads per worker")
    parser.add_argument("--worker-class", default=Cluster.worker_class, help="gunicorn worker class")
    parser.add_argument("--keep-db", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--load-only", action="store_true", help="the load phase alone, on --db")
    parser.add_argument("--db", default=DB, help="the database (--load-only: an existing one, e.g. a national clone)")
    parser.add_argument("--note", default="", help="a line stored with the figures")
    parser.add_argument("--only", choices=["submit", "dashboard"], help="one of the two loads (and its static file)")
    parser.add_argument("--wsgi-profile", action="store_true",
                        help="serve bench/wsgi_profile.py: CPU inside Django per request (WSGI_CPROFILE=1: cProfile)")
    args = parser.parse_args()
    Cluster.workers, Cluster.threads, Cluster.worker_class = args.workers, args.threads, args.worker_class
    shutil.rmtree(cluster_phases.PROFILE_DIR, ignore_errors=True)  # an earlier --wsgi-profile run's files
    if args.wsgi_profile:
        Cluster.app = "wsgi_profile:application"
    if args.load_only and args.db == DB:
        parser.error("--load-only needs --db: an existing database (never the shared payung_nat itself)")

    s3_port = free_port()
    cluster = cluster_phases.CLUSTER["cluster"] = Cluster(s3_port, args.db)
    cluster.env["WSGI_PROFILE_DIR"] = str(cluster_phases.PROFILE_DIR)  # where _inside_django reads them
    if args.load_only:
        cluster.env.pop("DATABASE_REPLICA_URL")
    results = BASE / "bench" / "results"
    results.mkdir(exist_ok=True)
    (BASE / "var").mkdir(exist_ok=True)
    log = open(BASE / "var" / "cluster-processes.log", "w")  # the nodes' and the worker's output
    figures = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "load_average_at_start": os.getloadavg(), "database": args.db, "note": args.note,
               "mode": "load only" if args.load_only else "scenario and load"}
    timings = figures["setup_seconds"] = {}
    began = time.monotonic()
    try:
        steps = [["migrate", "--noinput"]]
        if not args.keep_db and not args.load_only:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
            steps += [["load_regions", "--only", "35.05"], ["load_demo"]]
        env = {k: v for k, v in cluster.env.items() if k != "DATABASE_REPLICA_URL"}
        for step in steps:
            subprocess.run([PY, "manage.py", *step], cwd=BASE, env={**env, "PRIVATE_STORAGE": "local"},
                           check=True, stdout=subprocess.DEVNULL)
        timings["database"] = round(time.monotonic() - began, 1)
        cluster.start("s3", [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], log)
        wait_for(lambda: requests.get(cluster.s3, timeout=2).status_code < 500, 60, "moto")
        requests.put(f"{cluster.s3}/payung-bench", timeout=10)
        if not args.load_only:
            mark = time.monotonic()
            replica.start(REPLICA_PORT)
            timings["replica_basebackup"] = round(time.monotonic() - mark, 1)
        subprocess.run(["redis-cli", "-n", "5", "flushdb"], check=True, stdout=subprocess.DEVNULL)
        if not args.load_only:
            cluster.start("worker", [PY, "manage.py", "worker", "--worker-id", "bench-rq-1"], log)
        mark = time.monotonic()
        for name in NODES:
            cluster.start_node(name, log)
        timings["nodes"] = round(time.monotonic() - mark, 1)
        django_setup(cluster.env)
        if args.load_only:
            from migrants.models import Placement

            figures["placements"] = Placement.objects.count()
            reader = cluster_phases.bench_reader("bench.nasional", DEMO_PASSWORD)
        else:
            cluster_phases.scenario(cluster, figures, args.complaints)
            cluster.start_node("B", log)  # back for the load run
            reader = "petugas.nasional"
        cluster_phases.load(figures, args.load_seconds, args.readers, args.submit_clients, args.think_ms, reader,
                            only=args.only)
    finally:
        cluster.stop_all()
        if not args.load_only:
            replica.stop(REPLICA_PORT)
        subprocess.run(["redis-cli", "-n", "5", "flushdb"], check=False, stdout=subprocess.DEVNULL)
        log.close()
        figures["total_seconds"] = round(time.monotonic() - began, 1)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        (results / f"cluster-{stamp}.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
        print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
