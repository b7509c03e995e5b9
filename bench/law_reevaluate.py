"""Issue 16 point 4: a change of law re-evaluates every open placement — how long, and how long a placement
screen can be kept waiting by it (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_law .venv/bin/python bench/law_reevaluate.py [--note T]

Prerequisites: `migrate`, `load_regions`, `generate_demo --scale national` (or a smaller --scale; the figures
name the number of placements). Runs, in order:
1. (--full-first) a full re-evaluation of every open placement first: on freshly generated data, whose stored
   flags were never computed, every open placement is rewritten (history row, FlagChange rows): the worst case;
2. the moratorium switched to revoked through lawbook.services, then its targeted re-evaluation;
3. the moratorium switched back to disputed and re-evaluated again (leaves the data as it found it);
4. a full re-evaluation of every open placement (rule=None: every open placement read and evaluated, and where
   its stored flags differ, rewritten; --skip-full skips it).
During each run a probe thread on its own connection does what the placement screens do, over and over: open a
random open placement (SELECT by id), lock it for an edit (SELECT ... FOR UPDATE in its own transaction, as
`update_placement` does when it saves) and read the first page of the national list. The longest wait of each is
reported: that is the longest any screen waited on the re-evaluation's locks.
Results are appended to bench/results/law_reevaluate.txt.
"""

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "law_reevaluate.txt"
lines = []


def out(line=""):
    print(line, flush=True)
    lines.append(line)
    with RESULTS.open("a", encoding="utf-8") as fh:  # line by line: a long run stopped midway keeps its figures
        fh.write(line + "\n")


class Probe(threading.Thread):
    """What the placement screens do, in a loop, on its own connection; keeps the longest wait of each."""

    def __init__(self, ids):
        super().__init__(daemon=True)
        self.ids, self.stop = ids, threading.Event()
        self.worst = {"open": 0.0, "lock for edit": 0.0, "list page": 0.0}
        self.count = 0
        self.lock_timeouts = 0

    def timed(self, name, fn):
        began = time.perf_counter()
        fn()
        self.worst[name] = max(self.worst[name], time.perf_counter() - began)

    def run(self):
        from migrants.models import Placement

        rng = random.Random(16)
        try:
            while not self.stop.is_set():
                pk = rng.choice(self.ids)
                self.timed("open", lambda pk=pk: Placement.objects.select_related("person", "agency").get(pk=pk))

                def lock(pk=pk):
                    # lock_timeout counts only the time spent waiting for the row lock, not CPU starvation on
                    # a loaded machine: each timeout is a wait on the re-evaluation longer than 1 s.
                    try:
                        with transaction.atomic():
                            with connection.cursor() as cursor:
                                cursor.execute("SET LOCAL lock_timeout = '1000ms'")
                            list(Placement.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))
                    except OperationalError:
                        self.lock_timeouts += 1

                self.timed("lock for edit", lock)
                self.timed("list page", lambda: list(Placement.objects.order_by("-created_at", "-id")
                                                     .values_list("pk", "flag_codes")[:25]))
                self.count += 1
                time.sleep(0.05)
        finally:
            connections.close_all()


def measured(label, work, ids):
    probe = Probe(ids)
    probe.start()
    began = time.perf_counter()
    totals = work()
    seconds = time.perf_counter() - began
    probe.stop.set()
    probe.join()
    worst = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in probe.worst.items())
    ok = "OK" if seconds < 300 else "OVER"
    load = os.getloadavg()
    lock_ok = "OK" if max(probe.worst.values()) < 1.0 else "OVER"
    out(f"{label}: {seconds:.1f} s (target < 300 s: {ok}), {totals['placements'] / seconds:,.0f} placements/s; "
        f"{totals['placements']:,} open placements read, "
        f"{totals['changed']:,} rewritten (+{totals['added']:,} / -{totals['removed']:,} flags listed), "
        f"{totals['chunks']} chunks, longest write transaction (rows locked) "
        f"{totals['longest_write_seconds'] * 1000:.0f} ms")
    out(f"  screens during it ({probe.count} probe rounds): worst {worst}; lock waits over 1 s (lock_timeout): "
        f"{probe.lock_timeouts} ({'OK' if probe.lock_timeouts == 0 else 'OVER'}); wall-clock worst under 1000 ms: "
        f"{lock_ok}; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return totals


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--note", default="")
    parser.add_argument("--skip-full", action="store_true", help="only the targeted moratorium runs")
    parser.add_argument("--skip-targeted", action="store_true", help="only the full re-evaluation")
    parser.add_argument("--write-batch", type=int, default=0, help="rows per write transaction (default: "
                        "migrants.reevaluation.WRITE_BATCH); writer threads: LAWBOOK_REEVALUATE_WRITERS")
    parser.add_argument("--full-first", action="store_true",
                        help="a full re-evaluation before the targeted runs (fresh data: every open placement "
                             "rewritten)")
    parser.add_argument("--full-limit", type=int, default=0,
                        help="full re-evaluation of the first N open placements only (time-boxed runs)")
    parser.add_argument("--no-bulk-listeners", action="store_true",
                        help="disconnect the listeners of core.bulk.rows_written (reports' village refresh queue) "
                             "to time the re-evaluation alone")
    args = parser.parse_args()

    from django.conf import settings

    from accounts.models import Membership, Role, User
    from lawbook import services
    from lawbook.models import Rule, RuleStatus
    from migrants import reevaluation
    from migrants.models import Placement

    if args.write_batch:
        reevaluation.WRITE_BATCH = args.write_batch
    load = os.getloadavg()
    placements = Placement.objects.count()
    open_ids = list(reevaluation.affected(None).values_list("pk", flat=True))
    out(f"== law re-evaluation benchmark {timezone.now():%Y-%m-%d %H:%M} on {connection.settings_dict['NAME']} "
        f"({connection.vendor}); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
        "shared with other engineers")
    out(f"data: {placements:,} placements, {len(open_ids):,} open (not yet departed, or abroad); chunk "
        f"{settings.LAWBOOK_REEVALUATE_CHUNK}, write batch {reevaluation.WRITE_BATCH}, "
        f"{settings.LAWBOOK_REEVALUATE_WRITERS} writer threads")
    if args.note:
        out(f"note: {args.note}")
    import core.bulk

    signal = getattr(core.bulk, "rows_written", None)
    if args.no_bulk_listeners and signal is not None:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
        out("core.bulk.rows_written listeners disconnected: the re-evaluation alone, without the refresh queue")
    admin, _ = User.objects.get_or_create(username="bench.hukum", defaults={"full_name": "Bench hukum"})
    Membership.objects.get_or_create(user=admin, role=Role.SYSTEM_ADMIN, region_id=None)
    rule = Rule.objects.get(topic="moratorium", key="middle_east_household")
    if args.full_first:
        measured("full re-evaluation (every open placement), first", lambda: reevaluation.reevaluate(None), open_ids)
    if not args.skip_targeted:
        services.switch_status(admin, rule, RuleStatus.REVOKED, reason="Bench: moratorium dicabut.")
        measured("moratorium revoked, targeted re-evaluation", lambda: reevaluation.reevaluate(rule), open_ids)
        services.switch_status(admin, rule, RuleStatus.DISPUTED, reason="Bench: moratorium kembali diperdebatkan.")
        measured("moratorium disputed again, targeted re-evaluation", lambda: reevaluation.reevaluate(rule), open_ids)
    if args.full_limit:
        first = sorted(open_ids)[:args.full_limit]
        within = Placement.objects.filter(pk__lte=first[-1]).values("pk")
        measured(f"full re-evaluation of the first {len(first):,} open placements",
                 lambda: reevaluation.reevaluate(None, within=within), open_ids)
    elif not args.skip_full:
        measured("full re-evaluation (every open placement)", lambda: reevaluation.reevaluate(None), open_ids)
    out("")


if __name__ == "__main__":
    main()
