"""Gateways that are read rather than called back: Gammu SMSD's inbox and sent items."""

from django.conf import settings

from ..models import Message, Status


def poll():
    if settings.MESSAGING_SMS_GATEWAY != "gammu":
        return {"inbox": 0, "reports": 0}
    from ..gateways import gammu
    from .inbound import receive
    from .outbound import apply_status

    received = 0
    for key, sender, text in gammu.fetch_inbox():
        receive("sms", key, sender, text)
        received += 1
    pending = Message.objects.filter(channel="sms", status=Status.SENT, gateway_id__startswith="gammu-")
    keys = {str(m.key): m.gateway_id for m in pending[:500]}
    reports = 0
    for key, (status, reason) in gammu.fetch_sent_states(list(keys)).items():
        reports += apply_status(keys[key], status, reason)
    return {"inbox": received, "reports": reports}
