"""SMS Gateway for Android (open source, github.com/capcom6/android-sms-gateway), local or cloud server.

Send: POST {base}/message with basic auth and {"id", "textMessage": {"text"}, "phoneNumbers": [...]}; the
answer (202) carries the message id and its state. We send our message key as `id`: the server refuses a
second message with the same id (409), so a retry after a lost answer reaches the phone once.
Webhooks (sms:received, sms:sent, sms:delivered, sms:failed) are signed: X-Signature = hex HMAC-SHA256 of
the raw body followed by X-Timestamp, with the signing key set in the app.
"""

import base64
import hashlib
import hmac
import time

from django.conf import settings

from .http import post_json, reject


class AndroidSmsGateway:
    idempotent = True

    def send(self, message):
        credentials = f"{settings.MESSAGING_SMS_USERNAME}:{settings.MESSAGING_SMS_PASSWORD}"
        auth = "Basic " + base64.b64encode(credentials.encode()).decode()
        payload = {"id": str(message.key), "textMessage": {"text": message.body}, "phoneNumbers": [message.to]}
        status, body = post_json(settings.MESSAGING_SMS_API_URL.rstrip("/") + "/message", payload,
                                 {"Authorization": auth}, settings.MESSAGING_HTTP_TIMEOUT)
        if status == 409:  # this key was accepted before (the answer to that request was lost)
            return str(message.key)
        if status >= 300:
            reject(status, body.get("message", "") if isinstance(body, dict) else body)
        return str(body.get("id") or message.key)


def valid_signature(raw_body, signature, timestamp, now=None):
    secret = settings.MESSAGING_SMS_WEBHOOK_KEY
    if not secret or not signature or not timestamp:
        return False
    try:
        if abs((now or time.time()) - int(timestamp)) > 300:  # a replay of an old delivery
            return False
    except ValueError:
        return False
    expected = hmac.new(secret.encode(), raw_body + timestamp.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


STATUSES = {"sms:sent": "sent", "sms:delivered": "delivered", "sms:failed": "failed"}


def parse_webhook(payload):
    """(inbound, statuses) like whatsapp.parse_webhook. The delivery id `id` identifies a webhook delivery
    (the payload's messageId of a received SMS is content-based, not unique)."""
    event, data = payload.get("event"), payload.get("payload") or {}
    delivery = str(payload.get("id", ""))
    if event == "sms:received":
        return [(delivery, str(data.get("phoneNumber", "")), str(data.get("message", "")))], []
    if event in STATUSES:
        return [], [(str(data.get("messageId", "")), STATUSES[event], str(data.get("reason", "") or ""))]
    return [], []
