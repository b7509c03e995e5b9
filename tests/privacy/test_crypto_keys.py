"""Per-person data keys in core.crypto: sealing, the migration path for older tokens, rotation, shredding."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from core.crypto import SEAL_PREFIX, data_key_id, decrypt, destroy_data_key, encrypt, is_shredded
from people.models import Person

pytestmark = pytest.mark.django_db


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_persons_nik_is_sealed_under_the_persons_own_data_key(make_person):
    person = make_person()
    inner = decrypt(raw("people_person", "nik", person.pk))
    assert inner.startswith(f"{SEAL_PREFIX}{data_key_id(person)}:")
    assert Person.objects.get(pk=person.pk).nik == person.nik


def test_a_token_written_before_data_keys_still_reads_and_is_sealed_on_the_next_save(make_person):
    person = make_person()
    with connection.cursor() as cursor:  # as a row written before this change (or by a bulk import)
        cursor.execute("UPDATE people_person SET nik = %s WHERE id = %s", [encrypt(person.nik), person.pk])
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.nik == person.nik
    loaded.save()
    assert decrypt(raw("people_person", "nik", person.pk)).startswith(SEAL_PREFIX)


def test_rotating_the_deployment_keys_keeps_sealed_values_sealed_and_readable(make_person, settings):
    person = make_person()
    new_keys = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    with override_settings(FIELD_ENCRYPTION_KEYS=new_keys):
        call_command("rotate_encryption_keys", verbosity=0)
        token = raw("people_person", "nik", person.pk)
        with override_settings(FIELD_ENCRYPTION_KEYS=new_keys[:1]):  # old key gone: the new one opens all
            assert decrypt(token).startswith(SEAL_PREFIX)
            assert Person.objects.get(pk=person.pk).nik == person.nik


def test_a_destroyed_data_key_leaves_the_value_erased_and_saving_keeps_the_unreadable_token(make_person):
    person = make_person()
    before = decrypt(raw("people_person", "nik", person.pk))
    assert destroy_data_key(person) == 1
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.nik == "" and is_shredded(loaded.nik)
    Person.objects.filter(pk=person.pk).first().save(update_fields=["notes"])
    assert decrypt(raw("people_person", "nik", person.pk)) == before
