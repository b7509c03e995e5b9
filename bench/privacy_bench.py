"""Privacy benchmarks (issue 19) on PostgreSQL with synthetic data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_privacy .venv/bin/python bench/privacy_bench.py

Prerequisites: `migrate`, `load_regions`, `generate_demo --scale <scale>` on that database.
1. The access file (JSON, and the PDF) of one person given 5 placements, 3 cases and 50 audit entries,
   built 5 times: median and worst.
2. Retention erasing 1,000 people: 1,000 synthetic people are made due (their placements cancelled and their
   cases closed long ago), then `run_retention(dry_run=False, limit=1000)` runs once, timed from the
   nomination query over the whole data set to the last destroyed key.
Every figure is printed with the load average at that moment (the machine is shared) and beside a baseline
measured in the same run: for the access file, a one-paragraph PDF and a trivial query (what the machine gives
right now); for retention, erasing 20 people one at a time (`erase_person`) against the batch path.
Wall time and this process's CPU time are both shown (the database's CPU is in the wall time only), and for
erasure the SQL statements sent (each one a round trip: on a loaded machine each costs milliseconds).
Results are appended to bench/results/privacy.txt.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "privacy.txt"
lines = []


def load():
    return "load " + " ".join(open("/proc/loadavg").read().split()[:3])


def timed(build, runs=5):
    """(median wall s, worst wall s, median CPU s) of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        build()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def out(line=""):
    print(line, flush=True)
    lines.append(line)


def subject_with_history():
    """A synthetic person given 5 placements, 3 cases and 50 audit entries (added here when missing)."""
    from audit.models import Action
    from audit.services import record
    from cases.services import intake_case
    from migrants.models import Placement
    from people.models import Person

    person = Person.objects.order_by("pk").first()
    for _n in range(5 - Placement.objects.filter(person=person).count()):
        Placement.objects.create(person=person, village_id=person.village_id, status="returned",
                                 destination_country="HK", sector="domestic")
    for _n in range(3 - person.cases.count()):
        intake_case(None, village=person.village_id, category="unpaid_wages", description="Gaji belum dibayar.",
                    person=person, worker_name=person.name, complainant_name="Keluarga")
    from audit.models import AuditEntry

    have = AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)).count()
    for _n in range(max(0, 50 - have)):
        record(None, Action.READ, person, note="bench")
    return person


def bench_access_file():
    from core.pdf import render_pdf
    from privacy.services import access_json, access_pdf, build_access_file

    person = subject_with_history()
    data = build_access_file(person)
    out(f"subject #{person.pk}: sections {[(s['title'], len(s['rows'])) for s in data['sections'] if s['rows']]}, "
        f"processing entries {len(data['processing'])}")
    access_pdf(person)  # warm-up: fonts, templates, data keys

    def query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    base_sql = timed(query, 20)
    base_pdf = timed(lambda: render_pdf("<p>Surat</p>"), 5)
    out(f"baseline: SELECT 1 median {base_sql[0] * 1000:.1f} ms; one-paragraph PDF median {base_pdf[0] * 1000:.0f} ms "
        f"(CPU {base_pdf[2] * 1000:.0f} ms); {load()}")
    for name, build in (("access file JSON", access_json), ("access file PDF", access_pdf)):
        wall, worst, cpu = timed(lambda b=build: b(person))
        out(f"{name}: median {wall * 1000:.0f} ms, worst {worst * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms (5 runs; "
            f"{wall / base_pdf[0]:.1f}x the one-paragraph PDF); target < 2000 ms: "
            f"{'OK' if wall < 2 else 'OVER'}; {load()}")


def make_due(n):
    """n synthetic people made due for retention (bench setup: rows rewritten directly)."""
    from cases.models import Case
    from migrants.models import Placement
    from people.models import Person

    long_ago = timezone.now() - timedelta(days=365 * 6)
    from privacy.models import Erasure

    erased = Erasure.objects.values_list("person_id_erased", flat=True)
    ids = list(Person.objects.exclude(pk__in=erased).order_by("-pk").values_list("pk", flat=True)[:n])
    Placement.objects.filter(person_id__in=ids).update(status="cancelled", updated_at=long_ago)
    Case.objects.filter(person_id__in=ids).update(status="closed", updated_at=long_ago)
    return ids


def bench_retention(n=1000, singles=20):
    from people.models import Person
    from privacy.services import erase_person, run_retention

    ids = make_due(n + singles)
    from django.core.exceptions import ValidationError

    started, cpu, erased = time.perf_counter(), time.process_time(), 0
    with CaptureQueriesContext(connection) as statements:
        for person in Person.objects.filter(pk__in=ids[-singles:]):
            try:
                erase_person(None, person, reason="retention:bench-single")
                erased += 1
            except ValidationError:  # a legal hold (pending claim): not counted
                pass
    single = (time.perf_counter() - started) / max(1, erased)
    out(f"baseline: {erased} people erased one at a time (erase_person): {single * 1000:.0f} ms per person, CPU "
        f"{(time.process_time() - cpu) * 1000 / max(1, erased):.0f} ms, {len(statements) / max(1, erased):.0f} "
        f"statements per person; {load()}")
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as statements:
        report = run_retention(dry_run=True, limit=n)
    out(f"retention dry run: {len(report.erased)} people due in {time.perf_counter() - started:.1f} s (CPU "
        f"{time.process_time() - cpu:.1f} s, {len(statements)} statements); {load()}")
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as statements:
        report = run_retention(dry_run=False, limit=n)
    seconds = time.perf_counter() - started
    per = seconds / max(1, len(report.erased))
    out(f"retention erased {len(report.erased)} people (held {len(report.held)}) in {seconds:.1f} s "
        f"({per * 1000:.0f} ms per person, {single / per:.1f}x faster than one at a time; CPU "
        f"{time.process_time() - cpu:.1f} s, {len(statements)} statements); target < 60 s: "
        f"{'OK' if seconds < 60 else 'OVER'}; {load()}")


def main():
    from cases.models import Case
    from migrants.models import Placement
    from people.models import Person

    out(f"== privacy bench {timezone.now():%Y-%m-%d %H:%M} UTC, {connection.vendor}, "
        f"{Person.objects.count():,} people, {Placement.objects.count():,} placements, {Case.objects.count():,} cases; "
        f"{load()}")
    bench_access_file()
    bench_retention()
    out()
    with RESULTS.open("a") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
