"""Program participants' names, phones and outcome notes, and enterprise owners' names, descriptions and support texts
are ciphertext (issue 19 point 3): sealed under the registered person's data key when the record names one, else under
the record's own key. Erasing the person destroys both, so a copy of the raw rows taken before (live, history, a
backup) opens to nothing, while the program's participant and attendance counts and the enterprise's figures stay."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from core.models import DataKey
from empowerment import services
from empowerment.models import Enrolment, EnrolmentStatus, Enterprise
from empowerment.privacy import records_for
from privacy.services import erase_person
from tests.conftest import JATINOM
from tests.factories import ProgramFactory
from tests.privacy import rawrows
from tests.privacy.rawrows import key_kinds
from tests.privacy.rawrows import opened_all as opened

pytestmark = pytest.mark.django_db

D = datetime.date
NAME, PHONE, NOTE = "Wulandari Setyaningsih", "0813-7766-5544", "Membuka warung di rumah Wulandari"
DESCRIPTION, SUPPORT = "Keripik singkong buatan Wulandari", "Modal dari suami di Taiwan"

ENROLMENT = [("empowerment_enrolment", "id", ["name", "phone", "outcome_note"]),
             ("empowerment_historicalenrolment", "id", ["name", "phone", "outcome_note"])]
ENTERPRISE = [("empowerment_enterprise", "id", ["owner_name", "description", "support_received"]),
              ("empowerment_historicalenterprise", "id", ["owner_name", "description", "support_received"])]
SECRETS = [NAME, "Wulandari", "7766-5544", "Taiwan", "singkong"]


def cells(tables, pk):
    found = rawrows.raw_cells(tables, pk)
    return [s for s in SECRETS if any(s in c for c in found)]


@pytest.fixture
def program(jatinom_operator):
    return ProgramFactory(actor=jatinom_operator, title="Pelatihan usaha", village=JATINOM, starts_on=D(2024, 1, 1))


@pytest.fixture
def enrolment(program, jatinom_operator):
    """An unregistered participant who attended a session, with an outcome note."""
    enrolment = services.enrol(jatinom_operator, program, name=NAME, phone=PHONE, enrolled_on=D(2024, 1, 2))
    services.enrol(jatinom_operator, program, name="Sumarni", enrolled_on=D(2024, 1, 2))
    session = services.add_session(jatinom_operator, program, date=D(2024, 1, 10), topic="Rencana usaha")
    services.record_attendance(jatinom_operator, session, [enrolment.pk])
    return services.set_enrolment_outcome(jatinom_operator, enrolment, status=EnrolmentStatus.COMPLETED,
                                          outcome="started_business", outcome_note=NOTE)


@pytest.fixture
def enterprise(jatinom_operator):
    return services.create_enterprise(jatinom_operator, owner_name=NAME, business_name="Keripik Bu Wulan",
                                      sector="food", village_id=JATINOM, revenue_band="lt5", workers=2,
                                      started_on=D(2023, 5, 1), description=DESCRIPTION, support_received=SUPPORT)


def test_an_unregistered_participant_and_owner_are_sealed_under_their_records_own_keys(enrolment, enterprise):
    stored = rawrows.raw_values(ENROLMENT, enrolment.pk)
    assert set(stored) == {(t, c) for t, _k, columns in ENROLMENT for c in columns}
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for vs in stored.values() for v in vs)
    assert key_kinds(stored) == {"empowerment.enrolment"} and opened(stored) == {NAME, PHONE, NOTE}
    owned = rawrows.raw_values(ENTERPRISE, enterprise.pk)
    assert key_kinds(owned) == {"empowerment.enterprise"} and opened(owned) == {NAME, DESCRIPTION, SUPPORT}
    assert cells(ENROLMENT, enrolment.pk) == cells(ENTERPRISE, enterprise.pk) == []


def test_the_duplicate_check_and_the_owner_search_go_by_keyed_hashes(
        enrolment, enterprise, program, jatinom_operator, api_client_for, client_for):
    with pytest.raises(ValidationError) as err:
        services.enrol(jatinom_operator, program, name="  wulandari SETYANINGSIH ")
    assert list(err.value.message_dict) == ["name"]
    api = api_client_for(jatinom_operator)

    def found(**params):
        return [r["id"] for r in api.get("/api/v1/empowerment/enterprises/", params).json()["results"]]

    assert found(search="wula setya") == found(search="Keripik bu") == found(q="wulandari") == [enterprise.pk]
    assert found(search="Sumarni") == []
    page = client_for(jatinom_operator).get(f"/pemberdayaan/program/{program.pk}/").content.decode()
    assert page.index("Sumarni") < page.index(NAME)  # by name, though she enrolled second


def test_erasing_the_linked_person_leaves_nothing_readable_and_keeps_the_counts(
        enrolment, enterprise, program, make_person, jatinom_operator, api_client_for):
    backups = [rawrows.raw_values(ENROLMENT, enrolment.pk), rawrows.raw_values(ENTERPRISE, enterprise.pk)]
    person = make_person(name=NAME)
    for record, field in ((Enrolment.objects.get(pk=enrolment.pk), "person"),
                          (Enterprise.objects.get(pk=enterprise.pk), "owner")):
        setattr(record, field, person)  # registered later and linked: the values move under her key on save
        record.save()
    linked = [rawrows.raw_values(ENROLMENT, enrolment.pk), rawrows.raw_values(ENTERPRISE, enterprise.pk)]
    assert key_kinds(linked[0]) >= {"people.person"}
    counts = (program.enrolments.count(), services.attendance_rate(program))

    erasure = erase_person(jatinom_operator, person)

    for copy in backups + linked:
        assert opened(copy) == {None}
    assert opened(rawrows.raw_values(ENROLMENT, enrolment.pk)) == {erasure.pseudonym}
    assert opened(rawrows.raw_values(ENTERPRISE, enterprise.pk)) == {erasure.pseudonym}
    assert cells(ENROLMENT, enrolment.pk) == cells(ENTERPRISE, enterprise.pk) == []
    for kind, pk in (("empowerment.enrolment", enrolment.pk), ("empowerment.enterprise", enterprise.pk)):
        assert not DataKey.objects.filter(subject_type=kind, subject_id=str(pk), destroyed_at=None).exists()
    assert (program.enrolments.count(), services.attendance_rate(program)) == counts
    kept = Enterprise.objects.get(pk=enterprise.pk)
    assert (kept.business_name, kept.sector, kept.workers, kept.revenue_band) == (
        f"Usaha {erasure.pseudonym}", "food", 2, "lt5")
    done = Enrolment.objects.get(pk=enrolment.pk)
    assert (done.name, done.phone, done.outcome_note, done.status, done.outcome) == (
        erasure.pseudonym, "", "", "completed", "started_business")
    api = api_client_for(jatinom_operator)
    assert api.get("/api/v1/empowerment/enterprises/", {"search": "wulandari"}).json()["results"] == []


def test_the_access_file_lists_enrolments_and_enterprises_opened(enrolment, enterprise, make_person):
    person = make_person(name=NAME)
    Enrolment.objects.filter(pk=enrolment.pk).update(person=person)
    Enterprise.objects.filter(pk=enterprise.pk).update(owner=person)

    sections = {str(s.title): s for s in records_for(person)}

    assert [(r["Nama"], r["Telepon"], r["Catatan hasil"]) for r in sections["Program pemberdayaan"].rows] == [
        (NAME, PHONE, NOTE)]
    assert [(r["Pemilik"], r["Uraian"], r["Dukungan"]) for r in sections["Usaha"].rows] == [
        (NAME, DESCRIPTION, SUPPORT)]


def test_erasure_reaches_unlinked_enrolments_and_enterprises_with_her_number_or_whole_name(
        enrolment, enterprise, make_person, jatinom_operator):
    person = make_person(name="wulandari  SETYANINGSIH")  # never linked: found by her whole name in her village
    backups = [rawrows.raw_values(ENROLMENT, enrolment.pk), rawrows.raw_values(ENTERPRISE, enterprise.pk)]

    erasure = erase_person(jatinom_operator, person)

    for copy in backups:
        assert opened(copy) == {None}
    assert (Enrolment.objects.get(pk=enrolment.pk).name, Enterprise.objects.get(pk=enterprise.pk).owner_name) == (
        erasure.pseudonym, erasure.pseudonym)
    assert Enrolment.objects.filter(program=enrolment.program, person__isnull=True).get().name == "Sumarni"
