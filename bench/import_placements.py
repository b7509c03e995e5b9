"""Import benchmark: a 100,000-row XLSX of people + placements, validated (preview) and committed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/payung_migrants_bench .venv/bin/python bench/import_placements.py
    DATABASE_URL=sqlite:////tmp/migrants-bench.sqlite3 .venv/bin/python bench/import_placements.py

The database is migrated and Kabupaten Blitar's regions loaded if missing; earlier benchmark rows are removed
first. Figures: time to write the file (not part of the import), time of the preview (validate the file and
keep the checked rows, encrypted, as the screen does), time of the commit (load the preview, re-check what the
database may have changed, write everything), and the peak resident memory of the importing process.
With BENCH_UPDATES=1 it then imports the same file again (every row matched, nothing changed) and once more
with every person and placement changed. Appends to bench/results/import_placements.txt.
"""

import datetime
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
FILE = Path(os.environ.get("BENCH_FILE", f"/tmp/payung-import-{ROWS}.xlsx"))


def make_file():
    """Runs in a child process so its memory does not count against the import."""
    from openpyxl import Workbook

    from migrants.imports import HEADERS

    villages = [line.strip() for line in sys.stdin]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(HEADERS)
    countries = ["HK", "Taiwan", "MY", "Singapura", "KR", "JP"]
    positions = ["housekeeper", "elderly_carer", "factory_operator", "farm_worker", "babysitter"]
    base = datetime.date(1980, 1, 1)
    for i in range(ROWS):
        village = villages[i % len(villages)]
        birth = base + datetime.timedelta(days=(i * 37) % 9000)
        female = i % 3 != 0
        day = birth.day + (40 if female else 0)
        nik = f"{village.replace('.', '')[:6]}{day:02d}{birth.month:02d}{birth.year % 100:02d}{(i // 9000) + 1:04d}"
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 700)
        row = {
            "nik": nik, "no_kk": f"{village.replace('.', '')[:6]}0101{i:06d}", "nama": f"Warga Uji {i}",
            "jenis_kelamin": "P" if female else "L", "tempat_lahir": "Blitar",
            "tanggal_lahir": birth.strftime("%d/%m/%Y") if i % 2 else birth.strftime("%d %B %Y"),
            "kode_desa": village, "dusun": "Krajan", "rt": "001", "rw": "002", "telepon": f"0812{i:08d}",
            "status_perkawinan": "Kawin", "pendidikan": "SMA", "negara_tujuan": countries[i % len(countries)],
            "sektor": "", "jabatan": positions[i % len(positions)], "jenis_pemberi_kerja": "perusahaan",
            "skema": "P to P", "p3mi": "PT Bench Jaya", "nama_pemberi_kerja": f"Employer {i % 500}",
            "mulai_kontrak": start, "akhir_kontrak": (start + datetime.timedelta(days=730)).strftime("%d-%m-%Y"),
            "tanggal_berangkat": start - datetime.timedelta(days=3), "status": "bekerja",
            "id_siskop2mi": f"B{i:07d}", "perekrut": f"Sponsor Uji {i % 300}",
            "kontak_keluarga_nama": f"Keluarga Uji {i}", "kontak_keluarga_hubungan": ("Suami", "Ibu", "Anak")[i % 3],
            "kontak_keluarga_telepon": f"0813{i:08d}",
        }
        ws.append([row.get(h, "") for h in HEADERS])
    wb.save(FILE)


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, skip_checks=True)
    from regions.models import Region

    if not Region.objects.filter(code="35.05").exists():
        call_command("load_regions", only="35.05", verbosity=0, skip_checks=True)
    from accounts.models import User
    from migrants.imports import commit, load_preview, save_preview, validate
    from migrants.models import Agency, Placement
    from migrants.models.agencies import recruiter_ids_by_name
    from people.models import Person

    user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    # Remove earlier benchmark rows with plain SQL (the ORM would load them all and spoil the memory figure). Names
    # and IDs are sealed (issue 19.3): the rows are the bench user's.
    mine = "SELECT id FROM people_person WHERE created_by_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM migrants_historicalplacement WHERE person_id IN ({mine})", [user.pk])
        cursor.execute("DELETE FROM migrants_placementdocument WHERE placement_id IN "
                       "(SELECT id FROM migrants_placement WHERE created_by_id = %s)", [user.pk])
        cursor.execute("DELETE FROM migrants_placement WHERE created_by_id = %s", [user.pk])
        # The recruiters the file names, by their keyed name hash (the names are sealed too).
        recruiters = list(recruiter_ids_by_name([f"Sponsor Uji {n}" for n in range(300)]).values())
        cursor.execute("DELETE FROM migrants_historicalrecruiter WHERE id = ANY(%s)", [recruiters])
        cursor.execute("DELETE FROM migrants_recruiter WHERE id = ANY(%s)", [recruiters])
        cursor.execute("DELETE FROM core_datakey WHERE subject_type = 'migrants.recruiter' AND subject_id = ANY(%s)",
                       [[str(pk) for pk in recruiters]])
        cursor.execute(f"DELETE FROM people_historicalfamilycontact WHERE person_id IN ({mine})", [user.pk])
        cursor.execute(f"DELETE FROM people_familycontact WHERE person_id IN ({mine})", [user.pk])
        cursor.execute(f"DELETE FROM people_historicalperson WHERE id IN ({mine})", [user.pk])
        cursor.execute("DELETE FROM core_datakey WHERE subject_type = 'people.person' AND subject_id IN "
                       "(SELECT CAST(id AS TEXT) FROM people_person WHERE created_by_id = %s)", [user.pk])
        cursor.execute("DELETE FROM people_person WHERE created_by_id = %s", [user.pk])
    Agency.objects.get_or_create(name="PT Bench Jaya", defaults={
        "licence_number": "SIP/BENCH", "licence_valid_from": datetime.date(2020, 1, 1),
        "licence_valid_until": datetime.date(2030, 1, 1)})
    villages = list(Region.objects.filter(level=4, code__startswith="35.05.").values_list("code", flat=True))

    if not FILE.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--make-file"], input="\n".join(villages), text=True, check=True)
        made = time.perf_counter() - t0
    else:
        made = None
    data = FILE.read_bytes()

    # What the screen does: the upload request validates and keeps the preview (encrypted); the confirm
    # request loads it, re-checks what the database may have changed, and writes.
    path = Path(f"/tmp/payung-import-preview-{os.getpid()}")
    t0 = time.perf_counter()
    preview = validate(data, user, FILE.name, keep_rows=True)
    save_preview(preview, path)
    t_validate = time.perf_counter() - t0
    assert preview.ok, (preview.file_errors, preview.errors[:5])
    rss_after_validate = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del preview

    t0 = time.perf_counter()
    result = commit(load_preview(path), user, FILE.name)
    t_commit = time.perf_counter() - t0
    path.unlink()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    people = Person.objects.filter(created_by=user).count()
    placements = Placement.objects.filter(created_by=user).count()
    from core.models import DataKey

    keys = DataKey.objects.filter(subject_type="people.person").count()

    lines = [
        f"{datetime.datetime.now():%Y-%m-%d %H:%M} {connection.vendor} rows={ROWS} file={len(data) / 1048576:.1f} MB"
        + (f" (written in {made:.1f} s)" if made else ""),
        f"  preview (validate + keep encrypted):   {t_validate:6.1f} s, peak RSS so far {rss_after_validate:.0f} MB",
        f"  commit (load + re-check + write all):  {t_commit:6.1f} s",
        f"  preview + commit:                      {t_validate + t_commit:6.1f} s",
        f"  peak RSS of the importing process:     {peak:.0f} MB",
        f"  written: {people} people (+history), {placements} placements (+history); "
        f"counted {result.people_create} new people, {result.placements_create} new placements; "
        f"{keys} data keys",
    ]
    if os.environ.get("BENCH_UPDATES"):
        # A village re-uploading its whole list: the same file again, then every row changed.
        t0 = time.perf_counter()
        again = validate(data, user, FILE.name)
        t_validate = time.perf_counter() - t0
        t0 = time.perf_counter()
        commit(again, user, FILE.name)
        t_same = time.perf_counter() - t0
        for row in again.rows:
            row.employer_name = f"{row.employer_name} Ltd"
            row.dusun = "Krajan Lor"
        t0 = time.perf_counter()
        commit(again, user, FILE.name)
        t_changed = time.perf_counter() - t0
        lines += [
            f"  updates: validate again {t_validate:.1f} s; commit of the same file (nothing changed) {t_same:.1f} s; "
            f"commit with every person and placement changed {t_changed:.1f} s",
            f"  peak RSS of the importing process with updates: "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"]
    lines.append(f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / "import_placements.txt"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if "--make-file" in sys.argv:
        import django

        django.setup()
        make_file()
    else:
        main()
