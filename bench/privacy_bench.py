"""Privacy benchmarks (issue 19) on PostgreSQL with synthetic data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_privacy .venv/bin/python bench/privacy_bench.py

Prerequisites: `migrate`, `load_regions`, `generate_demo --scale <scale>` on that database.
1. The access file (JSON, and the PDF) of one person given 5 placements, 3 cases and 50 audit entries,
   built 5 times: median and worst.
2. Retention erasing 1,000 people: 1,000 synthetic people are made due (their placements cancelled and their
   cases closed long ago), then `run_retention(dry_run=False, limit=1000)` runs once, timed from the
   nomination query over the whole data set to the last destroyed key.
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
from django.utils import timezone  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "privacy.txt"
lines = []


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
    from privacy.services import access_json, access_pdf, build_access_file

    person = subject_with_history()
    data = build_access_file(person)
    out(f"subject #{person.pk}: sections {[(s['title'], len(s['rows'])) for s in data['sections'] if s['rows']]}, "
        f"processing entries {len(data['processing'])}")
    for name, build in (("access file JSON", access_json), ("access file PDF", access_pdf)):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            build(person)
            times.append(time.perf_counter() - started)
        out(f"{name}: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms (5 runs)")


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


def bench_retention(n=1000):
    from privacy.services import run_retention

    make_due(n)
    started = time.perf_counter()
    report = run_retention(dry_run=False, limit=n)
    seconds = time.perf_counter() - started
    out(f"retention erased {len(report.erased)} people (held {len(report.held)}) in {seconds:.1f} s "
        f"({seconds / max(1, len(report.erased)) * 1000:.0f} ms per person)")


def main():
    from cases.models import Case
    from migrants.models import Placement
    from people.models import Person

    out(f"== privacy bench {timezone.now():%Y-%m-%d %H:%M} UTC, {connection.vendor}, "
        f"{Person.objects.count():,} people, {Placement.objects.count():,} placements, {Case.objects.count():,} cases")
    bench_access_file()
    bench_retention()
    out()
    with RESULTS.open("a") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
