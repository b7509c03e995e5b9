"""Names, phone numbers, the SISKOP2MI ID and the placement's free texts are ciphertext under the person's data key
(issue 19 point 3): search, duplicate checks and messaging find them by keyed hashes; a copy of the raw rows
taken before erasure (a backup, a history row) opens to nothing afterwards."""

from functools import partial

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from core.datakeys import seal_table
from migrants.models import Placement, national_ref_hash
from people.models import Person, name_hash, name_index, phone_hash
from privacy import services
from tests.conftest import GOGODESO
from tests.privacy import rawrows

pytestmark = pytest.mark.django_db

NAME, PHONE, REF = "Siti Rahayu Lestari", "+6281233344455", "SISKO-2026-778899"
CONTACT_NAME = "Ibu Marni Wulandari"
NOTE, OTHER_REF, OVERRIDE = "Berangkat bersama Bu Sumini", "REF-LAIN-4455", "Dispensasi karena majikan menunggu"

# (table, key column, sealed columns) added in this step, live and history.
SEALED = [
    ("people_person", "id", ["name", "phone"]),
    ("people_historicalperson", "id", ["name", "phone"]),
    ("people_familycontact", "person_id", ["name"]),
    ("people_historicalfamilycontact", "person_id", ["name"]),
    ("migrants_placement", "person_id", ["national_id_ref", "other_ref", "status_note", "override_reason"]),
    ("migrants_historicalplacement", "person_id", ["national_id_ref", "other_ref", "status_note",
                                                   "override_reason"]),
]

raw_values = partial(rawrows.raw_values, SEALED)
raw_cells = partial(rawrows.raw_cells, SEALED)
opened = rawrows.opened
SECRETS = [NAME, "Rahayu", PHONE, "81233344455", REF, CONTACT_NAME, NOTE, OTHER_REF, OVERRIDE]








@pytest.fixture
def worker(make_person, jatinom_operator):
    from people.services import add_contact
    from tests.factories import PlacementFactory

    person = make_person(name=NAME, phone=PHONE)
    add_contact(jatinom_operator, person, name=CONTACT_NAME, relationship="parent", phone="+6281299988877")
    placement = PlacementFactory(person=person, actor=jatinom_operator, national_id_ref=REF, other_ref=OTHER_REF,
                                 status_note=NOTE)
    placement.override_reason = OVERRIDE
    placement.save()
    return person


def test_names_phones_ids_and_placement_texts_are_stored_only_as_ciphertext_under_the_persons_key(worker):
    backup = raw_values(worker.pk)
    assert set(backup) == {(t, c) for t, _k, columns in SEALED for c in columns}
    tokens = [v for values in backup.values() for v in values]
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    assert {opened(v) for v in tokens} >= {NAME, PHONE, REF, CONTACT_NAME, NOTE, OTHER_REF, OVERRIDE}
    # No column of any of these rows (hashes and indexes included) holds any of it in clear.
    cells = raw_cells(worker.pk)
    assert [s for s in SECRETS if any(s.lower() in c.lower() for c in cells)] == []


def test_a_backup_taken_before_erasure_opens_to_nothing_but_the_pseudonym_after_it(worker, jatinom_operator):
    backup = raw_values(worker.pk)

    erasure = services.erase_person(jatinom_operator, worker)

    assert [opened(v) for values in backup.values() for v in values] == [None] * sum(map(len, backup.values()))
    now = raw_values(worker.pk)  # the sealed columns are blank now, but for the pseudonym standing for the name
    assert {opened(v) for values in now.values() for v in values} == {erasure.pseudonym}
    person = Person.objects.get(pk=worker.pk)
    assert (person.name, person.phone, person.phone_hash) == (erasure.pseudonym, "", "")
    placement = Placement.objects.get(person=worker)
    assert (placement.national_id_ref, placement.national_id_ref_hash, placement.status_note) == ("", "", "")
    assert (placement.destination_country.code, placement.status) == ("HK", "interest")


def test_after_erasure_the_old_name_phone_and_id_find_nothing_and_the_pseudonym_finds_the_record(
        worker, jatinom_operator, api_client_for):
    erasure = services.erase_person(jatinom_operator, worker)
    api = api_client_for(jatinom_operator)

    def people(q):
        return [r["id"] for r in api.get("/api/v1/people/", {"q": q}).json()["results"]]

    assert (people("Rahayu"), people(PHONE), Person.objects.with_phone(PHONE).count()) == ([], [], 0)
    assert Placement.objects.filter(national_id_ref_hash=national_ref_hash(REF)).count() == 0
    assert people(erasure.pseudonym) == [worker.pk]


def test_staff_find_a_person_by_the_first_letters_of_any_word_of_the_name_within_their_area(
        make_person, api_client_for, jatinom_operator):
    here = make_person(name=NAME)
    make_person(name=NAME, village=GOGODESO)  # the same name in another village: out of scope
    make_person(name="Budi Santoso")
    api = api_client_for(jatinom_operator)

    def found(**params):
        return [r["id"] for r in api.get("/api/v1/people/", params).json()["results"]]

    assert found(q="Rah") == [here.pk]
    assert found(q="lest SITI") == [here.pk]  # any word order, any case
    assert found(q="Rahayu") == [here.pk]
    assert found(search="Sit") == [here.pk]  # ?search= answers the same way
    assert found(q="Rahx") == []
    assert found(q="ayu") == []  # the start of a word, not its middle
    assert found(q="Siti Budi") == []  # every word must match


def test_placements_are_found_by_the_workers_name_prefix_and_the_whole_national_id(worker, api_client_for,
                                                                                    jatinom_operator):
    api = api_client_for(jatinom_operator)
    placement = Placement.objects.get(person=worker)

    def found(q):
        return [r["id"] for r in api.get("/api/v1/placements/", {"q": q}).json()["results"]]

    assert (found("rahay"), found(REF), found("SISKO-2026"), found("Marni")) == ([placement.pk], [placement.pk], [],
                                                                                  [])


def test_the_bulk_read_opens_the_name_and_national_id_of_each_row(worker, api_client_for, jatinom_operator):
    rows = api_client_for(jatinom_operator).get("/api/v1/placements-bulk/").json()["results"]
    assert [(r["person_name"], r["national_id_ref"]) for r in rows] == [(NAME, REF)]


def test_messaging_and_duplicate_checks_find_a_person_by_phone_and_name_hashes(worker):
    assert list(Person.objects.with_phone(PHONE).values_list("pk", flat=True)) == [worker.pk]
    assert Person.objects.get(pk=worker.pk).name_key == name_hash(" siti  RAHAYU lestari ")
    from people.services import near_duplicates

    assert list(near_duplicates("SITI RAHAYU-LESTARI", worker.birth_date).values_list("pk", flat=True)) == [
        worker.pk]


def test_the_migration_seals_stored_names_and_phones_and_computes_their_hashes_in_one_pass(make_person):
    from core.models import DataKey

    person = make_person(name="Dewi Anggraini")
    DataKey.objects.filter(subject_type="people.person", subject_id=str(person.pk)).delete()  # a bulk-written one
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET name = %s, phone = %s, name_key = '', name_index = '', "
                       "phone_hash = '' WHERE id = %s", ["Dewi Anggraini", "+6281311122233", person.pk])
    derive = {"name_key": ("name", name_hash), "name_index": ("name", name_index),
              "phone_hash": ("phone", phone_hash)}

    assert seal_table(connection, "people_person", ["name", "phone"], "id", derive=derive, batch=1) == 1

    key = DataKey.objects.get(subject_type="people.person", subject_id=str(person.pk))  # created for it
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, name_key, name_index, phone_hash FROM people_person WHERE id = %s",
                       [person.pk])
        name, phone, key_hash, index, phone_key = cursor.fetchone()
    assert decrypt(name).startswith(f"{SEAL_PREFIX}{key.kid}:") and decrypt(phone).startswith(SEAL_PREFIX)
    assert (key_hash, index, phone_key) == (name_hash("Dewi Anggraini"), name_index("Dewi Anggraini"),
                                            phone_hash("+6281311122233"))
    assert list(Person.objects.named("angg").values_list("pk", flat=True)) == [person.pk]
    assert Person.objects.get(pk=person.pk).phone == "+6281311122233"
    # Run again: nothing is left to seal.
    assert seal_table(connection, "people_person", ["name", "phone"], "id", derive=derive) == 0
