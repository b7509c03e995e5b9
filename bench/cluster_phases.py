"""The phases of bench/cluster.py (issue 21): the scenario across two nodes and the load run (wrk).

Imported by bench/cluster.py, which starts and stops the processes; see its docstring for what is measured."""

import json
import os
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import replica  # bench/replica.py
import requests
from cluster import (
    BASE,
    JATINOM,
    NODES,
    PNG,
    REPLICA_PORT,
    S3_KEYS,
    complaint,
    node,
    post_form,
    public_session,
    signed_in,
    submit_complaint,
    wait_for,
)

# --- The scenario ------------------------------------------------------------------------------------------

def scenario(cluster, figures, complaints):
    from django.db import connections
    from django.utils import timezone

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
    started = timezone.now()
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
    # The description is sealed (issue 19.3): no SQL filter can read it, so the run's cases are opened here and
    # each form counted by its own text ("nomor i"): lost = forms with no case, doubled = extra cases of a form.
    prefix = f"Uji klaster {marker} "
    per_form = Counter(str(text) for text in Case.objects.filter(created_at__gte=started).values_list(
        "description", flat=True) if str(text).startswith(prefix))
    figures["complaints"] = {"sent": complaints, "answers": dict(Counter(answered)), "resent_to_A": len(retried),
                             "kept": sum(per_form.values()), "lost": complaints - len(per_form),
                             "doubled": sum(n - 1 for n in per_form.values())}

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


CLUSTER = {}  # "cluster": the running Cluster (set by cluster.main)


PROFILE_DIR = BASE / "var" / "prof"  # bench/wsgi_profile.py's files (--wsgi-profile)


def _inside_django():
    """(requests, CPU seconds) inside Django so far, as the nodes' bench/wsgi_profile.py wrote them (every 50
    requests per worker), or None without --wsgi-profile."""
    files = list(PROFILE_DIR.glob("*.json"))
    if not files:
        return None
    totals = [json.loads(f.read_text()) for f in files]
    return sum(t["requests"] for t in totals), sum(t["cpu_seconds"] for t in totals)


def cpu_snapshot():
    """CPU seconds so far of the nodes' processes and of the database backends serving them: what a request
    costs in CPU, which the machine's load average (other people's work on the same cores) does not change."""
    nodes = [pid for name in NODES for pid in _session_pids(CLUSTER["cluster"].processes[f"node-{name}"].pid)]
    return {"nodes": _cpu_seconds(nodes), "database": {pid: _cpu_seconds([pid]) for pid in _database_pids()},
            "django": _inside_django()}


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
    if before["django"] and after["django"]:
        # What the node spends inside Django per request; the rest of node_ms_per_request is gunicorn's.
        counted = after["django"][0] - before["django"][0]
        cpu["inside_django_ms_per_request"] = round(
            1000 * (after["django"][1] - before["django"][1]) / max(counted, 1), 2)
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


def load(figures, seconds, readers, submit_clients, think_ms, reader_username, only=None):
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
                               "gunicorn_per_node": {"workers": CLUSTER["cluster"].workers,
                                                     "threads": CLUSTER["cluster"].threads,
                                                     "class": CLUSTER["cluster"].worker_class},
                               "load_average_before": os.getloadavg()}
    if only != "dashboard":
        load_["static_at_submit_concurrency"] = wrk_on_both_nodes("static", static, submit_clients, seconds,
                                                                  "static")
        load_["complaint_submit"] = wrk_on_both_nodes("complaint submit", "/kasus/pengaduan/", submit_clients,
                                                      seconds, "submit", cookie, lambda name: str(bodies[name]))
        load_["submit_rate_to_static_rate"] = round(
            load_["complaint_submit"]["per_second"] / load_["static_at_submit_concurrency"]["per_second"], 3)
    if only != "submit":
        load_["static_at_reader_concurrency"] = wrk_on_both_nodes("static", static, readers, seconds, "static")
        load_["national_dashboard"] = wrk_on_both_nodes("national dashboard", "/laporan/dasbor/", readers, seconds,
                                                        "reader", officer_cookie, "0")
        load_["dashboard_p95_to_static_p95"] = round(
            load_["national_dashboard"]["p95_ms"] / max(load_["static_at_reader_concurrency"]["p95_ms"], 0.1), 2)
    if think_ms and only != "submit":
        load_["static_readers_thinking"] = wrk_on_both_nodes("static", static, readers, seconds, "reader",
                                                             officer_cookie, str(think_ms))
        load_["national_dashboard_readers_thinking"] = wrk_on_both_nodes(
            f"national dashboard, {think_ms} ms reading between pages", "/laporan/dasbor/", readers, seconds,
            "reader", officer_cookie, str(think_ms))
    load_["load_average_after"] = os.getloadavg()
