"""core.bulk writes plain rows as the ORM would have: ids reserved first, encrypted fields encrypted, history rows
beside, updates by id. Runs on the suite's database: COPY on PostgreSQL, multi-row INSERTs on SQLite."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core import bulk
from core.crypto import is_encrypted_token
from migrants.models import Agency
from people.models import Person, name_hash
from tests.factories import JATINOM, make_nik

NOW = datetime.datetime(2026, 11, 23, 8, 30, tzinfo=datetime.UTC)


def agency_rows(count, start=0):
    template = bulk.row_defaults(Agency)
    rows = []
    for i, pk in enumerate(bulk.reserve_ids(Agency, count)):
        values = dict(template)
        values.update(id=pk, name=f"PT Bulk {start + i}", licence_valid_from=datetime.date(2024, 1, 1 + i % 28),
                      created_at=NOW, updated_at=NOW)
        rows.append(values)
    return rows


def person_row(regions, serial, name):
    nik = make_nik(serial=serial)
    values = bulk.row_defaults(Person)
    values.update(nik=nik, kk="", name=name, sex="F", birth_date=datetime.date(1995, 5, 17), village_id=JATINOM,
                  created_at=NOW, updated_at=NOW, **Person.hidden_columns(nik, "", name))
    values["id"] = bulk.reserve_ids(Person, 1)[0]
    return values


@pytest.mark.django_db
def test_reserved_ids_are_distinct_and_above_every_existing_row():
    first = Agency.objects.create(name="PT Sudah Ada")
    ids = bulk.reserve_ids(Agency, 3)
    assert len(set(ids)) == 3
    assert min(ids) > first.pk


@pytest.mark.django_db
def test_inserted_rows_read_back_through_the_orm_with_their_history(make_user):
    user = make_user("pengimpor")
    with transaction.atomic():
        rows = agency_rows(3)
        bulk.insert_rows(Agency, rows)
        bulk.insert_history(Agency, rows, user, NOW)
    agencies = list(Agency.objects.order_by("id"))
    assert [(a.pk, a.name, a.licence_valid_from, a.created_at) for a in agencies] == [
        (r["id"], r["name"], r["licence_valid_from"], NOW) for r in rows]
    history = Agency.history.order_by("id")
    assert [(h.id, h.history_type, h.history_user, h.history_date) for h in history] == [
        (r["id"], "+", user, NOW) for r in rows]


@pytest.mark.django_db
def test_an_insert_larger_than_one_statement_writes_every_row():
    rows = agency_rows(bulk.MAX_ROWS_PER_STATEMENT + 7)
    bulk.insert_rows(Agency, rows)
    assert Agency.objects.count() == bulk.MAX_ROWS_PER_STATEMENT + 7
    assert Agency.objects.get(pk=rows[-1]["id"]).name == f"PT Bulk {bulk.MAX_ROWS_PER_STATEMENT + 6}"


def test_encrypted_fields_are_stored_encrypted_and_found_by_their_hidden_columns(regions):
    values = person_row(regions, "0001", "Siti Aminah")
    bulk.insert_rows(Person, [values])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM people_person WHERE id = %s", [values["id"]])
        stored = cursor.fetchone()[0]
    assert is_encrypted_token(stored)
    person = Person.objects.with_nik(make_nik(serial="0001")).get()
    assert (person.pk, person.nik, person.name) == (values["id"], make_nik(serial="0001"), "Siti Aminah")
    assert person.name_key == name_hash("SITI  aminah")
    assert list(Person.objects.named("amin").values_list("pk", flat=True)) == [values["id"]]


def test_an_already_encrypted_value_is_not_encrypted_twice(regions):
    from core.crypto import encrypt

    values = person_row(regions, "0002", "Rina")
    values["nik"] = encrypt(values["nik"])
    bulk.insert_rows(Person, [values])
    assert Person.objects.get(pk=values["id"]).nik == make_nik(serial="0002")


@pytest.mark.django_db
def test_updated_rows_change_only_the_named_columns_and_write_change_history(make_user):
    user = make_user("pengimpor")
    rows = agency_rows(2)
    bulk.insert_rows(Agency, rows)
    agencies = list(Agency.objects.order_by("id"))
    for agency in agencies:
        agency.name = agency.name + " Baru"
        agency.address = "tidak ikut disimpan"
    later = timezone.now()
    bulk.update_rows(Agency, agencies, ["name"], user, later)
    assert list(Agency.objects.order_by("id").values_list("name", "address")) == [
        ("PT Bulk 0 Baru", ""), ("PT Bulk 1 Baru", "")]
    assert list(Agency.history.filter(history_type="~").order_by("id").values_list("id", "name", "history_user")) == [
        (rows[0]["id"], "PT Bulk 0 Baru", user.pk), (rows[1]["id"], "PT Bulk 1 Baru", user.pk)]


@pytest.mark.django_db
def test_a_refused_insert_raises_a_database_error_and_writes_nothing():
    rows = agency_rows(2)
    rows[1]["id"] = rows[0]["id"]  # the same primary key twice
    with pytest.raises(DatabaseError), transaction.atomic():
        bulk.insert_rows(Agency, rows)
    assert not Agency.objects.exists()
