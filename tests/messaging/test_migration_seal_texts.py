"""Migration messaging 0004 seals stored message bodies, parameters and consent givers under the person's data key
where the row names a person, else the row's own key, and inbound texts, LAPOR answers and numbers under their rows'
own keys; the way back opens them again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.crypto import SEAL_PREFIX, _split_sealed, decrypt, is_encrypted_token
from core.models import DataKey
from messaging.models import Consent, InboundMessage, Message
from tests.privacy.rawrows import opened

BEFORE = [("messaging", "0003_seal_numbers")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def raw(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM {table} ORDER BY id')
        return [row[0] for row in cursor.fetchall()]


def kinds(tokens):
    return [DataKey.objects.get(kid=_split_sealed(decrypt(t))[0]).subject_type for t in tokens]


@pytest.mark.django_db(transaction=True)
def test_stored_texts_are_sealed_under_the_person_or_the_rows_own_key_and_opened_on_the_way_back(make_person):
    person = make_person(name="Sumarni", phone="+6281298765432")
    migrate(BEFORE)
    try:
        state = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old_message = state.get_model("messaging", "Message")
        old_inbound = state.get_model("messaging", "InboundMessage")
        old_consent = state.get_model("messaging", "Consent")
        old_message.objects.create(to="+6281298765432", channel="sms", event="reply", purpose="reply",
                                   body="Halo Sumarni", params={"values": ["Sumarni"]}, person_id=person.pk)
        old_message.objects.create(to="+6281200000001", channel="sms", event="reply", purpose="reply",
                                   body="Balasan", params={})
        old_inbound.objects.create(channel="sms", phone="+6281200000001", text="Tolong anak saya")
        old_consent.objects.create(phone="+6281200000001", purpose="complaint", given_by="Bapak Slamet",
                                   how="uji", wording_version="1", wording="Setuju")
        assert raw("messaging_message", "body") == ["Halo Sumarni", "Balasan"]
    finally:
        migrate()
    bodies, texts, givers = raw("messaging_message", "body"), raw("messaging_inboundmessage", "text"), \
        raw("messaging_consent", "given_by")
    assert all(is_encrypted_token(t) and decrypt(t).startswith(SEAL_PREFIX) for t in bodies + texts + givers)
    assert kinds(bodies) == ["people.person", "messaging.message"]
    assert (kinds(texts), kinds(givers)) == (["messaging.inboundmessage"], ["messaging.consent"])
    assert [opened(t) for t in bodies] == ["Halo Sumarni", "Balasan"]
    assert [(m.body, m.params) for m in Message.objects.order_by("pk")] == [
        ("Halo Sumarni", {"values": ["Sumarni"]}), ("Balasan", {})]
    assert (InboundMessage.objects.get().text, Consent.objects.get().given_by) == ("Tolong anak saya", "Bapak Slamet")

    migrate(BEFORE)
    try:
        assert raw("messaging_message", "body") == ["Halo Sumarni", "Balasan"]
        assert raw("messaging_consent", "given_by") == ["Bapak Slamet"]
    finally:
        migrate()
