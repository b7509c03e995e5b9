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

Gunicorn per node (--workers 2 --threads 4): Django's request work is CPU-bound Python under the GIL, so
processes, not threads, are what use the cores; each node gets as many workers as the machine has cores (2),
because one node must carry everything when the other dies (the scenario kills one). Both nodes here share the
same 2 cores, so 4 processes compete for 2 cores, which is acceptable because part of each request is spent
waiting on PostgreSQL and Redis (on the same cores). 4 threads per worker keep its core busy while a request
waits on the database; more threads only add GIL contention and memory.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
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

    workers, threads = 2, 4  # per node: see the module's docstring

    def start_node(self, name, log):
        port = NODES[name]
        self.start(f"node-{name}", [str(BASE / ".venv" / "bin" / "gunicorn"), "payung.wsgi", "-b",
                                    f"127.0.0.1:{port}", "-w", str(self.workers), "-k", "gthread", "--threads",
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


# --- The scenario ------------------------------------------------------------------------------------------

def scenario(cluster, figures, complaints):
    from django.db import connections

    from accounts.models import User
    from accounts.services import issue_token
    from cases.models import Case
    from migrants.models import DocumentKind, Placement

    operator = User.objects.get(username="operator.jatinom")
    _token, key = issue_token(operator, "bench cluster")
    api = {"Authorization": f"Token {key}"}
    nik = f"35051057059{int(time.time()) % 100000:05d}"
    created = requests.post(f"{node('A')}/api/v1/people/", json={
        "nik": nik, "name": "Siti Klaster", "sex": "F", "birth_date": "1995-05-17", "village": JATINOM},
        headers=api, timeout=30)
    assert created.status_code == 201, created.text[:300]
    read = requests.get(f"{node('B')}/api/v1/people/{created.json()['id']}/", headers=api, timeout=30)
    figures["register_on_A_read_on_B"] = read.status_code == 200 and read.json()["name"] == "Siti Klaster"

    on_a = signed_in(node("A"), "operator.jatinom")
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    figures["signed_in_on_A_holds_on_B"] = on_b.get(f"{node('B')}/", timeout=30, allow_redirects=False
                                                    ).status_code == 200

    placement = Placement.objects.filter(person__village_id=JATINOM).order_by("pk").first()
    document = placement.documents.get(kind=DocumentKind.KTP)
    path = f"/pmi/{placement.pk}/dokumen/{document.pk}/"
    uploaded = post_form(on_a, node("A"), path, {"status": "submitted"}, files={"scan": ("ktp.png", PNG, "image/png")})
    downloaded = on_b.get(f"{node('B')}{path}pindaian/", timeout=30)
    figures["upload_on_A_download_on_B"] = uploaded.status_code == 302 and downloaded.content == PNG
    import boto3

    bucket = boto3.client("s3", endpoint_url=cluster.s3, region_name="us-east-1",
                          aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
                          aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"])
    figures["scan_objects_in_bucket"] = bucket.list_objects_v2(Bucket="payung-bench").get("KeyCount", 0)

    # Complaints over both nodes; node B is killed when half have been sent; what B did not answer goes to A.
    marker = uuid.uuid4().hex[:8]
    forms = [complaint(marker, i) for i in range(complaints)]
    sessions = {name: public_session(node(name)) for name in NODES}
    answered, retried, lock = [], [], threading.Lock()
    killed = threading.Event()

    def send(i):
        name = "AB"[i % 2]
        if i == complaints // 2 and not killed.is_set():
            killed.set()
            cluster.kill("node-B")
        try:
            if name == "B" and killed.is_set():
                raise requests.ConnectionError("node B is down")
            status = submit_complaint(sessions[name], node(name), forms[i])
        except requests.RequestException:
            # The client (or the proxy) sends the same form again to the node that is up.
            with lock:
                retried.append(i)
            status = submit_complaint(public_session(node("A")), node("A"), forms[i])
        with lock:
            answered.append(status)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(send, range(complaints)))
    kept = Case.objects.filter(description__startswith=f"Uji klaster {marker} ").count()
    figures["complaints"] = {"sent": complaints, "answers": dict(Counter(answered)), "resent_to_A": len(retried),
                             "kept": kept, "lost": complaints - kept if kept < complaints else 0,
                             "doubled": kept - complaints if kept > complaints else 0}

    # The rollup rebuild on the RQ worker, then the national dashboard from the replica.
    from reports import tasks

    result = tasks.rebuild_rollups.enqueue()
    wait_for(lambda: result.refresh() or result.status in ("SUCCESSFUL", "FAILED"), 600, "the rollup rebuild")
    figures["rollup_rebuild_on_rq"] = result.status
    replica.wait_replayed(REPLICA_PORT, timeout=600)
    officer = signed_in(node("A"), "petugas.nasional")
    scans = "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables " \
            "WHERE relname = 'reports_rollup'"

    def replica_scans():
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(scans)
            return int(cursor.fetchone()[0])

    time.sleep(2.5)  # past the sign-in's read-your-writes pin
    before = replica_scans()
    dashboard = officer.get(f"{node('A')}/laporan/dasbor/", timeout=60)
    time.sleep(1.5)  # standby statistics are flushed at most once a second
    after = replica_scans()
    figures["dashboard_from_replica"] = {"status": dashboard.status_code, "replica_rollup_scans": after - before}


# --- Load ----------------------------------------------------------------------------------------------------

WRK_SCRIPT = BASE / "bench" / "wrk" / "payung.lua"


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids):
    """User + system CPU seconds used so far by the processes `pids` (those still running)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def _session_pids(leader):
    """The processes of a node: its gunicorn master (started in a session of its own) and its workers."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) == leader:
                    pids.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
    return pids


def _database_pids():
    """The PostgreSQL backends serving the bench database (the nodes' connections)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                       "pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


CLUSTER = {}


def cpu_snapshot():
    """CPU seconds so far of the nodes' processes and of the database backends serving them: what a request
    costs in CPU, which the machine's load average (other people's work on the same cores) does not change."""
    nodes = [pid for name in NODES for pid in _session_pids(CLUSTER["cluster"].processes[f"node-{name}"].pid)]
    return {"nodes": _cpu_seconds(nodes), "database": {pid: _cpu_seconds([pid]) for pid in _database_pids()}}


def wrk_on_both_nodes(label, path, connections, seconds, *args):
    """One wrk process per node at once, `connections` split between them; their figures and the sum.

    The rate is the sum; the percentiles are the worse of the two nodes' (wrk gives percentiles per process).
    CPU per request: the nodes' processes and the database backends, from /proc, over the run."""
    before = cpu_snapshot()
    runs = {}
    for i, name in enumerate(NODES):
        share = connections // 2 + (connections % 2 if i == 0 else 0)
        node_args = [a(name) if callable(a) else a for a in args]
        runs[name] = subprocess.Popen(
            ["wrk", "-t", "1", "-c", str(share), "-d", f"{int(seconds)}s", "--timeout", "30s", "-s", str(WRK_SCRIPT),
             f"{node(name)}{path}", "--", *node_args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    per_node = {}
    for name, process in runs.items():
        output, _ = process.communicate(timeout=seconds + 120)
        line = next((ln for ln in output.splitlines() if ln.startswith("WRK ")), None)
        if line is None:
            raise SystemExit(f"wrk gave no figures for {label} on node {name}:\n{output}")
        per_node[name] = json.loads(line[4:])
    requests_ = sum(n["requests"] for n in per_node.values())
    seconds_ = max(n["seconds"] for n in per_node.values())
    after = cpu_snapshot()
    # Backends opened during the run count from 0 (a node opens its connections as its threads first need them).
    database = sum(used - before["database"].get(pid, 0) for pid, used in after["database"].items())
    cpu = {"node_ms_per_request": round(1000 * (after["nodes"] - before["nodes"]) / max(requests_, 1), 2),
           "database_ms_per_request": round(1000 * database / max(requests_, 1), 2),
           "node_cores_busy": round((after["nodes"] - before["nodes"]) / seconds_, 2)}
    errors = sum(n["bad_status"] + n["socket_errors"] + n["timeouts"] for n in per_node.values())
    return {"label": label, "clients": connections, "requests": requests_, "errors": errors,
            "per_second": round(requests_ / seconds_, 1),
            "p50_ms": max(n["p50_ms"] for n in per_node.values()),
            "p95_ms": max(n["p95_ms"] for n in per_node.values()),
            "p99_ms": max(n["p99_ms"] for n in per_node.values()), "cpu": cpu,
            "load_average_after": os.getloadavg(), "per_node": per_node}


def static_path():
    found = sorted((BASE / "static").rglob("*.css"))
    return "/static/" + str(found[0].relative_to(BASE / "static"))


def complaint_bodies(name, count, cookie_token):
    """`count` urlencoded complaint forms for node `name`, each with its own form token, one a line."""
    from urllib.parse import urlencode

    marker = uuid.uuid4().hex[:8]
    path = BASE / "var" / f"wrk-complaints-{name}.txt"
    with path.open("w") as fh:
        for i in range(count):
            fh.write(urlencode({**complaint(f"{marker}{name}", i), "csrfmiddlewaretoken": cookie_token}) + "\n")
    return path


def bench_reader(username, password):
    """A national officer to read the national dashboard with (made in the load-only database if missing)."""
    from accounts.models import Membership, Role, User

    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": "Bench Nasional"})
    user.set_password(password)
    user.must_change_password = False
    user.is_active = True
    user.save()
    Membership.objects.get_or_create(user=user, role=Role.NATIONAL_OFFICER, region=None)
    return username


def load(figures, seconds, readers, submit_clients, think_ms, reader_username):
    static = static_path()
    session = public_session(node("A"))
    csrf = session.cookies["csrftoken"]
    cookie = f"csrftoken={csrf}"
    # More bodies than any rate this machine reaches could use (a body is used once).
    bodies = {name: complaint_bodies(name, int(400 * seconds), csrf) for name in NODES}
    officer = signed_in(node("A"), reader_username).cookies
    officer_cookie = "; ".join(f"{k}={v}" for k, v in officer.items())
    time.sleep(2.5)  # past the sign-in's read-your-writes pin

    load_ = figures["load"] = {"generator": "wrk 4.1 (bench/wrk/payung.lua), one process per node",
                               "gunicorn_per_node": {"workers": Cluster.workers, "threads": Cluster.threads},
                               "load_average_before": os.getloadavg()}
    load_["static_at_submit_concurrency"] = wrk_on_both_nodes("static", static, submit_clients, seconds, "static")
    load_["complaint_submit"] = wrk_on_both_nodes("complaint submit", "/kasus/pengaduan/", submit_clients, seconds,
                                                  "submit", cookie, lambda name: str(bodies[name]))
    load_["static_at_reader_concurrency"] = wrk_on_both_nodes("static", static, readers, seconds, "static")
    load_["national_dashboard"] = wrk_on_both_nodes("national dashboard", "/laporan/dasbor/", readers, seconds,
                                                    "reader", officer_cookie, "0")
    if think_ms:
        load_["static_readers_thinking"] = wrk_on_both_nodes("static", static, readers, seconds, "reader",
                                                             officer_cookie, str(think_ms))
        load_["national_dashboard_readers_thinking"] = wrk_on_both_nodes(
            f"national dashboard, {think_ms} ms reading between pages", "/laporan/dasbor/", readers, seconds,
            "reader", officer_cookie, str(think_ms))
    load_["submit_rate_to_static_rate"] = round(
        load_["complaint_submit"]["per_second"] / load_["static_at_submit_concurrency"]["per_second"], 3)
    load_["dashboard_p95_to_static_p95"] = round(
        load_["national_dashboard"]["p95_ms"] / max(load_["static_at_reader_concurrency"]["p95_ms"], 0.1), 2)
    load_["load_average_after"] = os.getloadavg()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--submit-clients", type=int, default=16)
    parser.add_argument("--think-ms", type=int, default=0,
                        help="also measure readers who read each page this long (ms, on average) before the next")
    parser.add_argument("--workers", type=int, default=Cluster.workers, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=Cluster.threads, help="gunicorn threads per worker")
    parser.add_argument("--keep-db", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--load-only", action="store_true", help="the load phase alone, on --db")
    parser.add_argument("--db", default=DB, help="the database (--load-only: an existing one, e.g. a national clone)")
    parser.add_argument("--note", default="", help="a line stored with the figures")
    args = parser.parse_args()
    Cluster.workers, Cluster.threads = args.workers, args.threads
    if args.load_only and args.db == DB:
        parser.error("--load-only needs --db: an existing database (never the shared payung_nat itself)")

    s3_port = free_port()
    cluster = CLUSTER["cluster"] = Cluster(s3_port, args.db)
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
            reader = bench_reader("bench.nasional", DEMO_PASSWORD)
        else:
            scenario(cluster, figures, args.complaints)
            cluster.start_node("B", log)  # back for the load run
            reader = "petugas.nasional"
        load(figures, args.load_seconds, args.readers, args.submit_clients, args.think_ms, reader)
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
