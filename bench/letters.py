"""Benchmark of village letters (issue 6).

1. Time to render one letter PDF (HTML -> WeasyPrint, with QR): median of 50 renders after one warm-up.
2. Letters signed and issued per second on PostgreSQL (issue 22.2: the number is taken when the kepala desa signs;
   signing renders and hashes the PDF), sequentially and with concurrent sessions (threads, each its own
   connection), checking that the numbers form 1..N with no repeat and no gap. Drafting and checking are done
   before the clock starts.

Runs against a scratch PostgreSQL database it creates and drops (BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/payung_bench_letters). Writes bench/results/letters.txt.

    .venv/bin/python bench/letters.py
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/payung_bench_letters")
os.environ["DATABASE_URL"] = PG_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
RENDERS = 50
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
PER_THREAD = int(os.environ.get("BENCH_PER_THREAD", "25"))
SEQUENTIAL = 100


def recreate_database():
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from regions import loader

    loader.load(only="35.05")
    from accounts.models import Membership, Role, User
    from regions.models import Region
    from village_services.models import LetterType
    from village_services.services import copy_default_catalogue

    user = User.objects.create_user("bench.operator", password="x-Bench-12345")
    Membership.objects.create(user=user, role=Role.VILLAGE_OPERATOR, region_id="35.05.10.2002")
    for username, role, name in (("bench.sekdes", Role.VILLAGE_SECRETARY, "Agus Santoso"),
                                 ("bench.kades", Role.VILLAGE_HEAD, "Suprapto")):
        official = User.objects.create_user(username, password="x-Bench-12345", full_name=name)
        Membership.objects.create(user=official, role=role, region_id="35.05.10.2002")
    village = Region.objects.get(code="35.05.10.2002")
    copy_default_catalogue(user, village)
    return user, LetterType.objects.get(village=village, code="izin-keluarga")


def officials():
    from accounts.models import User

    return User.objects.get(username="bench.sekdes"), User.objects.get(username="bench.kades")


def checked(user, letter_type, count):
    from village_services.services import check_letter, draft_letter

    secretary, _head = officials()
    return [check_letter(secretary, draft_letter(user, letter_type, VALUES)) for _ in range(count)]


VALUES = {"nama": "Siti Aminah", "nik": "3505104508900001", "tempat_lahir": "Blitar",
          "tanggal_lahir": "5 Agustus 1990", "jenis_kelamin": "Perempuan", "pekerjaan": "Petani",
          "alamat": "RT 001 RW 002, Dusun Krajan", "tujuan": "Hong Kong", "p3mi": "PT Contoh Jasa Penempatan",
          "nama_keluarga": "Ahmad Basuki", "nik_keluarga": "3505101203650002", "hubungan_keluarga": "Suami"}


def bench_render(user, letter_type):
    from village_services.models import Letter
    from village_services.pdf import render_letter_pdf
    from village_services.services import sign_letter

    letter = sign_letter(officials()[1], checked(user, letter_type, 1)[0])
    letter = Letter.objects.select_related("letterhead").get(pk=letter.pk)
    render_letter_pdf(letter)  # warm-up: fonts, CSS parser
    times = []
    size = 0
    for _ in range(RENDERS):
        start = time.perf_counter()
        pdf = render_letter_pdf(letter)
        times.append((time.perf_counter() - start) * 1000)
        size = len(pdf)
    return statistics.median(times), min(times), max(times), size


def bench_issue(user, letter_type):
    import datetime

    from django.db import connection

    from village_services.models import Letter
    from village_services.services import sign_letters

    head = officials()[1]
    # Sequential baseline, year 2030 (its own counter).
    letters = checked(user, letter_type, SEQUENTIAL)
    start = time.perf_counter()
    sign_letters(head, letters, signed_on=datetime.date(2030, 1, 2))
    sequential_rate = SEQUENTIAL / (time.perf_counter() - start)
    shares = [checked(user, letter_type, PER_THREAD) for _ in range(THREADS)]

    barrier = threading.Barrier(THREADS + 1)
    errors = []

    def operator(share):
        try:
            barrier.wait()
            for outcome in sign_letters(head, share, signed_on=datetime.date(2031, 1, 2)):
                if not outcome.ok:
                    errors.append(outcome.message)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=operator, args=(share,)) for share in shares]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    total = THREADS * PER_THREAD
    seqs = sorted(Letter.objects.filter(year=2031).values_list("seq", flat=True))
    gapless = seqs == list(range(1, total + 1))
    return sequential_rate, total / elapsed, total, gapless, errors


def main():
    recreate_database()
    try:
        user, letter_type = setup()
        median, fastest, slowest, size = bench_render(user, letter_type)
        sequential_rate, concurrent_rate, total, gapless, errors = bench_issue(user, letter_type)
    finally:
        drop_database()
    import weasyprint
    from django.db import connection

    lines = [
        f"letters benchmark — {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPU(s), "
        f"WeasyPrint {weasyprint.__version__}, {connection.vendor}, load average at end "
        f"{os.getloadavg()[0]:.1f} (the machine is shared; figures rise with load)",
        f"PDF render (family-permission letter, F4, QR): median {median:.0f} ms of {RENDERS} "
        f"(min {fastest:.0f}, max {slowest:.0f}), {size / 1024:.0f} KiB — target < 300 ms: "
        f"{'met' if median < 300 else 'NOT met'}",
        f"signing + issuing (number, PDF, hash), one session: {sequential_rate:.1f} letters/s ({SEQUENTIAL} letters)",
        f"signing + issuing, {THREADS} concurrent sessions: {concurrent_rate:.1f} letters/s ({total} letters, one "
        f"(village, type, year) counter; {concurrent_rate / sequential_rate:.2f} x one session); numbers 1..{total} "
        f"without repeat or gap: {'yes' if gapless else 'NO'}" + (f"; errors: {errors[:3]}" if errors else ""),
    ]
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / "letters.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
