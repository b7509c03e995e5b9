"""What telling each row "baru/berubah/tidak berubah" costs the import preview (issue 22.3).

Run after bench/import_placements.py with the same database and file (its rows are then all registered, so the
preview compares every row with what is stored):

    DATABASE_URL=sqlite:////tmp/migrants-bench.sqlite3 BENCH_ROWS=20000 \
        .venv/bin/python bench/import_preview_changes.py

Prints, measured in the same run: the whole preview (`validate`), and inside it the comparison with what is
registered (`changes.mark_changes`; the lookups of known people and placements it uses were made before too)
and the reading table (`changes.readings`), each
as a share of the whole. Appends to bench/results/import_preview_changes.txt.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
FILE = Path(os.environ.get("BENCH_FILE", f"/tmp/payung-import-{ROWS}.xlsx"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "2"))


def main():
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from migrants.imports import changes, validate
    from migrants.imports.cleaning import existing_people, import_checker, match_placements
    from migrants.models import Recruiter
    from people.models import normalise_name

    user = User.objects.get(username="bench")
    data = FILE.read_bytes()
    whole, lookups, compare, table = [], [], [], []
    for _round in range(REPEAT):
        t0 = time.perf_counter()
        preview = validate(data, user, FILE.name)
        whole.append(time.perf_counter() - t0)
        assert preview.ok, (preview.file_errors, preview.errors[:3])
        t0 = time.perf_counter()
        existing = existing_people(preview.rows)
        import_checker(user)
        matched = match_placements(preview.rows, existing)
        recruiters = {normalise_name(n): pk for pk, n in Recruiter.objects.values_list("pk", "name")}
        lookups.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        changes.mark_changes(preview, existing, matched, recruiters)
        compare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        changes.readings(preview)
        table.append(time.perf_counter() - t0)
    best = min(whole)
    lines = [
        f"{datetime.datetime.now():%Y-%m-%d %H:%M} {connection.vendor} rows={ROWS} (all registered: a re-import), "
        f"best of {REPEAT}",
        f"  preview (validate):                         {best:6.1f} s",
        f"  lookups the preview made before 22.3 (in it): {min(lookups):6.1f} s = {min(lookups) / best:.0%}",
        f"  comparing with what is stored (in it):  {min(compare):6.1f} s = {min(compare) / best:.0%} of the preview"
        f" (rows: {preview.rows_new} new, {preview.rows_changed} changed, {preview.rows_unchanged} unchanged)",
        f"  reading table of the first {changes.SHOWN_ROWS} rows (in it): {min(table):6.2f} s = "
        f"{min(table) / best:.1%} of the preview",
        f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / "import_preview_changes.txt"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
