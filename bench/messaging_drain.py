"""Benchmark of messaging (issue 18): a district-wide reminder of 10,000 SMS drained through a stand-in gateway.

A stand-in for SMS Gateway for Android (the documented POST /message API: basic auth, our message key as `id`,
202 on acceptance, 409 for an id it already accepted) runs in this process; workers are separate processes
running `messaging.services.outbound.drain` against a scratch PostgreSQL database.

1. 10,000 messages queued (one per number, each with consent).
2. One worker alone drains 2,000: messages per second for one worker.
3. Two workers drain the rest together; one is killed (SIGKILL) mid-batch once it has sent 1,000. Then the
   stale-claim recovery (`recover_stale`) and a last worker finish the queue.
4. Checked: every message is `sent`; the stand-in accepted each key exactly once (no SMS sent twice); how
   many requests it refused as a repeated key (the message the killed worker was sending, if any).

    .venv/bin/python bench/messaging_drain.py          (BENCH_PG_URL to use another scratch database)
Writes bench/results/messaging_drain.txt.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/payung_bench_messaging")
os.environ["DATABASE_URL"] = PG_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
os.environ["MESSAGING_SMS_GATEWAY"] = "android_sms"
os.environ.setdefault("MESSAGING_SMS_PASSWORD", "bench")
TOTAL = int(os.environ.get("BENCH_MESSAGES", "10000"))
ALONE = TOTAL // 5
KILL_AFTER = TOTAL // 10


class StandIn(BaseHTTPRequestHandler):
    accepted = {}  # key -> number of times accepted (must stay 1)
    refused = 0
    requests = 0
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = body["id"]
        with StandIn.lock:
            StandIn.requests += 1
            repeat = key in StandIn.accepted
            if repeat:
                StandIn.refused += 1
            else:
                StandIn.accepted[key] = 1
        status, answer = (409, {"message": "duplicate id"}) if repeat else (
            202, {"id": key, "state": "Pending", "recipients": [{"phoneNumber": body["phoneNumbers"][0],
                                                                  "state": "Pending"}]})
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def recreate_database():
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def worker_main(name, limit):
    import django

    django.setup()
    from messaging.services.outbound import drain

    started = time.perf_counter()
    done = drain(limit=limit or None, worker=name)
    print(json.dumps({"worker": name, "done": done, "seconds": time.perf_counter() - started}), flush=True)


def start_worker(name, url, limit=0):
    env = {**os.environ, "MESSAGING_SMS_API_URL": url}
    return subprocess.Popen([sys.executable, __file__, "--worker", name, str(limit)], env=env,
                            stdout=subprocess.PIPE, text=True)


def queue(total):
    from django.utils import timezone as tz

    from messaging.models import Consent, Message, number_hash

    now = tz.now()
    phones = [f"+62812{n:07d}" for n in range(total)]
    # bulk_create skips save(): the keyed hash that finds a sealed number is given here.
    Consent.objects.bulk_create([Consent(phone=p, phone_hash=number_hash(p), purpose="placement", channel="sms",
                                         given_by="Warga", how="bench", wording_version="bench", wording="bench")
                                 for p in phones], batch_size=2000)
    Message.objects.bulk_create([Message(to=p, phone_hash=number_hash(p), channel="sms", event="no_contact",
                                         purpose="placement",
                                         template="no_contact", body="Payung: pengingat pendataan PMI di kantor desa.",
                                         next_attempt_at=now) for p in phones], batch_size=2000)


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def main():
    load_start = loadavg()
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from messaging.models import Message, Status
    from messaging.services.outbound import recover_stale

    call_command("migrate", verbosity=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    started = time.perf_counter()
    queue(TOTAL)
    queued_seconds = time.perf_counter() - started
    connections.close_all()

    # 2. One worker alone.
    alone = json.loads(start_worker("w1", url, ALONE).communicate()[0])

    # 3. Two workers together; kill one mid-batch.
    victim, survivor = start_worker("w2", url), start_worker("w3", url)
    begin = time.perf_counter()
    while Message.objects.filter(claimed_by="w2", status=Status.SENT).count() < KILL_AFTER:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    left_sending = list(Message.objects.filter(status=Status.SENDING, claimed_by="w2").values_list("key", flat=True))
    # Read now, before recovery sends them again: had the gateway taken the in-flight message already?
    with StandIn.lock:
        in_flight_accepted = sum(1 for key in left_sending if str(key) in StandIn.accepted)
    killed_sent = Message.objects.filter(claimed_by="w2", status=Status.SENT).count()
    survived = json.loads(survivor.communicate()[0])
    pair_seconds = time.perf_counter() - begin
    requeued, failed = recover_stale(older_than=0)
    last = json.loads(start_worker("w4", url).communicate()[0])
    server.shutdown()

    statuses = dict(Message.objects.values_list("status").annotate(n=Count("id")))
    twice = sum(1 for count in StandIn.accepted.values() if count > 1)
    lines = [
        f"messaging drain benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, PostgreSQL, stand-in SMS "
        f"gateway (android-sms-gateway API) over local HTTP; {os.cpu_count()} CPUs shared with other work",
        f"queued {TOTAL} messages (bulk, with consents) in {queued_seconds:.1f} s",
        f"1 worker alone: {alone['done']} messages in {alone['seconds']:.1f} s = {alone['done'] / alone['seconds']:.0f}"
        " messages/s per worker",
        f"2 workers together: survivor sent {survived['done']} in {survived['seconds']:.1f} s "
        f"({survived['done'] / survived['seconds']:.0f}/s); killed worker had sent {killed_sent} when SIGKILLed; "
        f"wall {pair_seconds:.1f} s",
        f"left 'sending' by the killed worker: {len(left_sending)} (of which the gateway had already accepted "
        f"{in_flight_accepted}); recover_stale requeued {requeued}, failed {failed}; last worker sent {last['done']}",
        f"ratio, survivor's rate beside another worker / one worker alone (the baseline of this run): "
        f"{(survived['done'] / survived['seconds']) / (alone['done'] / alone['seconds']):.2f}",
        f"load average (1, 5, 15 min) at start {' '.join(load_start)}, at end {' '.join(loadavg())}",
        f"final statuses: {statuses}",
        f"gateway: {StandIn.requests} requests, {len(StandIn.accepted)} distinct messages accepted, "
        f"{StandIn.refused} refused as a repeated key (409), messages accepted twice: {twice}",
        "RESULT: " + ("OK, every message sent exactly once" if statuses == {"sent": TOTAL} and twice == 0
                      and len(StandIn.accepted) == TOTAL else "FAILED"),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench" / "results" / "messaging_drain.txt"
    with results.open("a") as out:
        out.write(text + "\n")
    connections.close_all()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2], int(sys.argv[3]))
    else:
        main()
