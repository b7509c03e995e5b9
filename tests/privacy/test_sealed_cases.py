"""Everything personal in a complaint case is ciphertext (issue 19 point 3): the worker's and the complainant's names,
phones and e-mail, timeline texts and their stored parts, referral texts, claim heirs, membership numbers and
rejection reasons, consent givers, checklist notes and attachment names. A case about someone not registered is
sealed under its own data key; erasing the registered worker destroys it too, so a copy of the raw rows taken
before erasure (a backup, a history row) opens to nothing afterwards. Search and duplicate checks go by keyed
hashes."""

from functools import partial

import pytest

from accounts.models import Organisation
from cases.models import Case, Claim, Referral, TimelineEntry
from cases.services import find_duplicates, intake_case
from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from core.models import DataKey
from privacy import services
from tests.conftest import JATINOM
from tests.privacy import rawrows

pytestmark = pytest.mark.django_db

WORKER, WORKER_PHONE = "Dewi Kartika Sari", "081377788899"
COMPLAINANT, PHONE, EMAIL = "Bapak Slamet Riyadi", "0812-5566-7788", "slamet.riyadi@contoh.id"
ENTRY, REQUEST, HEIR, MEMBER, REJECTED = ("Dewi menelepon dari Riyadh", "Mohon jemput Dewi di shelter KBRI",
                                          "Wahyu Kartiko", "BPJS-99887766", "Berkas Dewi tidak lengkap")
SECRETS = [WORKER, "Kartika", WORKER_PHONE, COMPLAINANT, "Riyadi", "55667788", EMAIL, ENTRY, REQUEST, HEIR, MEMBER,
           REJECTED]

# (table, column naming the case, sealed columns), live and history.
SEALED = [
    ("cases_case", "id", ["worker_name", "worker_phone", "complainant_name", "complainant_phone",
                          "complainant_email"]),
    ("cases_historicalcase", "id", ["worker_name", "worker_phone", "complainant_name", "complainant_phone",
                                    "complainant_email"]),
    ("cases_timelineentry", "case_id", ["text"]),
    ("cases_historicaltimelineentry", "case_id", ["text"]),
    ("cases_referral", "case_id", ["request"]),
    ("cases_historicalreferral", "case_id", ["request"]),
    ("cases_claim", "case_id", ["heir_name", "membership_number", "rejection_reason"]),
    ("cases_historicalclaim", "case_id", ["heir_name", "membership_number", "rejection_reason"]),
    ("cases_consent", "case_id", ["given_by"]),
]

raw_values = partial(rawrows.raw_values, SEALED)
raw_cells = partial(rawrows.raw_cells, SEALED)
opened = rawrows.opened








def key_kind(token):
    from core.crypto import _split_sealed

    return DataKey.objects.get(kid=_split_sealed(decrypt(token))[0]).subject_type


@pytest.fixture
def unregistered_case(jatinom_operator):
    """A complaint about a worker not in the registry, with a timeline note, a referral and a rejected claim."""
    case = intake_case(jatinom_operator, village=JATINOM, category="unpaid_wages", description="Gaji belum dibayar.",
                       worker_name=WORKER, worker_phone=WORKER_PHONE, complainant_name=COMPLAINANT,
                       complainant_phone=PHONE, complainant_email=EMAIL, consent_process=True)
    TimelineEntry.objects.create(case=case, kind="call", text=ENTRY)
    organisation = Organisation.objects.create(name="Migrant CARE", kind="ngo")
    Referral.objects.create(case=case, organisation=organisation, request=REQUEST)
    Claim.objects.create(case=case, claim_type="jkk_before_accident", heir_name=HEIR, membership_number=MEMBER,
                         rejection_reason=REJECTED, status="rejected")
    return Case.objects.get(pk=case.pk)


def test_a_case_about_someone_not_registered_is_sealed_under_the_cases_own_key(unregistered_case):
    backup = raw_values(unregistered_case.pk)
    assert set(backup) == {(t, c) for t, _k, columns in SEALED for c in columns}
    tokens = [v for values in backup.values() for v in values]
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    assert {key_kind(v) for v in tokens} == {"cases.case"}
    assert {opened(v) for v in tokens} >= {WORKER, WORKER_PHONE, COMPLAINANT, PHONE, EMAIL, ENTRY, REQUEST, HEIR,
                                           MEMBER, REJECTED}
    cells = raw_cells(unregistered_case.pk)
    assert [s for s in SECRETS if any(s.lower() in c.lower() for c in cells)] == []


def test_staff_find_the_case_by_name_prefixes_and_the_complainants_phone_and_duplicates_are_found(
        unregistered_case, jatinom_operator, api_client_for):
    api = api_client_for(jatinom_operator)

    def found(**params):
        return [r["id"] for r in api.get("/api/v1/cases/", params).json()["results"]]

    assert found(q="kart") == found(q="slamet riy") == found(q="+62 812 5566 7788") == [unregistered_case.pk]
    assert found(search="dewi") == [unregistered_case.pk]
    assert found(q="Wulan") == []
    duplicates = find_duplicates(jatinom_operator, village=JATINOM, worker_name="dewi  kartika SARI")
    assert [c.pk for c in duplicates] == [unregistered_case.pk]
    assert [c.pk for c in find_duplicates(jatinom_operator, complainant_phone="6281255667788")] == [
        unregistered_case.pk]


def test_erasing_the_worker_destroys_the_cases_own_key_too_so_a_backup_opens_to_nothing(
        unregistered_case, make_person, jatinom_operator, api_client_for):
    backup = raw_values(unregistered_case.pk)  # sealed under the case's own key: the worker was not registered yet
    worker = make_person(name=WORKER)
    case = Case.objects.get(pk=unregistered_case.pk)
    case.person = worker  # registered later and linked; then the case ends (no legal hold)
    case.status = "closed"
    case.save()
    backup_after_link = raw_values(case.pk)
    assert {key_kind(v) for v in backup_after_link[("cases_case", "worker_name")]} == {"people.person"}

    erasure = services.erase_person(jatinom_operator, worker)

    for copy in (backup, backup_after_link):
        assert {opened(v) for values in copy.values() for v in values} == {None}
    now = raw_values(case.pk)  # blank now, but for the pseudonym standing for both names and the consent giver
    assert {opened(v) for values in now.values() for v in values} == {erasure.pseudonym}
    assert not DataKey.objects.filter(subject_type="cases.case", subject_id=str(case.pk), destroyed_at=None).exists()
    case = Case.objects.get(pk=case.pk)
    assert (case.worker_name, case.complainant_phone, case.phone_hash, case.category, case.status) == (
        erasure.pseudonym, "", "", "unpaid_wages", "closed")
    api = api_client_for(jatinom_operator)
    assert [r["id"] for r in api.get("/api/v1/cases/", {"q": "kartika"}).json()["results"]] == []
    assert [r["id"] for r in api.get("/api/v1/cases/", {"q": PHONE}).json()["results"]] == []


def test_the_access_file_shows_an_authorised_officer_the_case_and_claim_values_opened(
        unregistered_case, make_person, jatinom_operator):
    from cases.privacy import records_for

    worker = make_person(name=WORKER)
    Case.objects.filter(pk=unregistered_case.pk).update(person=worker)

    sections = {str(s.title): s.rows for s in records_for(worker)}

    assert [(r["Pengadu"], r["Uraian"]) for r in sections["Kasus pengaduan"]] == [(COMPLAINANT, "Gaji belum dibayar.")]
    assert [r["Ahli waris"] for r in sections["Klaim jaminan sosial"]] == [HEIR]
