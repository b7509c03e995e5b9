"""Queueing and sending. A message is queued only with consent for its purpose (and the village's switch on
for its event); sending is a django-tasks task. Each message is claimed by one conditional UPDATE right
before its gateway call (queued → sending), so two workers never send the same message; a gateway that is
down leaves it queued with a later attempt time (exponential backoff), never failed."""

import datetime as dt
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..gateways import Rejected, Temporary, gateway_for
from ..models import EventSwitch, InboundMessage, Message, MessageTemplate, Purpose, Status, number_hash
from .consent import clean_phone, consent_channel, has_consent, is_opted_out
from .language import language_for
from .templates import placeholders_in, render, values_in

SESSION_WINDOW = dt.timedelta(hours=24)  # WhatsApp: free text is allowed within 24h of the number's message


def event_enabled(village, event):
    code = getattr(village, "code", village)
    if not code:
        return True
    switch = EventSwitch.objects.filter(village_id=code, event=event).first()
    return switch is None or switch.enabled


def _in_session(phone):
    return InboundMessage.objects.filter(phone_hash=number_hash(phone),
                                         received_at__gte=timezone.now() - SESSION_WINDOW).exists()


def _enqueue(message):
    from ..tasks import send_message

    transaction.on_commit(lambda: send_message.enqueue(message.pk))


def _create(dedupe, **fields):
    if dedupe and Message.objects.filter(dedupe=dedupe).exists():
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(dedupe=dedupe or None, **fields)
    except IntegrityError:  # the same event queued at the same moment by another process
        return None
    _enqueue(message)
    return message


def queue_event(event, *, to, values, village=None, person=None, case=None, user=None, dedupe=None):
    """Queue the message of `event` for number `to`, or return None: no number, the village switched the
    event off, no consent for the template's purpose (or opted out), or already queued (`dedupe`)."""
    phone = clean_phone(to)
    template = MessageTemplate.objects.filter(event=event).first()
    if not phone or template is None or not event_enabled(village, event):
        return None
    if not has_consent(phone, template.purpose):
        return None
    language = language_for(phone)
    values = values_in(language, {**values, "desa": values.get("desa") or getattr(village, "name", "")})
    body = render(template, language, values)
    order = [name for name in _ordered_placeholders(template.text_id)]
    params = {"wa_template": template.wa_template, "values": [values.get(n, "") for n in order],
              "session": _in_session(phone)}
    return _create(dedupe, to=phone, channel=consent_channel(phone, template.purpose, settings.MESSAGING_CHANNEL),
                   event=event, purpose=template.purpose, template=template.code, language=language, body=body,
                   params=params, person=person, case=case, user=user,
                   village_id=getattr(village, "code", village) or None)


def _ordered_placeholders(text):
    import string

    seen = []
    for _lit, name, _spec, _conv in string.Formatter().parse(text):
        if name and name not in seen:
            seen.append(name)
    assert set(seen) <= placeholders_in(text)
    return seen


def queue_reply(phone, channel, code, values=None, *, case=None, stop_notice=False, dedupe=None):
    """The automatic reply `code` (a MessageTemplate with event "reply") to a number that just wrote to us, in
    the number's language (a session message). Only the STOP confirmation and the STOP reminder go to an
    opted-out number."""
    if is_opted_out(phone) and not stop_notice:
        return None
    template = MessageTemplate.objects.filter(code=code).first()
    if template is None:
        return None
    language = language_for(phone)
    return _create(dedupe, to=phone, channel=channel, event="reply", purpose=Purpose.REPLY, template=code,
                   language=language, body=render(template, language, values or {}),
                   params={"session": True, "stop_notice": stop_notice}, case=case)


def backoff(attempts):
    return min(settings.MESSAGING_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.MESSAGING_RETRY_MAX_SECONDS)


def worker_name():
    import os

    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def _claim(qs, worker):
    now = timezone.now()
    return qs.filter(status=Status.QUEUED, next_attempt_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1)


def deliver(message_id, worker=None):
    """Send one message if it is still queued and due. Returns its status afterwards, or None when another
    worker had it (or it is not due)."""
    if not _claim(Message.objects.filter(pk=message_id), worker or worker_name()):
        return None
    return _send(Message.objects.get(pk=message_id))


def claim_next(worker):
    """Claim the next due message (SKIP LOCKED on PostgreSQL: workers do not queue behind each other)."""
    with transaction.atomic():
        message = (Message.objects.select_for_update(skip_locked=True)
                   .filter(status=Status.QUEUED, next_attempt_at__lte=timezone.now())
                   .order_by("next_attempt_at", "id").first())
        if message is None or not _claim(Message.objects.filter(pk=message.pk), worker):
            return None
    return Message.objects.get(pk=message.pk)


def drain(limit=None, worker=None):
    """Send due messages until none is left (or `limit`): the cron safety net and the benchmark's worker."""
    worker = worker or worker_name()
    done = 0
    while limit is None or done < limit:
        message = claim_next(worker)
        if message is None:
            break
        _send(message)
        done += 1
    return done


def _send(message):
    if not message.params.get("stop_notice") and not has_consent(message.to, message.purpose):
        return _finish(message, Status.FAILED, _("Tidak ada persetujuan untuk nomor dan keperluan ini."))
    try:
        gateway_id = gateway_for(message.channel).send(message)
    except Temporary as error:
        return _retry(message, str(error))
    except Rejected as error:
        return _finish(message, Status.FAILED, str(error))
    return _finish(message, Status.SENT, "", gateway_id=gateway_id)


def _finish(message, status, reason, gateway_id=""):
    now = timezone.now()
    fields = {"status": status, "reason": reason[:300]}
    if status == Status.SENT:
        fields.update(sent_at=now, gateway_id=gateway_id[:120])
    else:
        fields["failed_at"] = now
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(**fields)
    return status


def _retry(message, reason):
    # No cap by default: while the gateway is down a message stays queued and is retried (at most an hour apart).
    cap = settings.MESSAGING_MAX_ATTEMPTS
    if cap and message.attempts >= cap:
        return _finish(message, Status.FAILED, _("Gateway tidak dapat dihubungi setelah %(n)s percobaan: %(r)s") % {
            "n": message.attempts, "r": reason})
    when = timezone.now() + dt.timedelta(seconds=backoff(message.attempts))
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.QUEUED, reason=reason[:300], next_attempt_at=when)
    from ..tasks import send_message

    send_message.using(run_after=when).enqueue(message.pk)
    return Status.QUEUED


def recover_stale(older_than=None):
    """Messages left `sending` by a killed worker: through an idempotent gateway they are queued again (the
    gateway drops a second copy with the same key); otherwise they fail with the reason, never sent twice."""
    older_than = older_than if older_than is not None else settings.MESSAGING_STALE_SECONDS
    cutoff = timezone.now() - dt.timedelta(seconds=older_than)
    requeued = failed = 0
    for message in Message.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff):
        if getattr(gateway_for(message.channel), "idempotent", False):
            requeued += Message.objects.filter(pk=message.pk, status=Status.SENDING).update(status=Status.QUEUED)
        else:
            failed += Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.FAILED, failed_at=timezone.now(),
                reason=_("Hasil pengiriman tidak diketahui (pekerja berhenti saat mengirim); tidak dikirim ulang "
                         "agar tidak ganda."))
    return requeued, failed


ORDER = {Status.SENT: 1, Status.DELIVERED: 2, Status.READ: 3}


def apply_status(gateway_id, status, reason=""):
    """A delivery report from a gateway: statuses only move forward; failed keeps the gateway's reason."""
    changed = 0
    now = timezone.now()
    for message in Message.objects.filter(gateway_id=gateway_id).exclude(gateway_id=""):
        if status == Status.FAILED and message.status != Status.FAILED:
            message.status, message.reason, message.failed_at = Status.FAILED, (reason or status)[:300], now
        elif ORDER.get(status, 0) > ORDER.get(message.status, 0):
            message.status = status
            setattr(message, f"{status}_at", now) if status in (Status.DELIVERED, Status.READ) else None
        else:
            continue
        message.save(update_fields=["status", "reason", "failed_at", "delivered_at", "read_at"])
        changed += 1
    return changed


def cancel_queued(phone, reason):
    # Replies are checked again when sent (only the STOP notices go to an opted-out number).
    queued = Message.objects.filter(phone_hash=number_hash(phone), status=Status.QUEUED)
    return queued.exclude(purpose=Purpose.REPLY).update(
        status=Status.FAILED, reason=str(reason)[:300], failed_at=timezone.now())
