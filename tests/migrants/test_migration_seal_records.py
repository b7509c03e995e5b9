"""The data migrations of issue 19 point 3 seal what was stored before: plain columns, and values that bulk writers
left under the deployment keys only (imports before data keys, the synthetic generator), for people who had no data
key yet, live and history rows alike, with the keyed hashes filled in the same pass; a second run writes nothing."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, _split_sealed, decrypt, encrypt
from core.models import DataKey
from migrants import services
from migrants.models import Placement, employer_search_q, record_number_hash

pytestmark = pytest.mark.django_db(transaction=False)

migrants_0009 = importlib.import_module("migrants.migrations.0009_seal_employer_records")
people_0006 = importlib.import_module("people.migrations.0006_seal_bulk_written_values")
EDITOR = SimpleNamespace(connection=connection)


def raw(table, column, where, *params):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where}", params)
        return [r[0] for r in cursor.fetchall()]


def key_of(token):
    text = decrypt(token)
    return _split_sealed(text)[0] if text.startswith(SEAL_PREFIX) else None


@pytest.fixture
def stored_before(make_person, jatinom_operator):
    """A worker as an import or the generator left them before this step: no data key, the name and the SISKOP2MI
    ID under the deployment keys only, the employer, a document number and a receipt number plain."""
    from tests.factories import PlacementFactory

    person = make_person(name="Warsini Handayani")
    placement = PlacementFactory(person=person, actor=jatinom_operator)
    services.add_cost(jatinom_operator, placement, component="ticket", amount=3_000_000, collected_by="agency")
    services.log_contact(jatinom_operator, placement, contacted_on=datetime.date(2026, 10, 1), channel="phone",
                         contact_with="Pekerja sendiri")
    DataKey.objects.filter(subject_type="people.person", subject_id=str(person.pk)).delete()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET name = %s WHERE id = %s", [encrypt("Warsini Handayani"), person.pk])
        cursor.execute("UPDATE migrants_placement SET employer_name = %s, employer_address = %s, "
                       "national_id_ref = %s, employer_index = '' WHERE id = %s",
                       ["Mrs Lim Bee Hoon", "Jalan Ampang 5", encrypt("SISKO-77"), placement.pk])
        cursor.execute("UPDATE migrants_placementdocument SET number = %s, number_hash = '' WHERE placement_id = %s "
                       "AND kind = 'passport'", ["C1234567", placement.pk])
        cursor.execute("UPDATE migrants_costitem SET receipt_number = %s, receipt_hash = '' WHERE placement_id = %s",
                       ["KW-9", placement.pk])
        cursor.execute("UPDATE migrants_contactlog SET contact_with = %s WHERE placement_id = %s",
                       ["Pekerja sendiri", placement.pk])
    return placement


def test_the_migrations_seal_plain_and_deployment_only_values_under_new_data_keys_and_fill_the_hashes(stored_before):
    placement = stored_before
    people_0006.seal(None, EDITOR)
    migrants_0009.seal(None, EDITOR)

    keys = list(DataKey.objects.filter(subject_type="people.person", subject_id=str(placement.person_id))
                .values_list("kid", flat=True))
    assert len(keys) == 1
    sealed = [*raw("people_person", "name", "id = %s", placement.person_id),
              *raw("migrants_placement", "employer_name", "id = %s", placement.pk),
              *raw("migrants_placement", "employer_address", "id = %s", placement.pk),
              *raw("migrants_placement", "national_id_ref", "id = %s", placement.pk),
              *raw("migrants_placementdocument", "number", "placement_id = %s AND kind = 'passport'", placement.pk),
              *raw("migrants_costitem", "receipt_number", "placement_id = %s", placement.pk),
              *raw("migrants_contactlog", "contact_with", "placement_id = %s", placement.pk)]
    assert [key_of(v) for v in sealed] == keys * 7
    row = Placement.objects.get(pk=placement.pk)
    assert (row.employer_name, row.national_id_ref, row.person.name) == ("Mrs Lim Bee Hoon", "SISKO-77",
                                                                         "Warsini Handayani")
    assert Placement.objects.filter(employer_search_q("bee hoo"), pk=placement.pk).exists()
    assert raw("migrants_placementdocument", "number_hash", "placement_id = %s AND kind = 'passport'",
               placement.pk) == [record_number_hash("C1234567")]
    assert raw("migrants_costitem", "receipt_hash", "placement_id = %s", placement.pk) == [record_number_hash("KW-9")]


def test_a_second_run_of_the_migrations_writes_nothing(stored_before):
    people_0006.seal(None, EDITOR)
    migrants_0009.seal(None, EDITOR)
    before = raw("migrants_placement", "employer_name", "id = %s", stored_before.pk)

    people_0006.seal(None, EDITOR)
    migrants_0009.seal(None, EDITOR)

    assert raw("migrants_placement", "employer_name", "id = %s", stored_before.pk) == before
    assert DataKey.objects.filter(subject_type="people.person", subject_id=str(stored_before.person_id)).count() == 1
