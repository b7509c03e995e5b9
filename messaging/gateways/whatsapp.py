"""WhatsApp Business Cloud API (Meta's Graph API), by plain HTTP.

Why not pywa: Payung needs two calls (send a template, send a text) and one webhook whose signature check is
an HMAC; pywa brings httpx and its own webhook/handler framework that wants to own the route and the
dispatch, while our webhook must share the dedupe, consent and inbound logic with the SMS gateways.

Business-initiated messages must use a template approved at Meta (`MessageTemplate.wa_template`, its body
parameters filled in order); within 24 hours of the number's last message a session text may be sent.
"""

import hashlib
import hmac

from django.conf import settings

from . import Temporary
from .http import post_json, reject


def _url():
    base = settings.MESSAGING_WHATSAPP_API_URL.rstrip("/")
    return f"{base}/{settings.MESSAGING_WHATSAPP_API_VERSION}/{settings.MESSAGING_WHATSAPP_PHONE_NUMBER_ID}/messages"


def payload_for(message):
    to = message.to.lstrip("+")
    if message.params.get("session") or not message.params.get("wa_template"):
        return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text",
                "text": {"preview_url": False, "body": message.body}}
    values = message.params.get("values", [])
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "template",
            "template": {"name": message.params["wa_template"], "language": {"code": message.language},
                         "components": [{"type": "body", "parameters": [{"type": "text", "text": str(v)}
                                                                       for v in values]}]}}


class CloudApiGateway:
    # The Cloud API takes no idempotency key: a message whose worker died mid-send is not sent again.
    idempotent = False

    def send(self, message):
        status, body = post_json(_url(), payload_for(message),
                                 {"Authorization": f"Bearer {settings.MESSAGING_WHATSAPP_TOKEN}"},
                                 settings.MESSAGING_HTTP_TIMEOUT)
        if status >= 300:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            if error.get("code") in (4, 80007, 130429, 131048, 131056):  # rate limits: try later
                raise Temporary(f"HTTP {status}: {error.get('message', '')}")
            details = (error.get("error_data") or {}).get("details", "")
            reject(status, f"{error.get('code', '')} {error.get('message', '')} {details}".strip())
        try:
            return body["messages"][0]["id"]
        except (KeyError, IndexError, TypeError):
            raise Temporary(f"HTTP {status}: unexpected answer")


def valid_signature(raw_body, header):
    """X-Hub-Signature-256: "sha256=" + HMAC-SHA256 of the raw body with the app secret."""
    secret = settings.MESSAGING_WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):])


STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


def parse_webhook(payload):
    """(inbound, statuses) from a webhook body: inbound = [(id, from, text)], statuses = [(id, status, reason)].
    A menu choice (interactive button or list reply) counts as the text of its id."""
    inbound, statuses = [], []
    for entry in payload.get("entry", []) or []:
        for change in entry.get("changes", []) or []:
            value = change.get("value", {}) or {}
            for item in value.get("messages", []) or []:
                kind = item.get("type")
                if kind == "text":
                    text = (item.get("text") or {}).get("body", "")
                elif kind == "interactive":
                    reply = (item.get("interactive") or {})
                    text = (reply.get("button_reply") or reply.get("list_reply") or {}).get("id", "")
                elif kind == "button":
                    text = (item.get("button") or {}).get("payload", "")
                else:
                    text = ""
                inbound.append((str(item.get("id", "")), "+" + str(item.get("from", "")).lstrip("+"), text))
            for item in value.get("statuses", []) or []:
                errors = item.get("errors") or []
                reason = "; ".join(f"{e.get('code', '')} {e.get('title', '')}".strip() for e in errors)
                if item.get("status") in STATUSES:
                    statuses.append((str(item.get("id", "")), STATUSES[item["status"]], reason))
    return inbound, statuses
