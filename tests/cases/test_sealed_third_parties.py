"""The recruiter (sponsor, calo) and employer a case names are ciphertext like the case's other personal values (issue
19 point 3): sealed under the registered worker's data key, else the case's own key, live and history rows alike. The
case search finds the recruiter by keyed word-prefix hashes; erasing the worker leaves nothing readable, and a copy of
the raw rows taken before opens to nothing. The agency (P3MI, a licensed company) stays plain."""

import importlib
from functools import partial
from types import SimpleNamespace

import pytest
from django.db import connection

from cases.models import Case
from cases.models.case import recruiter_index
from privacy.services import erase_person
from tests.privacy import rawrows
from tests.privacy.rawrows import all_sealed, key_kinds
from tests.privacy.rawrows import opened_all as opened

pytestmark = pytest.mark.django_db

RECRUITER, EMPLOYER = "Pak Darmaji Sponsor", "Madam Chan Siu Wai"
SECRETS = [RECRUITER, "Darmaji", EMPLOYER, "Siu Wai"]
SEALED = [
    ("cases_case", "id", ["recruiter_name", "employer_name"]),
    ("cases_historicalcase", "id", ["recruiter_name", "employer_name"]),
]
raw_values = partial(rawrows.raw_values, SEALED)
raw_cells = partial(rawrows.raw_cells, SEALED)


def clear_of(cells):
    return [s for s in SECRETS if any(s.lower() in c.lower() for c in cells)]


def search(api, q):
    return sorted(r["id"] for r in api.get("/api/v1/cases/", {"q": q}).json()["results"])


@pytest.fixture
def case(make_case, jatinom_operator):
    """A complaint about a worker not in the registry naming the sponsor and the employer."""
    return make_case(jatinom_operator, worker_name="Dewi Kartika", recruiter_name=RECRUITER, employer_name=EMPLOYER,
                     agency_name="PT Maju Jaya")


def test_the_recruiter_and_employer_are_stored_only_as_ciphertext_under_the_cases_key(case):
    stored = raw_values(case.pk)

    assert set(stored) == {(t, c) for t, _k, columns in SEALED for c in columns}
    assert all_sealed(stored) and key_kinds(stored) == {"cases.case"}
    assert opened(stored) == {RECRUITER, EMPLOYER}
    assert clear_of(raw_cells(case.pk)) == []  # the recruiter's index holds keyed hashes only
    with connection.cursor() as cursor:
        cursor.execute("SELECT agency_name FROM cases_case WHERE id = %s", [case.pk])
        assert cursor.fetchone() == ("PT Maju Jaya",)  # a licensed company: public business data, plain
        cursor.execute("SELECT changes FROM audit_auditentry WHERE object_type = 'cases.case' AND object_id = %s",
                       [str(case.pk)])
        assert clear_of([str(row[0]) for row in cursor.fetchall()]) == []
    row = Case.objects.get(pk=case.pk)
    assert (row.recruiter_name, row.employer_name) == (RECRUITER, EMPLOYER)


def test_a_case_of_a_registered_worker_seals_them_under_the_workers_key(case, make_person):
    worker = make_person(name="Dewi Kartika")
    row = Case.objects.get(pk=case.pk)
    row.person = worker
    row.save()

    live = {k: v for k, v in raw_values(case.pk).items() if k[0] == "cases_case"}
    assert all_sealed(live) and key_kinds(live) == {"people.person"}
    assert opened(live) == {RECRUITER, EMPLOYER}


def test_the_search_finds_the_recruiter_by_word_prefixes_and_the_case_page_shows_both(
        case, jatinom_operator, api_client_for, client_for):
    api = api_client_for(jatinom_operator)

    assert search(api, "darmaj") == search(api, "pak darm") == search(api, "SPONSOR") == [case.pk]
    assert search(api, "armaji") == search(api, "chan") == []  # word starts only; the employer is not searched
    page = client_for(jatinom_operator).get(f"/kasus/{case.pk}/").content.decode()
    assert RECRUITER in page and EMPLOYER in page


def test_erasing_the_worker_leaves_no_readable_recruiter_or_employer_and_a_backup_opens_to_nothing(
        case, make_person, jatinom_operator, api_client_for):
    backup = raw_values(case.pk)  # under the case's own key: the worker was not registered yet
    worker = make_person(name="Dewi Kartika")
    row = Case.objects.get(pk=case.pk)
    row.person, row.status = worker, "closed"  # registered later and linked; then the case ends (no legal hold)
    row.save()
    backup_after_link = raw_values(case.pk)

    erase_person(jatinom_operator, worker)

    assert opened(backup) == opened(backup_after_link) == {None}
    assert clear_of(raw_cells(case.pk)) == []
    row = Case.objects.get(pk=case.pk)
    assert (row.recruiter_name, row.employer_name, row.recruiter_index, row.agency_name) == (
        "", "", "", "PT Maju Jaya")
    assert search(api_client_for(jatinom_operator), "darmaji") == []


# --- The data migration ----------------------------------------------------------------------------------------

cases_0012 = importlib.import_module("cases.migrations.0012_seal_recruiter_employer")
EDITOR = SimpleNamespace(connection=connection)


def test_the_migration_seals_stored_names_fills_the_index_and_a_second_run_writes_nothing(
        case, make_case, make_person, jatinom_operator):
    worker = make_person(name="Warsini")
    linked = make_case(jatinom_operator, worker_name="Warsini", person=worker)
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_historicalcase"):
            cursor.execute(f"UPDATE {table} SET recruiter_name = %s, employer_name = %s WHERE id IN (%s, %s)",
                           [RECRUITER, EMPLOYER, case.pk, linked.pk])
        cursor.execute("UPDATE cases_case SET recruiter_index = '' WHERE id IN (%s, %s)", [case.pk, linked.pk])

    cases_0012.seal(None, EDITOR)

    assert all_sealed(raw_values(case.pk)) and key_kinds(raw_values(case.pk)) == {"cases.case"}
    assert all_sealed(raw_values(linked.pk)) and key_kinds(raw_values(linked.pk)) == {"people.person"}
    for pk in (case.pk, linked.pk):
        assert opened(raw_values(pk)) == {RECRUITER, EMPLOYER}
        row = Case.objects.get(pk=pk)
        assert (row.recruiter_name, row.employer_name, row.recruiter_index) == (
            RECRUITER, EMPLOYER, recruiter_index(RECRUITER))

    before = [raw_values(case.pk), raw_values(linked.pk)]
    cases_0012.seal(None, EDITOR)
    assert [raw_values(case.pk), raw_values(linked.pk)] == before
