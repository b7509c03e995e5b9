"""Gateways, chosen per deployment in settings (MESSAGING_WHATSAPP_GATEWAY, MESSAGING_SMS_GATEWAY).

A gateway's `send(message)` returns the gateway's id for the message, raises `Temporary` when it should be
tried again later (down, timeout, 5xx, 429) and `Rejected` when it never will succeed (a 4xx naming the
reason). `idempotent` says whether sending the same message key twice reaches the phone once (the key goes
with the request); a message whose worker died mid-send is sent again only through such a gateway.
"""

from django.conf import settings
from django.utils.module_loading import import_string


class Temporary(Exception):
    """Try again later: the gateway is down, slow or busy."""


class Rejected(Exception):
    """The gateway refused the message for good (its reason is the text)."""


GATEWAYS = {
    "console": "messaging.gateways.console.ConsoleGateway",
    "whatsapp_cloud": "messaging.gateways.whatsapp.CloudApiGateway",
    "android_sms": "messaging.gateways.android_sms.AndroidSmsGateway",
    "gammu": "messaging.gateways.gammu.GammuGateway",
}


def gateway_for(channel):
    name = settings.MESSAGING_WHATSAPP_GATEWAY if channel == "whatsapp" else settings.MESSAGING_SMS_GATEWAY
    return import_string(GATEWAYS[name])()
