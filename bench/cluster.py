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
over to another machine). Prints the figures and writes them to bench/results/cluster-<date>.json; stops
everything it started.
"""

import argparse
import json
import os
import signal
import socket
import statistics
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
    def __init__(self, s3_port):
        self.processes = {}
        self.s3 = f"http://127.0.0.1:{s3_port}"
        self.env = {
            **os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
            "DATABASE_REPLICA_URL": replica.url(REPLICA_PORT, DB), "TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL,
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

    def start_node(self, name, log):
        port = NODES[name]
        self.start(f"node-{name}", [str(BASE / ".venv" / "bin" / "gunicorn"), "payung.wsgi", "-b",
                                    f"127.0.0.1:{port}", "-w", "2", "-k", "gthread", "--threads", "8",
                                    "--timeout", "120"], log)
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
        os.environ[key] = env[key]
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

def run_load(label, make_call, clients, seconds):
    """`clients` threads call make_call(worker index) for `seconds`; returns rate, errors and latencies."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(index):
        try:
            call = make_call(index)
        except (requests.RequestException, AssertionError):
            with lock:
                errors[0] += 1  # a client that could not even start (sign-in refused or timed out)
            return
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            try:
                ok = call()
            except requests.RequestException:
                ok = False  # a timeout or a refused connection is an error, and its time counts
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    latencies.sort()
    return {"label": label, "clients": clients, "requests": len(latencies), "errors": errors[0],
            "per_second": round(len(latencies) / wall, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None}


def static_path():
    found = sorted((BASE / "static").rglob("*.css"))
    return "/static/" + str(found[0].relative_to(BASE / "static"))


def load(figures, seconds, readers):
    marker = uuid.uuid4().hex[:8]
    static = static_path()
    counter = iter(range(10**9))
    counter_lock = threading.Lock()
    prepared = {}

    def complaint_call(index):
        name = "AB"[index % 2]
        session = public_session(node(name))

        def call():
            with counter_lock:
                i = next(counter)
            form = prepared.pop(i, None) or complaint(marker, i)
            return submit_complaint(session, node(name), form) == 302
        return call

    def static_call(index):
        session, base = requests.Session(), node("AB"[index % 2])
        return lambda: session.get(f"{base}{static}", timeout=30).status_code == 200

    # One sign-in (sessions are shared by the nodes), read by every reader from either node.
    officer = signed_in(node("A"), "petugas.nasional").cookies
    time.sleep(2.5)  # past the sign-in's read-your-writes pin: the readers read from the replica

    def dashboard_call(index):
        base, session = node("AB"[index % 2]), requests.Session()
        session.cookies.update(officer)
        return lambda: session.get(f"{base}/laporan/dasbor/", timeout=60).status_code == 200

    submit_clients = 16
    figures["load"] = {
        "static_at_submit_concurrency": run_load("static", static_call, submit_clients, seconds),
        "complaint_submit": run_load("complaint submit", complaint_call, submit_clients, seconds),
        "static_at_reader_concurrency": run_load("static", static_call, readers, seconds),
        "national_dashboard": run_load("national dashboard", dashboard_call, readers, seconds),
    }
    figures["load"]["submit_rate_to_static_rate"] = round(
        figures["load"]["complaint_submit"]["per_second"] / figures["load"]["static_at_submit_concurrency"][
            "per_second"], 3)
    if figures["load"]["national_dashboard"]["p95_ms"]:
        figures["load"]["dashboard_p95_to_static_p95"] = round(
            figures["load"]["national_dashboard"]["p95_ms"] / figures["load"]["static_at_reader_concurrency"][
                "p95_ms"], 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--keep-db", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()

    s3_port = free_port()
    cluster = Cluster(s3_port)
    results = BASE / "bench" / "results"
    results.mkdir(exist_ok=True)
    (BASE / "var").mkdir(exist_ok=True)
    log = open(BASE / "var" / "cluster-processes.log", "w")  # the nodes' and the worker's output
    figures = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "load_average_at_start": os.getloadavg()}
    timings = figures["setup_seconds"] = {}
    began = time.monotonic()
    try:
        steps = [["migrate", "--noinput"]]
        if not args.keep_db:
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
        mark = time.monotonic()
        replica.start(REPLICA_PORT)
        timings["replica_basebackup"] = round(time.monotonic() - mark, 1)
        subprocess.run(["redis-cli", "-n", "5", "flushdb"], check=True, stdout=subprocess.DEVNULL)
        cluster.start("worker", [PY, "manage.py", "worker", "--worker-id", "bench-rq-1"], log)
        mark = time.monotonic()
        for name in NODES:
            cluster.start_node(name, log)
        timings["nodes"] = round(time.monotonic() - mark, 1)
        django_setup(cluster.env)
        scenario(cluster, figures, args.complaints)
        cluster.start_node("B", log)  # back for the load run
        load(figures, args.load_seconds, args.readers)
    finally:
        cluster.stop_all()
        replica.stop(REPLICA_PORT)
        log.close()
        figures["total_seconds"] = round(time.monotonic() - began, 1)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        (results / f"cluster-{stamp}.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
        print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
