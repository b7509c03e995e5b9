"""Numbers are ciphertext in every messaging table (issue 19 point 3), sealed under the person's data key where the
row names a person; consent, opt-out, language and conversation lookups go through the keyed hash, and a copy of
the raw rows taken before the person's erasure opens to nothing afterwards."""

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from messaging.models import Consent, Message, number_hash
from messaging.services import consent as consents
from messaging.services import inbound, language, outbound
from privacy import services as privacy

pytestmark = pytest.mark.django_db

NUMBER = "+6281298765432"
TABLES = {"messaging_consent": "phone", "messaging_optout": "phone", "messaging_numberlanguage": "phone",
          "messaging_historicalnumberlanguage": "phone", "messaging_message": "to",
          "messaging_inboundmessage": "phone", "messaging_conversation": "phone"}


def raw_cells():
    cells = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")
            cells[table] = [v for row in cursor.fetchall() for v in row if isinstance(v, str)]
    return cells


def test_no_messaging_table_keeps_a_number_in_clear_and_lookups_find_it_by_its_keyed_hash(regions, gateways):
    consents.give_consent(None, phone="0812 9876 5432", purpose="complaint", given_by="Sutrisno", how="uji")
    language.set_language(None, NUMBER, "en", how="uji")
    message = outbound.queue_event("complaint_received", to=NUMBER, values={"kode": "ABCD-EFGH-JKLM",
                                                                            "tautan": "https://x/l/"})
    inbound.receive("sms", "in-1", NUMBER, "LAPOR")
    consents.opt_out(NUMBER, channel="sms", how="uji")

    cells = raw_cells()
    assert {t for t, values in cells.items() if values} == set(TABLES)
    assert [t for t, values in cells.items() if any("9876" in v for v in values)] == []
    assert (Message.objects.get(pk=message.pk).to, language.language_for(NUMBER)) == (NUMBER, "en")
    assert consents.is_opted_out(NUMBER) and not consents.has_consent(NUMBER, "complaint")
    assert Consent.objects.get(phone_hash=number_hash(NUMBER)).phone == NUMBER


def test_a_persons_consent_and_messages_are_sealed_under_their_key_and_open_to_nothing_after_erasure(
        make_person, jatinom_operator, gateways):
    person = make_person(name="Sumarni", phone=NUMBER)
    consents.give_consent(jatinom_operator, phone=NUMBER, purpose="complaint", given_by="Sumarni", how="uji",
                          person=person)
    assert outbound.queue_event("complaint_received", to=NUMBER, values={"kode": "ABCD-EFGH-JKLM",
                                                                         "tautan": "https://x/l/"}, person=person)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM messaging_consent UNION ALL SELECT \"to\" FROM messaging_message")
        backup = [r[0] for r in cursor.fetchall()]
    assert len(backup) == 2 and all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in backup)

    privacy.erase_person(jatinom_operator, person)

    from tests.migrants.test_sealed_records import opened

    assert [opened(v) for v in backup] == [None, None]
    assert not consents.has_consent(NUMBER, "complaint")
    consent = Consent.objects.get(person=person)
    assert (consent.phone, consent.phone_hash, consent.withdrawn_at is not None) == ("", "", True)
