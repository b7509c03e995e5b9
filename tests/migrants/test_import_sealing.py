"""An import seals what it writes under each person's data key from the start (issue 19 point 3): new people get
their keys in the same batch, people already known keep theirs, and live and history rows alike hold only
ciphertext that erasing the person makes unreadable."""

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, _split_sealed, decrypt
from core.models import DataKey
from migrants import imports
from people.models import Person

from .conftest import make_nik
from .test_import import row, xlsx

pytestmark = pytest.mark.django_db

# (table, where, encrypted columns) of everything an import writes about one person
THROUGH = "person_id = %s"
TABLES = [
    ("people_person", "id = %s", ["nik", "name", "phone"]),
    ("people_historicalperson", "id = %s", ["nik", "name", "phone"]),
    ("migrants_placement", THROUGH, ["employer_name", "national_id_ref"]),
    ("migrants_historicalplacement", THROUGH, ["employer_name", "national_id_ref"]),
    ("people_familycontact", THROUGH, ["name", "phone"]),
    ("people_historicalfamilycontact", THROUGH, ["name", "phone"]),
]


def key_ids(person_id):
    found = {}
    with connection.cursor() as cursor:
        for table, where, columns in TABLES:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", [person_id])
            for values in cursor.fetchall():
                for column, value in zip(columns, values, strict=True):
                    text = decrypt(value)
                    found[(table, column)] = _split_sealed(text)[0] if text.startswith(SEAL_PREFIX) else None
    return found


def file_row(**values):
    return row(**{"nama_pemberi_kerja": "Mrs Wong", "id_siskop2mi": "SISKO-1", "kontak_keluarga_nama": "Karto",
                  "kontak_keluarga_hubungan": "Ibu", "kontak_keluarga_telepon": "081355577799", **values})


def test_new_people_get_their_data_keys_in_the_import_and_every_value_is_sealed_under_them(agency, jatinom_operator):
    imports.commit(xlsx(file_row(), file_row(nik=make_nik(serial="0002"), nama="Rina")), jatinom_operator)

    for person in Person.objects.all():
        kids = list(DataKey.objects.filter(subject_type="people.person", subject_id=str(person.pk))
                    .values_list("kid", flat=True))
        found = key_ids(person.pk)
        assert len(kids) == 1 and set(found) == {(t, c) for t, _w, cs in TABLES for c in cs}
        assert set(found.values()) == set(kids)


def test_a_known_person_updated_by_an_import_stays_sealed_under_their_key_live_and_in_history(
        agency, jatinom_operator):
    imports.commit(xlsx(file_row()), jatinom_operator)
    person = Person.objects.get()
    kid = DataKey.objects.get(subject_id=str(person.pk)).kid

    imports.commit(xlsx(file_row(nama="Siti Aminah Binti Karto", nama_pemberi_kerja="Mr Lee")), jatinom_operator)

    person.refresh_from_db()
    assert (person.name, person.placements.get().employer_name) == ("Siti Aminah Binti Karto", "Mr Lee")
    assert set(key_ids(person.pk).values()) == {kid}
    assert person.history.count() == 2
