"""One encryption kit (core.crypto): rotation covers every encrypted field, a value that cannot be decrypted is
never shown as blank nor written back, and keys that do not fit the database stop the start (core.checks)."""

import datetime
import logging
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from simple_history.models import HistoricalChanges

from core.crypto import (
    DecryptionError,
    SealableJSONField,
    SealableTextField,
    Undecryptable,
    encrypted_models,
    is_encrypted_token,
)
from tests.conftest import JATINOM
from tests.factories import PersonFactory

NIK = "3505104508900001"


def make_person(operator):
    return PersonFactory(village=JATINOM, nik=NIK, kk="3505100101010001", name="Siti Aminah", sex="F",
                         birth_date=datetime.date(1990, 8, 5), birth_place="Blitar", address="Jl. Mawar 7",
                         notes="Catatan", phone="+6281234500001")


def make_family_contact(operator):
    from people.services import add_contact

    person = PersonFactory(village=JATINOM, name="Siti Kontak")
    return add_contact(operator, person, name="Ibu Marni", relationship="parent", phone="+6281299988877",
                       address="Jl. Melati 3")


def make_placement(operator):
    from people.models import Person
    from tests.factories import PlacementFactory

    person = Person.objects.get(nik_hash=Person.hidden_columns(NIK, "", "")["nik_hash"])
    placement = PlacementFactory(person=person, actor=operator, national_id_ref="SISKO-1", other_ref="R-2",
                                 status_note="Catatan", employer_name="Mrs Chan", employer_address="Hong Kong")
    placement.override_reason = "Alasan pengecualian yang cukup panjang"
    placement.save()
    return placement


def make_case(operator):
    from cases.services import intake_case

    case = intake_case(operator, village=JATINOM, category="unpaid_wages", description="Gaji belum dibayar.",
                       worker_name="Sri Wahyuni", worker_nik="3505104508900002", complainant_name="Sutrisno",
                       complainant_phone="081234567890", complainant_address="Jl. Kenanga 9",
                       complainant_email="sutrisno@contoh.id", worker_phone="081299900011",
                       recruiter_name="Pak Darto", employer_name="Mrs Chan")
    case.outcome_note, case.close_note = "Gaji dibayar.", "Selesai."  # every encrypted field holds a value
    case.save()
    return case


def _catalogue(operator):
    from regions.models import Region
    from village_services.models import Service
    from village_services.services import copy_default_catalogue

    if not Service.objects.filter(village_id=JATINOM).exists():
        copy_default_catalogue(operator, Region.objects.get(code=JATINOM))


def make_service_request(operator):
    from village_services.models import Service
    from village_services.services import submit_request

    _catalogue(operator)
    service = Service.objects.filter(village_id=JATINOM).order_by("pk").first()
    from village_services.services import transition_request

    req = submit_request(service=service, applicant_name="Siti Aminah", nik="3505104508900003", actor=operator,
                         phone="081234567890", purpose="Pendaftaran calon PMI")
    return transition_request(operator, req, "in_process", note="Berkas diterima")  # every encrypted field


def make_letter(operator):
    from accounts.models import Role
    from tests.factories import UserFactory
    from village_services.models import LetterType
    from village_services.services import check_letter, draft_letter, sign_letter

    _catalogue(operator)
    values = {"nama": "Siti Aminah", "nik": NIK, "tempat_lahir": "Blitar", "tanggal_lahir": "5 Agustus 1990",
              "jenis_kelamin": "Perempuan", "pekerjaan": "Ibu rumah tangga", "alamat": "RT 01 RW 02 Jatinom",
              "keperluan": "Pendaftaran calon PMI"}
    letter_type = LetterType.objects.get(village_id=JATINOM, code="domisili")
    secretary = UserFactory(username="sekdes.sample", memberships=[(Role.VILLAGE_SECRETARY, JATINOM)])
    head = UserFactory(username="kades.sample", memberships=[(Role.VILLAGE_HEAD, JATINOM)], full_name="Suprapto")
    letter = check_letter(secretary, draft_letter(operator, letter_type, values))
    letter = sign_letter(head, letter, signed_on=datetime.date(2026, 3, 2))
    letter.return_note, letter.revocation_reason = "Alamat kurang", "Belum dicabut"  # every encrypted field
    letter.save()
    return letter


def make_letter_signature(operator):
    from village_services.models import Letter, LetterSignature

    return LetterSignature.objects.get(letter=Letter.objects.filter(status="valid").first())


def make_webhook_endpoint(operator):
    from webhooks.models import Endpoint

    return Endpoint.objects.create(name="SIM kabupaten", url="https://sim.example/hook",
                                   secret="rahasia-penandatangan-0001", events=["case.opened"])


def make_data_key(operator):
    # A person's data key (core.crypto): written with the person's first sealed value.
    from core.crypto import data_key_id
    from core.models import DataKey
    from people.models import Person

    return DataKey.objects.get(kid=data_key_id(Person.objects.get(nik_hash=Person.hidden_columns(NIK, "", "")[
        "nik_hash"])))


def make_data_request(operator):
    from people.models import Person
    from privacy.services import file_request

    person = Person.objects.get(nik_hash=Person.hidden_columns(NIK, "", "")["nik_hash"])
    return file_request(operator, kind="correction", village=JATINOM, person=person,
                        details={"field": "address", "value": "RT 01 RW 02"}, contact="081234567890")


# One record of every model that has an encrypted field. A new encrypted model fails
# test_every_model_with_an_encrypted_field_has_a_sample_here until it is added.
def make_inbound_message(operator):
    from messaging.models import InboundMessage, number_hash
    from messaging.services.inbound import receive

    receive("sms", "sample-inbound", "+6281234567001", "apa kabar")
    return InboundMessage.objects.get(phone_hash=number_hash("+6281234567001"))


def make_conversation(operator):
    from messaging.models import Conversation, number_hash
    from messaging.services.inbound import receive

    receive("whatsapp", "sample-lapor", "+6281234567002", "LAPOR", profile_name="Sutrisno")
    return Conversation.objects.get(phone_hash=number_hash("+6281234567002"))


from tests.cases.encryption_samples import case_record_samples  # noqa: E402
from tests.community.encryption_samples import community_samples  # noqa: E402
from tests.core.encryption_samples import sealed_record_samples  # noqa: E402
from tests.empowerment.encryption_samples import empowerment_samples  # noqa: E402
from tests.migrants.encryption_samples import migrants_samples  # noqa: E402

SAMPLES = {
    "messaging.InboundMessage": make_inbound_message,
    "messaging.Conversation": make_conversation,
    "people.Person": make_person,
    "people.FamilyContact": make_family_contact,
    "migrants.Placement": make_placement,
    "core.DataKey": make_data_key,
    "privacy.DataRequest": make_data_request,
    "cases.Case": make_case,
    "services.ServiceRequest": make_service_request,
    "services.Letter": make_letter,
    "services.LetterSignature": make_letter_signature,
    "webhooks.Endpoint": make_webhook_endpoint,
    # After the person and placement above (issue 19.3: records, numbers and the audit log sealed).
    **sealed_record_samples(),
    **case_record_samples(),  # on the cases.Case sample (issue 19.3: case texts, claims, consents sealed)
    **community_samples(),  # issue 19.3: members' and participants' names sealed
    **empowerment_samples(),  # issue 19.3: participants' and enterprise owners' names and texts sealed
    **migrants_samples(),  # issue 19.3: the field recruiter register sealed under each recruiter's own key
}


def _is_history(model):
    return issubclass(model, HistoricalChanges)


def stored_values():
    """{(model label, pk, field name): value} for every encrypted field of every row, history included."""
    values = {}
    for model, fields in encrypted_models():
        for obj in model._base_manager.order_by("pk"):
            for field in fields:
                values[(model._meta.label, obj.pk, field.name)] = getattr(obj, field.attname)
    return values


def raw_tokens():
    tokens = {}
    for model, fields in encrypted_models():
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {columns} FROM {table}")
            for row in cursor.fetchall():
                for field, token in zip(fields, row[1:], strict=True):
                    if isinstance(field, (SealableTextField, SealableJSONField)) and not is_encrypted_token(token):
                        continue  # plain by design (an audit entry about no one's record)
                    tokens[(model._meta.label, row[0], field.name)] = token
    return tokens


@pytest.fixture
def one_of_each(jatinom_operator):
    return {label: make(jatinom_operator) for label, make in SAMPLES.items()}


def test_every_model_with_an_encrypted_field_has_a_sample_here():
    found = {model._meta.label for model, _fields in encrypted_models() if not _is_history(model)}
    assert found == set(SAMPLES)


def test_rotation_keeps_every_encrypted_value_and_history_row_readable_after_the_old_key_is_removed(
        one_of_each, settings):
    before = stored_values()
    # Every encrypted model, history tables included, holds a non-empty value to rotate.
    filled = {label for (label, _pk, _name), value in before.items() if value not in ("", {}, None)}
    assert filled == {model._meta.label for model, _fields in encrypted_models()}
    assert "people.HistoricalPerson" in filled
    assert not any(isinstance(value, Undecryptable) for value in before.values())

    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is retired

    after = stored_values()
    # The rotation records itself in the audit log (an encrypted column too): that entry is the only new value.
    added = {key: value for key, value in after.items() if key not in before}
    assert {(label, name) for (label, _pk, name) in added} == {("audit.AuditEntry", "note"),
                                                              ("audit.AuditEntry", "object_repr"),
                                                              ("audit.AuditEntry", "changes")}
    assert added[next(key for key in added if key[2] == "object_repr")] == "rotate_encryption_keys"
    assert {key: value for key, value in after.items() if key in before} == before
    new, old = Fernet(new_key.encode()), Fernet(old_key.encode())
    for token in raw_tokens().values():
        if token:
            new.decrypt(token.encode())
            with pytest.raises(InvalidToken):
                old.decrypt(token.encode())
    from core.checks import key_fingerprint_errors

    assert key_fingerprint_errors() == []


def test_under_a_wrong_key_saving_a_loaded_record_is_refused_and_the_ciphertext_stays(one_of_each, settings):
    before = raw_tokens()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    for label, original in one_of_each.items():
        model = type(original)
        obj = model.objects.get(pk=original.pk)
        for model_, fields in encrypted_models():
            if model_ is model:
                for field in fields:
                    value = getattr(obj, field.attname)
                    assert isinstance(value, Undecryptable), (label, field.name)
                    with pytest.raises(DecryptionError):
                        str(value)
                    with pytest.raises(DecryptionError):
                        bool(value)
        # (Person.save() already fails computing the NIK hash; the field refuses the others.)
        with pytest.raises(DecryptionError, match=label.replace(".", r"\.")):
            obj.save()
        # Leaving the encrypted field out of the update is refused too: the record cannot be read.
        plain = next(f.attname for f in model._meta.concrete_fields
                     if not f.primary_key and f not in dict(encrypted_models())[model])
        with pytest.raises(DecryptionError, match=label.replace(".", r"\.")):
            obj.save(update_fields=[plain])
        with pytest.raises(DecryptionError, match=label.replace(".", r"\.")):
            model.objects.bulk_update([obj], [f.name for m, fs in encrypted_models() if m is model for f in fs])
    assert raw_tokens() == before


def test_a_page_showing_an_undecryptable_record_answers_with_the_key_problem_page(
        one_of_each, jatinom_operator, client_for, settings, caplog):
    person = one_of_each["people.Person"]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with caplog.at_level(logging.ERROR, logger="payung.keys"):
        response = client_for(jatinom_operator).get(f"/warga/{person.pk}/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Masalah kunci enkripsi" in body
    assert "FIELD_ENCRYPTION_KEYS" in body
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.name == "payung.keys"] == [
        f"Encryption key problem on GET /warga/{person.pk}/"]


# --- Wrong keys stop the start ----------------------------------------------------------------------------

def test_correct_keys_pass_the_start_up_check(db):
    from core.checks import record_key_fingerprint

    assert record_key_fingerprint() == []
    call_command("check", verbosity=0)
    call_command("check", databases=["default"], verbosity=0)


def test_a_wrong_encryption_key_stops_the_start(db, settings):
    from core.checks import record_key_fingerprint, refuse_to_start_with_wrong_keys

    record_key_fingerprint()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SystemCheckError, match=r"payung\.E001") as exc:
        call_command("check")
    assert "payung.E002" not in str(exc.value)
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=r"refuses to start: \[payung\.E001\] FIELD_ENCRYPTION_KEYS"):
        refuse_to_start_with_wrong_keys()


def test_a_new_key_in_front_of_the_recorded_one_still_starts(db, settings):
    from core.checks import key_fingerprint_errors, record_key_fingerprint

    record_key_fingerprint()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    assert key_fingerprint_errors() == []


def test_a_wrong_hash_key_stops_the_start(db, settings):
    from core.checks import record_key_fingerprint

    record_key_fingerprint()
    settings.FIELD_HASH_KEY = "another-hash-key"
    with pytest.raises(SystemCheckError, match=r"payung\.E002\) FIELD_HASH_KEY is not the key") as exc:
        call_command("check")
    assert "payung.E001" not in str(exc.value)


def test_the_deploy_check_reports_each_development_key(db, settings):
    dev = django_settings.DEVELOPMENT_KEYS
    settings.SECRET_KEY = dev["SECRET_KEY"]
    settings.FIELD_ENCRYPTION_KEYS = [dev["FIELD_ENCRYPTION_KEYS"]]
    settings.FIELD_HASH_KEY = dev["FIELD_HASH_KEY"]
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", deploy=True)
    message = str(exc.value)
    for check_id in ("payung.E010", "payung.E011", "payung.E012"):
        assert check_id in message


def test_the_deploy_check_accepts_keys_of_ones_own(settings):
    from core.checks import check_development_keys

    settings.SECRET_KEY = "a-production-secret-key-" + "x" * 40
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    settings.FIELD_HASH_KEY = "a-production-hash-key"
    assert check_development_keys() == []
    # An old development key still listed after a new one is reported too: data written with it is readable.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), django_settings.DEVELOPMENT_KEYS[
        "FIELD_ENCRYPTION_KEYS"]]
    assert [e.id for e in check_development_keys()] == ["payung.E011"]


def test_migrate_on_an_empty_database_records_the_keys_and_a_later_start_with_other_keys_fails(tmp_path):
    """End to end, as an operator runs it: migrate (checks on) into an empty database, then start."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "FIELD_HASH_KEY": "hash-key-one"}

    def run(*args, **extra):
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env={**env, **extra},
                              cwd=django_settings.BASE_DIR)

    migrated = run("manage.py", "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert run("manage.py", "check").returncode == 0
    wrong_hash = run("manage.py", "check", FIELD_HASH_KEY="hash-key-two")
    assert wrong_hash.returncode == 1
    assert "payung.E002" in wrong_hash.stderr
    # gunicorn imports payung.wsgi: a worker with a wrong encryption key fails to boot.
    wsgi = run("-c", "import payung.wsgi", FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert wsgi.returncode == 1
    assert "ImproperlyConfigured: Payung refuses to start: [payung.E001]" in wsgi.stderr
    assert run("-c", "import payung.wsgi").returncode == 0
