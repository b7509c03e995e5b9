"""The synthetic data set is written as the application writes it (issue 19.3): every generated person and case
has its own data key, the names are sealed under it, the keyed search hashes are filled, and erasing a person
leaves nothing readable in the raw row."""

import io

import pytest

from reports import synthetic
from tests.privacy.rawrows import opened, raw_values


@pytest.fixture
def generated(regions):
    synthetic.generate(io.StringIO(), people=30, cases=6, claims=2, programs=2, seed=7)


def test_generated_people_are_sealed_under_their_own_keys_and_found_by_name(generated):
    from core.models import DataKey
    from people.models import Person

    people = list(Person.objects.order_by("id"))
    assert len(people) == 30
    keys = DataKey.objects.filter(subject_type="people.person", destroyed_at__isnull=True)
    assert sorted(int(k) for k in keys.values_list("subject_id", flat=True)) == [p.id for p in people]
    first = people[0]
    stored = raw_values([("people_person", "id", ["name", "nik"])], first.id)
    assert opened(stored[("people_person", "name")][0]) == f"Warga Sintetis {first.id}"
    assert first.name == f"Warga Sintetis {first.id}"
    assert list(Person.objects.named(f"sintetis {first.id}").values_list("id", flat=True)) == [first.id]


def test_generated_cases_are_sealed_under_the_case_key_and_found_by_worker_name(generated):
    from cases.models import Case
    from core.models import DataKey

    cases = list(Case.objects.order_by("id"))
    assert len(cases) == 6
    keyed = set(DataKey.objects.filter(subject_type="cases.case").values_list("subject_id", flat=True))
    assert keyed == {str(c.id) for c in cases}
    case = cases[2]
    assert case.worker_name == "Pekerja 2" and case.complainant_name == "Pengadu 2"
    assert list(Case.objects.filter(worker_name_key=Case.hidden_columns("Pekerja 2", "")["worker_name_key"])
                .values_list("id", flat=True)) == [case.id]


def test_erasing_a_generated_person_leaves_no_readable_name(generated):
    from accounts.models import User
    from people.models import Person
    from privacy.services.erasure import erase_person

    person = Person.objects.order_by("id").first()
    before = raw_values([("people_person", "id", ["name", "nik"])], person.id)
    admin = User.objects.create_superuser("root-synthetic", password="x-Very-long-1")
    erase_person(admin, person, reason="request")
    assert [opened(token) for tokens in before.values() for token in tokens] == [None, None]


def test_generated_enrolments_are_sealed_under_their_own_keys_and_found_by_name_hash(generated):
    from core.models import DataKey
    from empowerment.models import Enrolment
    from people.models import name_hash

    enrolments = list(Enrolment.objects.order_by("id"))
    keyed = set(DataKey.objects.filter(subject_type="empowerment.enrolment").values_list("subject_id", flat=True))
    assert enrolments and keyed == {str(e.id) for e in enrolments}
    first = enrolments[0]
    stored = raw_values([("empowerment_enrolment", "id", ["name"])], first.id)
    assert opened(stored[("empowerment_enrolment", "name")][0]) == first.name == "Peserta 0"
    assert list(Enrolment.objects.filter(name_key=name_hash("peserta 0")).values_list("id", flat=True)) == [first.id]
