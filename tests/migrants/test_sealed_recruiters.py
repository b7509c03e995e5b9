"""The field recruiter register (sponsor/calo) is personal data of natural persons (UU 27/2022, issue 19.3): name,
phone and notes are ciphertext sealed under each recruiter's own data key, live and history rows and the audit log
alike; the register is found by keyed hashes (word prefixes of the name, the whole name, the phone) and never by
decrypting it; erasing one recruiter on request destroys the key, so a copy of the rows taken before opens to nothing,
while the row stays for the placements and cases naming it. An open case naming the recruiter holds the erasure."""

import importlib
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, AuditEntry
from core.crypto import encrypt
from core.datakeys import _DATA_KEYS
from core.models import DataKey
from migrants import services
from migrants.filters import PlacementFilter
from migrants.models import Recruiter
from migrants.reference_import import import_recruiters
from tests.factories import CaseFactory
from tests.privacy import rawrows

from .test_reference_import import xlsx

pytestmark = pytest.mark.django_db

NAME, PHONE, NOTES = "Pak Darto Wiyono", "+6281377665544", "Menawarkan kerja ke Taiwan lewat Surabaya"
SECRETS = ["Darto", "Wiyono", "77665544", "Taiwan", "Surabaya"]
TABLES = [
    ("migrants_recruiter", "id", ["name", "phone", "notes"]),
    ("migrants_historicalrecruiter", "id", ["name", "phone", "notes"]),
]


def stored(pk):
    return rawrows.raw_values(TABLES, pk)


def clear_of(cells):
    return [s for s in SECRETS if any(s.lower() in str(c).lower() for c in cells)]


def audit_cells(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_repr, note, changes FROM audit_auditentry WHERE object_type = %s AND "
                       "object_id = %s", ["migrants.recruiter", str(pk)])
        return [str(v) for row in cursor.fetchall() for v in row if v]


@pytest.fixture
def darto(jatinom_operator, agency):
    recruiter = services.save_recruiter(jatinom_operator, None, name=NAME, phone=PHONE, claimed_agency=agency)
    return services.save_recruiter(jatinom_operator, recruiter, notes=NOTES)  # a second history row


def test_a_recruiter_is_stored_only_as_ciphertext_under_their_own_key_live_history_and_audit(darto):
    values = stored(darto.pk)

    assert set(values) == {(t, c) for t, _k, columns in TABLES for c in columns}
    assert len(values[("migrants_historicalrecruiter", "name")]) == 2
    assert rawrows.all_sealed(values) and rawrows.key_kinds(values) == {"migrants.recruiter"}
    assert rawrows.opened_all(values) == {NAME, PHONE, NOTES}
    assert clear_of(rawrows.raw_cells(TABLES, darto.pk)) == []  # the hashes beside them are keyed
    assert clear_of(audit_cells(darto.pk)) == []
    row = Recruiter.objects.get(pk=darto.pk)
    assert (row.name, row.phone, row.notes) == (NAME, PHONE, NOTES)


def test_the_list_finds_a_recruiter_by_the_first_letters_of_a_word_or_the_phone_and_not_by_another_word(
        darto, jatinom_operator, client_for):
    services.save_recruiter(jatinom_operator, None, name="Bu Sumirah")
    client = client_for(jatinom_operator)

    def names(query):
        page = client.get("/pmi/perekrut/", {"q": query})
        assert page.status_code == 200
        return [r.name for r in page.context["page"]]

    assert names("") == ["Bu Sumirah", NAME]  # newest first: the names are sealed
    assert names("dar") == [NAME]
    assert names("WIYONO pak") == [NAME]
    assert names("0813 7766 5544") == [NAME]
    assert names("Maju") == [NAME]  # the claimed agency (plain, public business data)
    assert names("Darmo") == []
    assert names("arto") == []  # the start of a word, not any part of it


def test_the_list_and_detail_pages_show_the_names_to_a_village_operator(darto, jatinom_operator, client_for):
    client = client_for(jatinom_operator)

    listing = client.get("/pmi/perekrut/").content.decode()
    detail = client.get(f"/pmi/perekrut/{darto.pk}/").content.decode()

    assert NAME in listing and "PT Maju Jaya" in listing
    assert NAME in detail and PHONE in detail and 'data-testid="recruiter-erase"' in detail


def test_the_list_page_primes_the_keys_of_its_rows_with_one_query(jatinom_operator, client_for):
    for n in range(6):
        services.save_recruiter(jatinom_operator, None, name=f"Perantara Nomor {n}")
    client = client_for(jatinom_operator)
    client.get("/pmi/perekrut/")
    _DATA_KEYS.clear()

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/pmi/perekrut/").content.decode()

    assert all(f"Perantara Nomor {n}" in page for n in range(6))
    assert len([q for q in queries.captured_queries if "core_datakey" in q["sql"]]) == 1


def test_the_placement_filter_offers_every_recruiter_by_name_with_one_key_query(jatinom_operator):
    for name in ("Mas Yanto", "Bu Asih", "Pak Kirno"):
        services.save_recruiter(jatinom_operator, None, name=name)
    field = PlacementFilter({}, queryset=None).form.fields["recruiter"]
    _DATA_KEYS.clear()

    with CaptureQueriesContext(connection) as queries:
        choices = [str(label) for _value, label in field.choices]

    assert choices == ["---------", "Bu Asih", "Mas Yanto", "Pak Kirno"]
    assert len([q for q in queries.captured_queries if "core_datakey" in q["sql"]]) == 1


def test_the_import_matches_by_keyed_hashes_and_never_loads_a_recruiter_it_does_not_update(darto, jatinom_operator):
    # A recorded recruiter no key opens: loading it to compare names would fail the import.
    other = services.save_recruiter(jatinom_operator, None, name="Bu Lain")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE migrants_recruiter SET name = %s WHERE id = %s",
                       [encrypt(Fernet(Fernet.generate_key()).encrypt(b"x").decode()), other.pk])

    result = import_recruiters(jatinom_operator, xlsx(["pak darto  WIYONO", "0813-7766-5544", "", "", "lagi"],
                                                      ["Pak Darto Wiyono", "0899 1234 5678", "", "", ""],
                                                      ["Mas Baru", "", "", "", ""]))

    assert (result.errors, result.created, result.updated) == ([], 2, 1)
    darto.refresh_from_db()
    assert (darto.name, darto.notes) == (NAME, "lagi")
    assert Recruiter.objects.with_name("pak darto wiyono").count() == 2
    assert Recruiter.objects.with_phone("0899 1234 5678").get().name == NAME


def test_the_placement_import_links_a_recruiter_by_the_keyed_name_hash():
    from migrants.models.agencies import recruiter_ids_by_name

    sponsor = Recruiter.objects.create(name="Pak Slamet")
    Recruiter.objects.create(name="Bu Darmi")

    assert recruiter_ids_by_name(["PAK  slamet", "Mas Tidak Ada", ""]) == {"pak slamet": sponsor.pk}


# --- Erasure on request --------------------------------------------------------------------------------------

def test_erasure_destroys_the_key_so_a_copy_taken_before_opens_to_nothing_and_keeps_the_row(
        darto, jatinom_operator, make_placement, client_for):
    placement = make_placement(recruiter=darto)
    backup = stored(darto.pk)
    audit_backup = list(AuditEntry.objects.filter(object_type="migrants.recruiter", object_id=str(darto.pk))
                        .values_list("pk", flat=True))
    assert rawrows.opened_all(backup) == {NAME, PHONE, NOTES}

    response = client_for(jatinom_operator).post(f"/pmi/perekrut/{darto.pk}/hapus-data/")

    assert (response.status_code, response["Location"]) == (302, f"/pmi/perekrut/{darto.pk}/")
    pseudonym = f"Perekrut #{darto.pk}"
    assert rawrows.opened_all(backup) == {None}
    assert not DataKey.objects.filter(subject_type="migrants.recruiter", subject_id=str(darto.pk),
                                      destroyed_at=None).exists()
    row = Recruiter.objects.get(pk=darto.pk)
    assert (row.name, row.phone, row.notes, row.name_key, row.phone_hash, row.name_index, row.claimed_agency_id) == (
        pseudonym, "", "", "", "", "", darto.claimed_agency_id)
    assert row.erased_at is not None
    assert rawrows.opened_all(stored(darto.pk)) == {pseudonym}  # the name columns, live and every history row
    assert clear_of(rawrows.raw_cells(TABLES, darto.pk)) == []
    assert [str(e.object_repr) for e in AuditEntry.objects.filter(pk__in=audit_backup)] == [""] * len(audit_backup)
    erased = AuditEntry.objects.get(object_type="migrants.recruiter", object_id=str(darto.pk), action=Action.DELETE)
    assert (erased.actor, erased.object_repr) == (jatinom_operator, pseudonym)
    placement.refresh_from_db()
    assert placement.recruiter_id == darto.pk
    assert (Recruiter.objects.named("Darto").count(), Recruiter.objects.with_phone(PHONE).count(),
            Recruiter.objects.with_name(NAME).count()) == (0, 0, 0)
    page = client_for(jatinom_operator).get(f"/pmi/perekrut/{darto.pk}/").content.decode()
    assert 'data-testid="recruiter-erased"' in page and 'data-testid="recruiter-erase"' not in page


def test_an_erased_recruiter_is_not_erased_twice_nor_edited(darto, jatinom_operator):
    services.erase_recruiter(jatinom_operator, darto)

    with pytest.raises(ValidationError) as twice:
        services.erase_recruiter(jatinom_operator, darto)
    with pytest.raises(ValidationError) as edited:
        services.save_recruiter(jatinom_operator, darto, phone=PHONE)

    assert twice.value.message_dict == {"recruiter": ["Data pribadi perekrut ini sudah dihapus."]}
    assert edited.value.message_dict == {
        "name": ["Data pribadi perekrut ini sudah dihapus; catat sebagai perekrut baru."]}


def test_an_open_case_naming_the_recruiter_holds_the_erasure_with_the_reason(darto, jatinom_operator, client_for):
    case = CaseFactory(actor=jatinom_operator, recruiter=darto)

    with pytest.raises(ValidationError) as refused:
        services.erase_recruiter(jatinom_operator, darto)

    reason = f"kasus K-{case.pk:05d} yang menyebut perekrut ini masih terbuka"
    assert refused.value.message_dict == {"recruiter": [f"Data perekrut belum dapat dihapus: {reason}."]}
    assert rawrows.opened_all(stored(darto.pk)) == {NAME, PHONE, NOTES}
    assert AuditEntry.objects.filter(object_type="migrants.recruiter", object_id=str(darto.pk),
                                     action=Action.OTHER).get().note == (
        f"Penghapusan ditolak karena penahanan hukum: {reason}")
    client = client_for(jatinom_operator)
    detail = client.get(f"/pmi/perekrut/{darto.pk}/").content.decode()
    assert reason in detail and 'data-testid="recruiter-erase"' not in detail
    response = client.post(f"/pmi/perekrut/{darto.pk}/hapus-data/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [f"Data perekrut belum dapat dihapus: {reason}."]


def test_a_role_that_may_not_edit_recruiters_may_not_erase_them(darto, regions, make_user, client_for):
    from accounts.models import Role

    staff = make_user("staf.lembaga", (Role.ORGANISATION_STAFF, "35.05"))

    with pytest.raises(PermissionDenied):
        services.erase_recruiter(staff, darto)
    assert client_for(staff).post(f"/pmi/perekrut/{darto.pk}/hapus-data/").status_code == 403
    assert Recruiter.objects.get(pk=darto.pk).name == NAME


# --- The data migration --------------------------------------------------------------------------------------

migrants_0014 = importlib.import_module("migrants.migrations.0014_seal_recruiters")
EDITOR = SimpleNamespace(connection=connection)


def test_the_migration_seals_stored_plain_rows_fills_the_hashes_and_a_second_run_writes_nothing(jatinom_operator):
    recruiter = services.save_recruiter(jatinom_operator, None, name=NAME, phone=PHONE, notes=NOTES)
    hidden = Recruiter.hidden_columns(NAME, PHONE)
    # As the rows were before: plain values, no hashes, no data key.
    with connection.cursor() as cursor:
        for table in ("migrants_recruiter", "migrants_historicalrecruiter"):
            cursor.execute(f"UPDATE {table} SET name = %s, phone = %s, notes = %s WHERE id = %s",
                           [NAME, "081377665544", NOTES, recruiter.pk])
        cursor.execute("UPDATE migrants_recruiter SET name_key = '', phone_hash = '', name_index = '' WHERE id = %s",
                       [recruiter.pk])
    DataKey.objects.filter(subject_type="migrants.recruiter").delete()

    migrants_0014.seal(None, EDITOR)

    values = stored(recruiter.pk)
    assert rawrows.all_sealed(values) and rawrows.key_kinds(values) == {"migrants.recruiter"}
    assert rawrows.opened_all(values) == {NAME, "081377665544", NOTES}
    row = Recruiter.objects.get(pk=recruiter.pk)
    assert (row.name_key, row.phone_hash, row.name_index) == (hidden["name_key"], hidden["phone_hash"],
                                                               hidden["name_index"])
    assert Recruiter.objects.named("wiyo").get() == row
    migrants_0014.seal(None, EDITOR)
    assert stored(recruiter.pk) == values

    migrants_0014.unseal(None, EDITOR)

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, notes FROM migrants_historicalrecruiter WHERE id = %s", [recruiter.pk])
        assert set(cursor.fetchall()) == {(NAME, "081377665544", NOTES)}
