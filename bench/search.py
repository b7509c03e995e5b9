"""Nationwide search benchmark (issue 19 point 3): the placement, case and people list searches of a national officer
on the national data set, the keyed-hash searches as they are (core.filters.any_of over indexed id sets, GIN on the
digest indexes) against the shapes they replace (one OR across the join, LIKE '%digest%' per digest), same
database, same run.

    createdb -h 127.0.0.1 -U postgres -T payung_nat search_nat
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_nat .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_nat .venv/bin/python bench/search.py

WRITES to the database (use a clone): a national officer, 1,000 placements given an employer "Tan Ah Kow Trading n"
(employer_name and employer_index), one passport number and one receipt number on one placement, so that the
employer, document and receipt searches have something to find (the generator leaves them blank), and the name
index digests of "Siti" added to every 20th person: a common first name as real data has (5 %; the generator names
everyone "Warga Sintetis n", so "warga" matches all).

Each figure is one list page's database work as the list view does it, rows not loaded: the capped count
(core.filters.CappedPaginator: at most 10,001 rows) and the newest 25 ids. "before" is the list as it was: the
placement list capped, the case and people lists with a full count (Django's Paginator, until d8a467a).
Each is run twice (cold, then warm); `before` runs under a statement timeout
(BENCH_BEFORE_TIMEOUT seconds, default 120) and reads "> n s" when cut. Appends to bench/results/search.txt.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
BEFORE_TIMEOUT = int(os.environ.get("BENCH_BEFORE_TIMEOUT", "120"))
EMPLOYERS = 1000
PASSPORT, RECEIPT = "C7788123", "KW-2026-00451"


# --- The searches as they were before (main at 5e43909), kept here as the baseline --------------------------------

def old_name_q(text, prefix=""):
    from django.db.models import Q

    from core.blindindex import prefix_query
    from people.models import normalise_name

    digests = prefix_query(normalise_name(text).split(), "name")
    if not digests:
        return None
    q = Q()
    for digest in digests:
        q &= Q(**{f"{prefix}name_index__contains": digest})
    return q


def old_employer_q(text):
    from django.db.models import Q

    from core.blindindex import prefix_query
    from migrants.models.placement import employer_words

    digests = prefix_query(employer_words(text), "employer")
    if not digests:
        return None
    q = Q()
    for digest in digests:
        q &= Q(employer_index__contains=digest)
    return q


def old_placement_search(qs, value):
    from django.db.models import Q

    from migrants.models import CostItem, PlacementDocument, national_ref_hash, record_number_hash
    from people.models import digits_hash
    from people.nik import clean_nik

    q = value.strip()
    digits = clean_nik(q)
    if digits.isdigit() and len(digits) == 16:
        return qs.filter(person__nik_hash=digits_hash(digits))
    number = record_number_hash(q)
    match = (Q(national_id_ref_hash=national_ref_hash(q))
             | Q(pk__in=PlacementDocument.objects.filter(number_hash=number).values("placement_id"))
             | Q(pk__in=CostItem.objects.filter(receipt_hash=number).values("placement_id")))
    for words in (old_name_q(q, "person__"), old_employer_q(q)):
        if words is not None:
            match |= words
    return qs.filter(match)


def old_case_search(qs, value):
    from django.db.models import Q

    from cases.models.case import phone_tail_hash

    q = value.strip()
    number = q.upper().removeprefix("K-")
    match = (Q(tracking_code__iexact=q) | Q(agency_name__icontains=q) | Q(recruiter_name__icontains=q)
             | Q(ministry_ticket__iexact=q))
    if number.isdigit() and len(number) < 18:
        match |= Q(pk=int(number))
    phone = phone_tail_hash(q) if sum(ch.isdigit() for ch in q) >= 8 else ""
    if phone:
        match |= Q(phone_hash=phone)
    named = old_name_q(q)
    return qs.filter(match | named if named is not None else match)


def old_person_search(qs, value):
    from django.db.models import Q

    from people.models import digits_hash, phone_hash
    from people.nik import clean_nik
    from people.phone import phone_or_blank

    q = value.strip()
    digits = clean_nik(q)
    if digits.isdigit() and len(digits) == 16:
        return qs.filter(Q(nik_hash=digits_hash(digits)) | Q(kk_hash=digits_hash(digits)))
    match = Q(dusun__icontains=q)
    phone = phone_or_blank(q)
    if phone:
        match |= Q(phone_hash=phone_hash(phone))
    named = old_name_q(q)
    return qs.filter(match | named if named is not None else match)


# --- Setup and measurement ----------------------------------------------------------------------------------------

def _load():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def officer():
    from accounts.models import Membership, Role, User

    user, _ = User.objects.get_or_create(username="bench.search.nasional")
    Membership.objects.get_or_create(user=user, role=Role.NATIONAL_OFFICER, region=None)
    return user


def give_records():
    """Employers on 1,000 placements, a passport and a receipt number on one: what the searches look for."""
    from django.db import connection

    from core.blindindex import prefix_digests
    from migrants.models import CostItem, Placement, PlacementDocument
    from migrants.models.placement import employer_index

    if Placement.objects.filter(employer_index__contains=employer_index("Tan")[:16]).exists():
        return Placement.objects.filter(pk__in=PlacementDocument.objects.filter(kind="passport", number_hash__gt="")
                                        .values("placement_id")).first()
    ids = list(Placement.objects.order_by("pk").values_list("pk", flat=True)[::1050][:EMPLOYERS])
    with connection.cursor() as cursor:
        for i, pk in enumerate(ids):
            name = f"Tan Ah Kow Trading {i}"
            # Plain text as the generator writes it; save() would seal it (not what the search reads).
            cursor.execute("UPDATE migrants_placement SET employer_name = %s, employer_index = %s WHERE id = %s",
                           [name, employer_index(name), pk])
    # A common first name as real data has (every 20th person, 5 %): the generator's names are all "Warga Sintetis n".
    cursor_sql = ("UPDATE people_person SET name_index = name_index || ' ' || %s WHERE id %% 20 = 0")
    with connection.cursor() as cursor:
        cursor.execute(cursor_sql, [prefix_digests(["siti"], "name")])
        # What autovacuum does after such writes: statistics, and the visibility map index-only scans rely on.
        cursor.execute("VACUUM (ANALYZE) people_person")
        cursor.execute("VACUUM (ANALYZE) migrants_placement")
    placement = Placement.objects.get(pk=ids[len(ids) // 2])
    PlacementDocument.objects.create(placement=placement, kind="passport", number=PASSPORT)
    CostItem.objects.create(placement=placement, component="agency_fee", amount=12_000_000, collected_by="agency",
                            receipt_number=RECEIPT)
    return placement


def page_work(qs, capped):
    """The list page's queries: the (capped) count and the newest 25 ids."""
    count = qs[:10_001].count() if capped else qs.count()
    ids = list(qs.values_list("pk", flat=True)[:25])
    return count, ids


def timed(make_qs, capped, timeout=None):
    """Seconds for building the filtered list (the search's own id queries run then) and its page's queries."""
    from django.db import OperationalError, connection, transaction

    try:
        with transaction.atomic():
            if timeout:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = '{timeout}s'")
            start = time.perf_counter()
            result = page_work(make_qs(), capped)
            return time.perf_counter() - start, result
    except OperationalError as exc:
        if "statement timeout" not in str(exc):
            raise
        return None, None


def fmt(seconds, timeout=None):
    if seconds is None:
        return f"> {timeout} s"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory

    from cases.filters import CaseFilter
    from cases.models import Case
    from migrants.filters import PlacementFilter
    from migrants.models import Placement
    from people.filters import PersonFilter
    from people.models import Person

    user = officer()
    request = RequestFactory().get("/")
    request.user = user
    placement = give_records()
    person = Person.objects.get(pk=placement.person_id)
    some_case = Case.objects.order_by("-pk").first()
    placements = Placement.objects.visible_to(user)
    # As people.views.filtered_people reads it: newest first.
    people = Person.objects.visible_to(user).order_by("-created_at", "-id")
    cases = Case.objects.visible_to(user)
    number = str(person.name).split()[-1]
    checks = [
        ("placements", "nothing", "madam chan", True, PlacementFilter, placements, old_placement_search),
        ("placements", "nothing (a number)", "C1234567", True, PlacementFilter, placements, old_placement_search),
        ("placements", "common name prefix (every person)", "warga", True, PlacementFilter, placements,
         old_placement_search),
        ("placements", "common first name (5 %)", "siti", True, PlacementFilter, placements,
         old_placement_search),
        ("placements", "name word prefix (few)", number[:5], True, PlacementFilter, placements,
         old_placement_search),
        ("placements", "employer word (1,000)", "kow", True, PlacementFilter, placements, old_placement_search),
        ("placements", "whole NIK", person.nik, True, PlacementFilter, placements, old_placement_search),
        ("placements", "document number", PASSPORT.lower(), True, PlacementFilter, placements,
         old_placement_search),
        ("placements", "receipt number", RECEIPT, True, PlacementFilter, placements, old_placement_search),
        ("cases", "nothing", "madam chan", False, CaseFilter, cases, old_case_search),
        ("cases", "common name prefix (every case)", "pekerja", False, CaseFilter, cases, old_case_search),
        ("cases", "name word prefix (few)", "12345", False, CaseFilter, cases, old_case_search),
        ("cases", "tracking code", some_case.tracking_code.lower(), False, CaseFilter, cases, old_case_search),
        ("people", "nothing", "madam chan", False, PersonFilter, people, old_person_search),
        ("people", "common name prefix (every person)", "warga", False, PersonFilter, people, old_person_search),
        ("people", "common first name (5 %)", "siti", False, PersonFilter, people, old_person_search),
        ("people", "name word prefix (few)", number[:5], False, PersonFilter, people, old_person_search),
        ("people", "whole NIK", person.nik, False, PersonFilter, people, old_person_search),
    ]
    only = os.environ.get("BENCH_ONLY")
    lines = [f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} bench/search.py on "
             f"{connection.settings_dict['NAME']}: {Placement.objects.count():,} placements, "
             f"{Person.objects.count():,} people, {Case.objects.count():,} cases; national officer; "
             f"cpus={os.cpu_count()}, load average {_load()}"]
    print(lines[0], flush=True)
    for listed, what, text, capped, filterset, qs, old in checks:
        if only and only not in listed:
            continue
        shown = "(the NIK)" if what == "whole NIK" else repr(text)
        def new(filterset=filterset, qs=qs, text=text):
            return filterset({"q": text}, queryset=qs, request=request).qs

        def was(old=old, qs=qs, text=text):
            return old(qs, text)

        after = [timed(new, True) for _ in range(2)]
        before = [timed(was, capped, BEFORE_TIMEOUT)]
        if before[0][0] is not None and before[0][0] < 30:
            before.append(timed(was, capped, BEFORE_TIMEOUT))
        # The rows must be the same; a full count is the same as a capped one up to the cap.
        same = all(result[1] == after[0][1][1] and min(result[0], 10_001) == after[0][1][0]
                   for _s, result in before if result is not None)
        count = after[0][1][0]
        line = (f"  {listed} search, {what} {shown}: {count:,}{'+' if count > 10_000 else ''} rows; "
                f"after {' / '.join(fmt(s) for s, _r in after)}; "
                f"before {' / '.join(fmt(s, BEFORE_TIMEOUT) for s, _r in before)}"
                f"{'' if same else ' (DIFFERENT ROWS)'}; load {_load()}")
        print(line, flush=True)
        lines.append(line)
    with open(ROOT / "bench" / "results" / "search.txt", "a") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
