"""The employer, document numbers and notes, receipt numbers and cost notes and the contact log are ciphertext under
the worker's data key (issue 19 point 3), live and history rows alike: the placement search finds them by keyed
hashes, and a copy of the raw rows taken before erasure (a backup, a history row) opens to nothing afterwards."""

import datetime
from functools import partial

import pytest

from core.crypto import SEAL_PREFIX, _split_sealed, decrypt, is_encrypted_token
from core.models import DataKey
from migrants import services
from migrants.models import ContactLog, CostItem, Placement, PlacementDocument
from privacy import services as privacy
from tests.privacy import rawrows

pytestmark = pytest.mark.django_db

EMPLOYER, ADDRESS = "Madam Chan Siu Wai", "Flat 12B, Tower 3, Tai Koo Shing"
PASSPORT, DOC_NOTE = "C7788123", "Paspor dititipkan di rumah Pak Darto"
RECEIPT, COST_NOTE = "KW-2026-00451", "Dibayar tunai kepada Pak Sugeng"
WITH, CONTACT_NOTE = "Ibu Marni (ibu kandung)", "Sakit, minta pulang lewat KBRI"
COLLECTOR = "Pak Darmaji Sponsor"
SECRETS = [EMPLOYER, "Chan Siu", ADDRESS, PASSPORT, DOC_NOTE, RECEIPT, COST_NOTE, WITH, CONTACT_NOTE, COLLECTOR]

# (table, how the row names the worker, sealed columns)
THROUGH = "placement_id IN (SELECT id FROM migrants_placement WHERE person_id = %s)"
TABLES = [
    ("migrants_placement", "person_id = %s", ["employer_name", "employer_address"]),
    ("migrants_historicalplacement", "person_id = %s", ["employer_name", "employer_address"]),
    ("migrants_placementdocument", THROUGH, ["number", "note"]),
    ("migrants_historicalplacementdocument", THROUGH, ["number", "note"]),
    ("migrants_costitem", THROUGH, ["receipt_number", "note", "collector_name"]),
    ("migrants_historicalcostitem", THROUGH, ["receipt_number", "note", "collector_name"]),
    ("migrants_contactlog", THROUGH, ["contact_with", "note"]),
    ("migrants_historicalcontactlog", THROUGH, ["contact_with", "note"]),
]

raw_values = partial(rawrows.raw_values, TABLES)
raw_cells = partial(rawrows.raw_cells, TABLES)
opened = rawrows.opened








@pytest.fixture
def placement(make_person, jatinom_operator):
    from tests.factories import PlacementFactory

    person = make_person(name="Sri Wahyuni")
    placement = PlacementFactory(person=person, actor=jatinom_operator, employer_name=EMPLOYER,
                                 employer_address=ADDRESS)
    document = placement.documents.get(kind="passport")
    services.update_document(jatinom_operator, document, number=PASSPORT, note=DOC_NOTE)
    services.add_cost(jatinom_operator, placement, component="agency_fee", amount=12_000_000,
                      collected_by="agency", receipt_number=RECEIPT, note=COST_NOTE,
                      collector_name=COLLECTOR)
    services.log_contact(jatinom_operator, placement, contacted_on=datetime.date(2026, 11, 1), channel="phone",
                         contact_with=WITH, note=CONTACT_NOTE)
    return placement


def test_employer_documents_costs_and_contacts_are_stored_only_as_ciphertext_under_the_workers_key(placement):
    backup = raw_values(placement.person_id)

    assert set(backup) == {(t, c) for t, _w, columns in TABLES for c in columns}
    tokens = [v for values in backup.values() for v in values]
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    key_ids = {_split_sealed(decrypt(v))[0] for v in tokens}
    assert key_ids == set(DataKey.objects.filter(subject_type="people.person", subject_id=str(placement.person_id))
                          .values_list("kid", flat=True))
    assert {opened(v) for v in tokens} == {EMPLOYER, ADDRESS, PASSPORT, DOC_NOTE, RECEIPT, COST_NOTE, WITH,
                                           CONTACT_NOTE, COLLECTOR}
    cells = raw_cells(placement.person_id)  # hashes and indexes included: nothing in clear
    assert [s for s in SECRETS if any(s.lower() in c.lower() for c in cells)] == []


def test_a_backup_taken_before_erasure_opens_to_nothing_after_it_and_the_live_rows_are_blank(
        placement, jatinom_operator):
    backup = raw_values(placement.person_id)

    privacy.erase_person(jatinom_operator, placement.person)

    assert [opened(v) for values in backup.values() for v in values] == [None] * sum(map(len, backup.values()))
    assert raw_values(placement.person_id) == {}
    row = Placement.objects.get(pk=placement.pk)
    assert (row.employer_name, row.employer_address, row.employer_index) == ("", "", "")
    assert (row.destination_country.code, row.employer_type) == ("HK", "household")
    cost = CostItem.objects.get(placement=placement)
    assert (cost.receipt_number, cost.receipt_hash, cost.note, cost.collector_name, cost.amount) == (
        "", "", "", "", 12_000_000)
    document = PlacementDocument.objects.get(placement=placement, kind="passport")
    assert (document.number, document.number_hash) == ("", "")
    assert ContactLog.objects.get(placement=placement).contact_with == ""


def test_the_placement_search_finds_the_employer_by_word_prefixes_and_document_and_receipt_numbers_whole(
        placement, jatinom_operator, api_client_for):
    api = api_client_for(jatinom_operator)

    def found(q):
        return [r["id"] for r in api.get("/api/v1/placements/", {"q": q}).json()["results"]]

    assert found("siu wai") == [placement.pk]
    assert found("madam cha") == [placement.pk]
    assert found("c 778 8123") == [placement.pk]  # spaces and case of a typed number do not matter
    assert found("kw-2026-00451") == [placement.pk]
    assert (found("C7788"), found("Tai Koo")) == ([], [])  # numbers whole only; the address is not searched


def test_after_erasure_the_employer_and_numbers_find_nothing(placement, jatinom_operator, api_client_for):
    privacy.erase_person(jatinom_operator, placement.person)
    api = api_client_for(jatinom_operator)

    for q in ("Madam Chan", PASSPORT, RECEIPT):
        assert api.get("/api/v1/placements/", {"q": q}).json()["results"] == []


def test_editing_the_records_keeps_them_sealed_and_the_audit_log_holds_none_of_it(placement, jatinom_operator):
    from audit.models import AuditEntry

    services.update_document(jatinom_operator, placement.documents.get(kind="passport"), number="C0000001")
    assert opened(raw_values(placement.person_id)[("migrants_placementdocument", "number")][0]) == "C0000001"
    logged = [str(v) for e in AuditEntry.objects.all() for v in (e.object_repr, e.changes, e.note)]
    assert [s for s in [*SECRETS, "C0000001"] if any(s in v for v in logged)] == []
