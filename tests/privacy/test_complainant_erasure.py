"""A case's complainant is text, not a registered person (issue 19 points 2 and 3): the access file lists the cases a
person filed as the complainant (found by the complainant phone's keyed hash, or the same whole name in the same
village), an open one holds their erasure, and erasing them pseudonymises the complainant and blanks their contact
data, live and history. The key the case was sealed under (its own, or the registered worker's) is replaced by a
new one and the old one destroyed, so a copy taken before opens to nothing, while the worker's data stays readable and
the statistics stay."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from cases.models import Case, Consent
from cases.models.case import case_search_q
from cases.services import intake_case
from privacy import services
from tests.conftest import GOGODESO, JATINOM
from tests.privacy import rawrows

pytestmark = pytest.mark.django_db

NAME, PHONE = "Sri Wahyuningsih", "+6281255667788"
WORKER = "Dewi Kartika Sari"
COMPLAINANT_COLUMNS = ["complainant_name", "complainant_phone", "complainant_email", "complainant_address"]
SEALED = [("cases_case", "id", [*COMPLAINANT_COLUMNS, "worker_name", "description"]),
          ("cases_historicalcase", "id", [*COMPLAINANT_COLUMNS, "worker_name", "description"]),
          ("cases_consent", "case_id", ["given_by"])]
raw_values = partial(rawrows.raw_values, SEALED)
opened = rawrows.opened


@pytest.fixture
def complainant(make_person):
    return make_person(name=NAME, phone=PHONE, village=JATINOM)


def filed(operator, *, phone="0812-5566-7788", name=NAME, village=JATINOM, status="closed", **extra):
    case = intake_case(operator, village=village, category="unpaid_wages", description="Gaji Dewi belum dibayar.",
                       worker_name=WORKER, complainant_name=name, complainant_phone=phone,
                       complainant_email="sri@contoh.id", complainant_address="Dusun Krajan RT 1",
                       complainant_relation="ibu", consent_process=True, consent_given_by=name, **extra)
    case.status = status
    case.save()
    return Case.objects.get(pk=case.pk)


def test_the_access_file_lists_cases_filed_as_complainant_by_phone_or_by_name_in_the_village(
        complainant, jatinom_operator, gogodeso_operator):
    by_phone = filed(jatinom_operator, name="Bu Sri")
    by_name = filed(jatinom_operator, phone="081300001111", name="sri  WAHYUNINGSIH")
    filed(gogodeso_operator, phone="081300002222", village=GOGODESO)  # the same name elsewhere: someone else
    filed(jatinom_operator, phone="081300003333", name="Sri Wahyuni")  # another name

    sections = {s["title"]: s["rows"] for s in services.build_access_file(complainant)["sections"]}
    rows = sections["Kasus yang diadukan warga"]
    assert [r["Nomor"] for r in rows] == [by_phone.reference, by_name.reference]
    assert rows[0]["Telepon pengadu"] == "0812-5566-7788" and rows[1]["Pengadu"] == "sri  WAHYUNINGSIH"


def test_an_open_case_they_filed_holds_their_erasure(complainant, jatinom_operator):
    case = filed(jatinom_operator, status="received")
    with pytest.raises(ValidationError, match=case.reference):
        services.erase_person(jatinom_operator, complainant)


def test_erasing_the_complainant_of_a_case_about_someone_unregistered_leaves_no_readable_copy(
        complainant, jatinom_operator):
    case = filed(jatinom_operator)
    backup = raw_values(case.pk)
    assert {opened(v) for v in backup[("cases_case", "complainant_name")]} == {NAME}

    erasure = services.erase_person(jatinom_operator, complainant)

    assert {opened(v) for values in backup.values() for v in values} == {None}
    now = Case.objects.get(pk=case.pk)
    assert (now.complainant_name, now.complainant_phone, now.complainant_email, now.complainant_address,
            now.complainant_relation, now.phone_hash, now.phone_last4) == (erasure.pseudonym, "", "", "", "", "", "")
    assert (now.worker_name, now.description, now.status, now.category) == (
        WORKER, "Gaji Dewi belum dibayar.", "closed", "unpaid_wages")
    assert {h.complainant_name for h in now.history.all()} == {erasure.pseudonym}
    assert {h.complainant_phone for h in now.history.all()} == {""}
    assert Consent.objects.get(case=case).given_by == erasure.pseudonym
    # The case's own audit trail was sealed again under its new key: still readable, not erased.
    trail = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert trail.exists() and [e.object_repr for e in trail if e.erased or not e.object_repr] == []
    assert list(Case.objects.filter(case_search_q("dewi kartika")).values_list("pk", flat=True)) == [case.pk]
    assert not Case.objects.filter(case_search_q("wahyuningsih")).exists()
    assert [o for values in raw_values(case.pk).values() for o in map(opened, values) if o and NAME in o] == []


def test_erasing_the_complainant_of_a_registered_workers_case_keeps_the_worker(
        complainant, make_person, jatinom_operator):
    worker = make_person(name=WORKER, phone="+6281377788899", address="Jl. Mawar 7")
    case = filed(jatinom_operator, phone="081300001111", person=worker)
    backup = raw_values(case.pk)  # sealed under the worker's key, which the worker keeps

    erasure = services.erase_person(jatinom_operator, complainant)

    # The worker's key was replaced: the copy opens to nothing, the worker's records stay readable.
    assert {opened(v) for values in backup.values() for v in values} == {None}
    now = Case.objects.get(pk=case.pk)
    assert (now.person_id, now.worker_name, now.complainant_name, now.complainant_phone) == (
        worker.pk, WORKER, erasure.pseudonym, "")
    worker = type(worker).objects.get(pk=worker.pk)
    assert (worker.name, worker.phone, worker.address) == (WORKER, "+6281377788899", "Jl. Mawar 7")
    trail = AuditEntry.objects.filter(object_type__in=["cases.case", "people.person"],
                                      object_id__in=[str(case.pk), str(worker.pk)])
    assert trail.exists() and [e.pk for e in trail if e.erased] == []
    assert {h.complainant_name for h in now.history.all()} == {erasure.pseudonym}
    live = raw_values(case.pk)
    assert [o for values in live.values() for o in map(opened, values) if o and ("Sri" in o or "5566" in o)] == []
