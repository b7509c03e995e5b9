"""Webhook bodies from the gateways, already verified: inbound messages and delivery reports, each once."""

from ..gateways import android_sms, whatsapp
from .inbound import first_delivery, receive
from .outbound import apply_status


def _handle(channel, inbound, statuses):
    done = {"inbound": 0, "statuses": 0, "duplicates": 0}
    for key, sender, text in inbound:
        result = receive(channel, key, sender, text)
        done["duplicates" if result == "duplicate" else "inbound"] += 1
    for gateway_id, status, reason in statuses:
        if not first_delivery(f"{channel}:status:{gateway_id}:{status}"):
            done["duplicates"] += 1
            continue
        apply_status(gateway_id, status, reason)
        done["statuses"] += 1
    return done


def handle_whatsapp(payload):
    return _handle("whatsapp", *whatsapp.parse_webhook(payload))


def handle_android_sms(payload):
    return _handle("sms", *android_sms.parse_webhook(payload))
