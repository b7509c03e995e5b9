"""The WhatsApp Cloud API and the Android SMS gateway, against a local HTTP server speaking their documented
request and answer formats (pytest-httpserver): success, 4xx, 5xx, timeouts, a gateway that is down."""

import base64
import json
import socket

import pytest
from django.utils import timezone

from messaging.models import Message, Status
from messaging.services import outbound
from messaging.services.consent import give_consent

pytestmark = pytest.mark.django_db

TO = "+6281234567890"


@pytest.fixture
def whatsapp(settings, httpserver, regions):
    settings.MESSAGING_WHATSAPP_GATEWAY = "whatsapp_cloud"
    settings.MESSAGING_WHATSAPP_API_URL = httpserver.url_for("/")
    settings.MESSAGING_WHATSAPP_API_VERSION = "v21.0"
    settings.MESSAGING_WHATSAPP_PHONE_NUMBER_ID = "106540352242922"
    settings.MESSAGING_WHATSAPP_TOKEN = "test-token"
    settings.MESSAGING_HTTP_TIMEOUT = 2
    return httpserver


@pytest.fixture
def android(settings, httpserver, regions):
    settings.MESSAGING_SMS_GATEWAY = "android_sms"
    settings.MESSAGING_SMS_API_URL = httpserver.url_for("/")
    settings.MESSAGING_SMS_USERNAME, settings.MESSAGING_SMS_PASSWORD = "sms", "rahasia"
    settings.MESSAGING_HTTP_TIMEOUT = 2
    return httpserver


def _queued(channel="whatsapp", event="complaint_received", values=None):
    give_consent(None, phone=TO, purpose="complaint", given_by="Sutrisno", how="uji", channel=channel)
    return outbound.queue_event(event, to=TO, values=values or {"kode": "ABCD-EFGH-JKLM", "tautan": "https://x/l/"})


GRAPH_PATH = "/v21.0/106540352242922/messages"


def test_whatsapp_sends_the_approved_template_with_its_parameters(whatsapp):
    whatsapp.expect_oneshot_request(GRAPH_PATH, method="POST",
                                    headers={"Authorization": "Bearer test-token"}).respond_with_json({
        "messaging_product": "whatsapp", "contacts": [{"input": "6281234567890", "wa_id": "6281234567890"}],
        "messages": [{"id": "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjQ"}]})
    message = _queued()
    assert outbound.deliver(message.pk) == Status.SENT
    body = json.loads(whatsapp.log[0][0].get_data())
    assert body == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
                    "type": "template", "template": {
                        "name": "payung_pengaduan_diterima", "language": {"code": "id"},
                        "components": [{"type": "body", "parameters": [
                            {"type": "text", "text": "ABCD-EFGH-JKLM"}, {"type": "text", "text": "https://x/l/"}]}]}}
    message.refresh_from_db()
    assert (message.gateway_id, message.attempts) == ("wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjQ", 1)


def test_whatsapp_answers_within_the_session_window_with_a_text(whatsapp):
    from messaging.models import InboundMessage

    InboundMessage.objects.create(channel="whatsapp", phone=TO, text="STATUS")
    whatsapp.expect_oneshot_request(GRAPH_PATH, method="POST").respond_with_json({"messages": [{"id": "wamid.2"}]})
    message = _queued()
    outbound.deliver(message.pk)
    body = json.loads(whatsapp.log[0][0].get_data())
    assert (body["type"], body["text"]["body"]) == ("text", message.body)


def test_whatsapp_4xx_fails_the_message_with_metas_reason(whatsapp):
    whatsapp.expect_oneshot_request(GRAPH_PATH, method="POST").respond_with_json({"error": {
        "message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131026,
        "error_data": {"messaging_product": "whatsapp", "details": "Receiver is incapable of receiving this message"},
        "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}, status=400)
    message = _queued()
    assert outbound.deliver(message.pk) == Status.FAILED
    message.refresh_from_db()
    assert message.reason == ("HTTP 400: 131026 (#131026) Message undeliverable Receiver is incapable of receiving "
                              "this message")


def test_whatsapp_5xx_keeps_the_message_queued_for_a_later_attempt(whatsapp, settings):
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    whatsapp.expect_oneshot_request(GRAPH_PATH, method="POST").respond_with_data("upstream", status=503)
    message = _queued()
    before = timezone.now()
    assert outbound.deliver(message.pk) == Status.QUEUED
    message.refresh_from_db()
    assert (message.status, message.attempts, message.reason) == (Status.QUEUED, 1, 'HTTP 503: {"raw": "upstream"}')
    assert message.next_attempt_at >= before + timezone.timedelta(seconds=60)
    # Not due yet: a second worker does not touch it.
    assert outbound.deliver(message.pk) is None
    assert outbound.drain() == 0


def test_whatsapp_rate_limit_answer_is_retried_not_failed(whatsapp):
    whatsapp.expect_oneshot_request(GRAPH_PATH, method="POST").respond_with_json(
        {"error": {"message": "(#131056) Pair rate limit hit", "code": 131056}}, status=400)
    message = _queued()
    assert outbound.deliver(message.pk) == Status.QUEUED


def test_a_gateway_that_does_not_answer_in_time_leaves_the_message_queued(settings, regions):
    # A socket that accepts connections and never answers: the timeout, with no timing in the test.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        settings.MESSAGING_SMS_GATEWAY = "android_sms"
        settings.MESSAGING_SMS_API_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.MESSAGING_HTTP_TIMEOUT = 0.3
        message = _queued(channel="sms")
        assert outbound.deliver(message.pk) == Status.QUEUED
        message.refresh_from_db()
        assert message.reason.startswith("TimeoutError") or "timed out" in message.reason
    finally:
        silent.close()


def test_a_gateway_that_is_down_leaves_the_message_queued_and_retried(settings, regions):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    settings.MESSAGING_SMS_GATEWAY = "android_sms"
    settings.MESSAGING_SMS_API_URL = f"http://127.0.0.1:{port}"
    message = _queued(channel="sms")
    assert outbound.deliver(message.pk) == Status.QUEUED
    message.refresh_from_db()
    assert (message.attempts, message.reason.startswith("URLError")) == (1, True)
    # Once due again, it is sent through a gateway that is back.
    settings.MESSAGING_SMS_GATEWAY = "console"
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbound.drain() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


def _down_gateway(settings):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.MESSAGING_SMS_GATEWAY = "android_sms"
    settings.MESSAGING_SMS_API_URL = f"http://127.0.0.1:{port}"


def test_a_long_outage_keeps_the_message_queued_however_many_attempts_failed(settings, regions):
    _down_gateway(settings)
    message = _queued(channel="sms")
    Message.objects.filter(pk=message.pk).update(attempts=500)
    assert outbound.deliver(message.pk) == Status.QUEUED
    message.refresh_from_db()
    assert (message.status, message.attempts, message.failed_at) == (Status.QUEUED, 501, None)


def test_a_deployment_that_caps_the_attempts_fails_the_message_with_the_reason(settings, regions):
    _down_gateway(settings)
    settings.MESSAGING_MAX_ATTEMPTS = 3
    message = _queued(channel="sms")
    Message.objects.filter(pk=message.pk).update(attempts=2)
    assert outbound.deliver(message.pk) == Status.FAILED
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.reason.startswith("Gateway tidak dapat dihubungi setelah 3 percobaan: URLError")


def test_android_sms_sends_with_basic_auth_and_our_key_as_the_message_id(android):
    auth = "Basic " + base64.b64encode(b"sms:rahasia").decode()
    android.expect_oneshot_request("/message", method="POST", headers={"Authorization": auth}).respond_with_json(
        {"id": "ignored-by-us", "state": "Pending", "recipients": [{"phoneNumber": TO, "state": "Pending"}]},
        status=202)
    message = _queued(channel="sms")
    assert outbound.deliver(message.pk) == Status.SENT
    body = json.loads(android.log[0][0].get_data())
    assert body == {"id": str(message.key), "textMessage": {"text": message.body}, "phoneNumbers": [TO]}
    message.refresh_from_db()
    assert message.gateway_id == "ignored-by-us"


def test_android_sms_409_for_a_key_already_accepted_counts_as_sent(android):
    android.expect_oneshot_request("/message", method="POST").respond_with_json(
        {"message": "duplicate id"}, status=409)
    message = _queued(channel="sms")
    assert outbound.deliver(message.pk) == Status.SENT
    message.refresh_from_db()
    assert message.gateway_id == str(message.key)


def test_android_sms_401_fails_with_the_reason(android):
    android.expect_oneshot_request("/message", method="POST").respond_with_json({"message": "Unauthorized"},
                                                                                 status=401)
    message = _queued(channel="sms")
    assert outbound.deliver(message.pk) == Status.FAILED
    message.refresh_from_db()
    assert message.reason == "HTTP 401: Unauthorized"


def test_a_message_is_claimed_once_even_when_two_workers_ask(regions, gateways):
    message = _queued()
    assert outbound.deliver(message.pk, worker="a") == Status.SENT
    assert outbound.deliver(message.pk, worker="b") is None
    message.refresh_from_db()
    assert (message.attempts, message.claimed_by) == (1, "a")


def test_a_message_left_sending_by_a_killed_worker_is_requeued_only_through_an_idempotent_gateway(regions, gateways):
    sms = _queued(channel="sms")
    Message.objects.filter(pk=sms.pk).update(status=Status.SENDING, claimed_at=timezone.now() - timezone.timedelta(
        hours=1))
    gateways.MESSAGING_WHATSAPP_GATEWAY = "whatsapp_cloud"
    wa = outbound.queue_reply(TO, "whatsapp", "reply_help")
    Message.objects.filter(pk=wa.pk).update(status=Status.SENDING, claimed_at=timezone.now() - timezone.timedelta(
        hours=1))
    assert outbound.recover_stale() == (1, 1)
    sms.refresh_from_db()
    wa.refresh_from_db()
    assert sms.status == Status.QUEUED
    assert (wa.status, wa.reason) == (Status.FAILED, "Hasil pengiriman tidak diketahui (pekerja berhenti saat "
                                                     "mengirim); tidak dikirim ulang agar tidak ganda.")
