"""Webhooks (signature, verification challenge, duplicates) and what numbers send: LAPOR, STATUS, help."""

import hashlib
import hmac
import json
import time

import pytest
from django.urls import reverse

from cases.models import Case
from messaging.models import Event, InboundMessage, Message, Status
from messaging.services import inbound, outbound
from tests.conftest import GOGODESO, JATINOM

from .conftest import FAMILY

pytestmark = pytest.mark.django_db

SECRET = "meta-app-secret"
SMS_KEY = "android-signing-key"
OTHER = "+6285799887766"
HELP = ("Payung: balas LAPOR (atau 1) untuk membuat pengaduan, STATUS <kode lacak> (atau 2) untuk melihat status, "
        "BERHENTI untuk berhenti menerima pesan, ENGLISH untuk pesan berbahasa Inggris.")


@pytest.fixture
def hooks(gateways):
    gateways.MESSAGING_WHATSAPP_APP_SECRET = SECRET
    gateways.MESSAGING_WHATSAPP_VERIFY_TOKEN = "verify-me"
    gateways.MESSAGING_SMS_WEBHOOK_KEY = SMS_KEY
    return gateways


def wa_body(sender, text, wamid):
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                  "contacts": [{"profile": {"name": "Sutrisno"}, "wa_id": sender.lstrip("+")}],
                  "messages": [{"from": sender.lstrip("+"), "id": wamid, "timestamp": "1749416383", "type": "text",
                                "text": {"body": text}}]},
        "field": "messages"}]}]}).encode()


def wa_status_body(wamid, status, errors=None):
    item = {"id": wamid, "status": status, "timestamp": "1750263773", "recipient_id": FAMILY.lstrip("+")}
    if errors:
        item["errors"] = errors
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "value": {"messaging_product": "whatsapp", "statuses": [item]}, "field": "messages"}]}]}).encode()


def post_wa(client, body, secret=SECRET):
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(reverse("messaging:whatsapp_webhook"), body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=signature)


def post_sms(client, payload, key=SMS_KEY, timestamp=None):
    body = json.dumps(payload).encode()
    stamp = str(timestamp or int(time.time()))
    signature = hmac.new(key.encode(), body + stamp.encode(), hashlib.sha256).hexdigest()
    return client.post(reverse("messaging:sms_webhook"), body, content_type="application/json",
                       HTTP_X_SIGNATURE=signature, HTTP_X_TIMESTAMP=stamp)


def sms_received(text, delivery_id, sender=FAMILY):
    return {"deviceId": "ffffffffceb0b1db0000018e937c815b", "event": "sms:received", "id": delivery_id,
            "payload": {"messageId": "abc123", "message": text, "phoneNumber": sender, "simNumber": 1,
                        "receivedAt": "2026-12-02T15:46:11.000+07:00"}, "webhookId": "wh-1"}


def test_the_verification_challenge_is_answered_only_with_the_right_token(client, hooks):
    url = reverse("messaging:whatsapp_webhook")
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.content) == (200, b"1158201444")
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert wrong.status_code == 403


def test_a_webhook_with_a_wrong_signature_is_refused_and_records_nothing(client, hooks, regions):
    answer = post_wa(client, wa_body(FAMILY, "LAPOR", "wamid.A"), secret="not-the-secret")
    assert answer.status_code == 403
    unsigned = client.post(reverse("messaging:whatsapp_webhook"), wa_body(FAMILY, "LAPOR", "wamid.A"),
                           content_type="application/json")
    assert unsigned.status_code == 403
    assert (InboundMessage.objects.count(), Message.objects.count()) == (0, 0)


def test_a_duplicate_webhook_delivery_is_processed_once(client, hooks, regions):
    body = wa_body(FAMILY, "halo", "wamid.HBgLMQ")
    first, second = post_wa(client, body), post_wa(client, body)
    assert (first.json(), second.json()) == ({"inbound": 1, "statuses": 0, "duplicates": 0},
                                             {"inbound": 0, "statuses": 0, "duplicates": 1})
    assert InboundMessage.objects.count() == 1
    assert list(Message.objects.values_list("template", flat=True)) == ["reply_help"]


def test_delivery_reports_move_the_message_forward_and_keep_the_failure_reason(client, hooks, complaint):
    complaint()
    message = Message.objects.get()
    outbound.deliver(message.pk)
    Message.objects.filter(pk=message.pk).update(gateway_id="wamid.OUT1")
    post_wa(client, wa_status_body("wamid.OUT1", "delivered"))
    post_wa(client, wa_status_body("wamid.OUT1", "read"))
    post_wa(client, wa_status_body("wamid.OUT1", "delivered"))  # late and out of order: ignored
    message.refresh_from_db()
    assert (message.status, message.delivered_at is not None, message.read_at is not None) == (Status.READ, True, True)
    other = outbound.queue_reply(FAMILY, "whatsapp", "reply_help")
    outbound.deliver(other.pk)
    Message.objects.filter(pk=other.pk).update(gateway_id="wamid.OUT2")
    post_wa(client, wa_status_body("wamid.OUT2", "failed", [{"code": 131047, "title": "Re-engagement message"}]))
    other.refresh_from_db()
    assert (other.status, other.reason) == (Status.FAILED, "131047 Re-engagement message")


def test_the_sms_webhook_checks_the_signature_and_its_timestamp(client, hooks, regions):
    assert post_sms(client, sms_received("halo", "d1"), key="wrong").status_code == 403
    assert post_sms(client, sms_received("halo", "d2"), timestamp=int(time.time()) - 3600).status_code == 403
    assert post_sms(client, sms_received("halo", "d3")).status_code == 200
    again = post_sms(client, sms_received("halo", "d3"))
    assert again.json() == {"inbound": 0, "statuses": 0, "duplicates": 1}
    assert InboundMessage.objects.count() == 1


def test_lapor_by_sms_is_a_guided_exchange_that_files_a_complaint_and_sends_its_code(client, hooks, regions):
    for step, text in enumerate(["LAPOR", "Jatinom", "Sri Wahyuni", "Malaysia", "Paspor ditahan majikan"]):
        assert post_sms(client, sms_received(text, f"lapor-{step}")).status_code == 200
    case = Case.objects.get()
    assert (case.village_id, case.worker_name, case.destination_country.code, case.channel,
            case.complainant_phone) == (JATINOM, "Sri Wahyuni", "MY", "phone", FAMILY)
    assert case.description == "Paspor ditahan majikan"
    replies = list(Message.objects.filter(event=Event.REPLY).order_by("id").values_list("body", flat=True))
    assert replies[1:] == ["Desa asal pekerja migran? Tulis nama desa (mis. Jatinom).", "Nama pekerja migran?",
                           "Negara tempat bekerja?", "Ceritakan singkat apa yang terjadi."]
    receipt = Message.objects.get(event=Event.COMPLAINT_RECEIVED)
    assert (receipt.to, receipt.channel, case.tracking_code in receipt.body) == (FAMILY, "sms", True)


def test_an_unknown_village_is_asked_again(regions, gateways):
    inbound.receive("sms", "1", FAMILY, "LAPOR")
    inbound.receive("sms", "2", FAMILY, "Atlantis")
    assert Message.objects.latest("id").body == "Payung: desa tidak ditemukan. Tulis nama desa lagi (mis. Jatinom)."
    assert inbound.Conversation.objects.get().step == "village"


def test_one_free_text_message_from_a_registered_number_is_a_draft_in_the_village_inbox(regions, gateways,
                                                                                     make_person):
    make_person(village=GOGODESO, name="Siti Aminah", phone=OTHER)
    assert inbound.receive("whatsapp", "w1", OTHER, "LAPOR suami saya di Taiwan tidak bisa dihubungi") == "complaint"
    case = Case.objects.get()
    assert (case.village_id, case.worker_name, case.status) == (GOGODESO, "Siti Aminah", "received")
    assert case.description == ("[Draf dari pesan whatsapp: lengkapi data pekerja dan kategori.]\n"
                                "suami saya di Taiwan tidak bisa dihubungi")


def test_status_answers_only_the_number_that_filed_the_complaint(complaint):
    case = complaint()
    inbound.receive("whatsapp", "s1", FAMILY, f"STATUS {case.tracking_code}")
    inbound.receive("whatsapp", "s2", OTHER, f"status {case.tracking_code}")
    answers = dict(Message.objects.filter(event=Event.REPLY).values_list("to", "body"))
    assert answers[FAMILY].startswith(f'Payung: pengaduan {case.tracking_code} berstatus "Diterima".')
    assert answers[OTHER] == "Payung: kode lacak tidak ditemukan untuk nomor ini."


def test_at_most_five_new_complaints_per_number_per_day(regions, gateways, make_person):
    make_person(village=JATINOM, name="Siti Aminah", phone=OTHER)
    results = [inbound.receive("whatsapp", f"w{i}", OTHER, f"LAPOR kejadian nomor {i} gaji tidak dibayar")
               for i in range(6)]
    assert results == ["complaint"] * 5 + ["throttled"]
    assert Case.objects.count() == 5
    assert Message.objects.latest("id").body.startswith("Payung: batas 5 pengaduan per hari")


def test_an_unknown_message_gets_the_help_text(regions, gateways):
    assert inbound.receive("whatsapp", "h1", OTHER, "apa kabar") == "help"
    assert Message.objects.get().body == HELP


def test_a_picture_without_text_during_lapor_repeats_the_question_and_files_nothing(regions, gateways):
    inbound.receive("whatsapp", "p1", OTHER, "LAPOR")
    inbound.receive("whatsapp", "p2", OTHER, "Jatinom")
    assert inbound.receive("whatsapp", "p3", OTHER, "") == "lapor"
    assert Message.objects.latest("id").body == "Nama pekerja migran?"
    assert (Case.objects.count(), inbound.Conversation.objects.get().step) == (0, "worker")
