"""What a number sends or is sent is sealed like the number (issue 19 point 3): message bodies and parameters and
consent givers under the person's data key where the row names a person, else under the row's own key; inbound
texts, LAPOR answers, opt-outs and number languages under their own keys. Erasing a person reaches the rows found
by their number's keyed hash that name no one: their keys are destroyed, so the live rows, the history rows and a
copy taken before erasure open to nothing, while the counts stay."""

import pytest
from django.db import connection

from core.crypto import SEAL_PREFIX, _split_sealed, decrypt, is_encrypted_token
from core.models import DataKey
from messaging.models import Consent, InboundMessage, Message, NumberLanguage, OptOut
from messaging.services import consent as consents
from messaging.services import inbound, outbound
from privacy import services as privacy
from tests.privacy.rawrows import opened

pytestmark = pytest.mark.django_db

NUMBER = "+6281298765432"
STORY = "Anak saya Sumarni ditahan majikan di Riyadh"
# Every sealed column of the messaging tables, live and history.
SEALED = {"messaging_consent": ["phone", "given_by"], "messaging_message": ['"to"', "body", "params"],
          "messaging_inboundmessage": ["phone", "text"], "messaging_conversation": ["phone", "data"],
          "messaging_optout": ["phone"], "messaging_numberlanguage": ["phone"],
          "messaging_historicalnumberlanguage": ["phone"]}


def raw_values():
    """{table: [stored non-empty values of its sealed columns]} of every row (the test's rows are the person's)."""
    found = {}
    with connection.cursor() as cursor:
        for table, columns in SEALED.items():
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
            found[table] = [v for row in cursor.fetchall() for v in row if v]
    return found


def key_kinds(values):
    return {DataKey.objects.get(kid=_split_sealed(decrypt(v))[0]).subject_type for v in values}


@pytest.fixture
def number_history(make_person, jatinom_operator, gateways):
    """A registered person whose number wrote to us before it was linked to anything: a consent given on a public
    form, the language switched, a story, a LAPOR exchange under way; and one message about the person."""
    person = make_person(name="Sumarni", phone=NUMBER)
    consents.give_consent(None, phone=NUMBER, purpose="complaint", given_by="Ibu Sumarni", how="formulir")
    inbound.receive("sms", "in-1", NUMBER, "ENGLISH")
    inbound.receive("sms", "in-2", NUMBER, STORY)
    inbound.receive("sms", "in-3", NUMBER, "LAPOR")
    inbound.receive("sms", "in-4", NUMBER, "Jatinom")
    assert outbound.queue_event("complaint_received", to=NUMBER, values={"kode": "ABCD-EFGH-JKLM",
                                                                         "tautan": "https://x/l/"}, person=person)
    return person


def test_bodies_texts_answers_and_givers_are_sealed_under_the_person_or_the_rows_own_key(number_history):
    stored = raw_values()
    assert {t for t, values in stored.items() if values} == set(SEALED) - {"messaging_optout"}
    tokens = [v for values in stored.values() for v in values]
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    assert key_kinds(stored["messaging_inboundmessage"]) == {"messaging.inboundmessage"}
    assert key_kinds(stored["messaging_conversation"]) == {"messaging.conversation"}
    assert key_kinds(stored["messaging_consent"]) == {"messaging.consent"}  # given before any person was named
    assert key_kinds(stored["messaging_message"]) == {"people.person", "messaging.message"}
    person_message = Message.objects.get(person=number_history)
    assert "ABCD-EFGH-JKLM" in person_message.body and person_message.params["values"]
    assert [m.text for m in InboundMessage.objects.order_by("pk")] == ["ENGLISH", STORY, "LAPOR", "Jatinom"]
    assert {opened(v) for v in stored["messaging_inboundmessage"]} >= {STORY, NUMBER}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM messaging_message")
        cells = [v for row in cursor.fetchall() for v in row if isinstance(v, str)]
    assert [c for c in cells if "ABCD" in c or "9876" in c] == []


def test_the_access_file_lists_what_the_persons_number_sent_and_its_language(number_history):
    sections = {s["title"]: s["rows"] for s in privacy.build_access_file(number_history)["sections"]}
    assert [r["Isi"] for r in sections["Pesan masuk dari nomor warga"]] == ["Jatinom", "LAPOR", STORY, "ENGLISH"]
    assert {r["Catatan"] for r in sections["Nomor warga di layanan pesan"]} == {"Percakapan LAPOR berjalan",
                                                                                 "Bahasa pesan"}
    assert len(sections["Pesan WhatsApp/SMS"]) == Message.objects.count()  # replies to the number included


def test_erasing_the_person_shreds_the_rows_found_by_their_number_and_keeps_the_counts(
        number_history, jatinom_operator):
    backup = raw_values()
    counts = (InboundMessage.objects.count(), Message.objects.count(), Consent.objects.count(),
              NumberLanguage.objects.count())

    erasure = privacy.erase_person(jatinom_operator, number_history)

    assert {opened(v) for values in backup.values() for v in values} == {None}
    now = raw_values()
    assert {opened(v) for values in now.values() for v in values} <= {erasure.pseudonym, None}
    assert now["messaging_conversation"] == [] and now["messaging_inboundmessage"] == []
    assert (InboundMessage.objects.count(), Message.objects.count(), Consent.objects.count(),
            NumberLanguage.objects.count()) == counts
    assert sorted(InboundMessage.objects.values_list("channel", flat=True)) == ["sms"] * 4
    assert NumberLanguage.objects.get().language == "en"
    assert not consents.has_consent(NUMBER, "complaint")
    assert Consent.objects.get().given_by == erasure.pseudonym
    assert InboundMessage.objects.filter(phone_hash__in=["", None]).count() == 4


def test_an_opt_out_of_the_persons_number_is_shredded_with_them_and_the_number_stays_opted_out(
        make_person, jatinom_operator, gateways):
    person = make_person(name="Sumarni", phone=NUMBER)
    inbound.receive("sms", "in-1", NUMBER, STORY)
    inbound.receive("sms", "in-2", NUMBER, "STOP")
    backup = raw_values()
    assert key_kinds(backup["messaging_optout"]) == {"messaging.optout"}

    privacy.erase_person(jatinom_operator, person)

    assert {opened(v) for values in backup.values() for v in values} == {None}
    assert OptOut.objects.count() == 1 and raw_values()["messaging_optout"] == []
    # What remains is the keyed hash: typed in again later, the number is still not messaged.
    assert consents.is_opted_out(NUMBER) and not consents.has_consent(NUMBER, "reply")
