"""Registering receiving systems and delivering events to them: JSON signed with HMAC-SHA256, sent by the
background worker, retried with backoff, logged per record and per endpoint, replayable when failed.

Signature: `X-Payung-Signature: sha256=<hex HMAC-SHA256 of "<X-Payung-Timestamp>.<body>" with the secret>`;
the timestamp (seconds since the epoch) lets a receiver refuse an old replay of a captured request.
"""

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.records import fail
from regions.loader import CODE_RE

from . import payloads
from .models import Delivery, DeliveryStatus, Endpoint, Event

logger = logging.getLogger(__name__)
ENDPOINT_FIELDS = ("name", "url", "secret", "events", "region_prefix", "entitled_to_nik", "active")


def save_endpoint(actor, endpoint=None, *, request=None, **fields):
    """Register or change a receiving system. Giving it NIKs (or taking them away) is audited by the update
    entry's `entitled_to_nik` change like any other field."""
    require_perm(actor, "webhooks.manage_endpoints")
    unknown = set(fields.get("events") or []) - set(Event.values)
    if unknown:
        fail("events", _("Peristiwa tidak dikenal: %(e)s.") % {"e": ", ".join(sorted(unknown))})
    if "secret" in fields and len(fields["secret"] or "") < 16:
        fail("secret", _("Rahasia penandatangan minimal 16 karakter."))
    if "url" in fields and not str(fields["url"] or "").lower().startswith(("https://", "http://")):
        fail("url", _("Alamat penerima harus diawali https:// (atau http:// di jaringan sendiri)."))
    prefix = (fields.get("region_prefix") or "").strip()
    if prefix and not CODE_RE.match(prefix):
        fail("region_prefix", _("Kode wilayah %(c)s tidak sah. Tulis kode resmi, mis. 35.05, atau kosongkan "
                                "untuk semua wilayah.") % {"c": prefix})
    if "region_prefix" in fields:
        fields["region_prefix"] = prefix
    if endpoint is None:
        endpoint = Endpoint(created_by=actor)
        for key in ENDPOINT_FIELDS:
            if key in fields:
                setattr(endpoint, key, fields[key])
        endpoint.full_clean()
        endpoint.save()
        log_create(actor, endpoint, request=request)
        return endpoint
    before = snapshot(endpoint)
    for key in ENDPOINT_FIELDS:
        if key in fields:
            setattr(endpoint, key, fields[key])
    endpoint.full_clean()
    endpoint.save()
    log_update(actor, endpoint, before, request=request)
    return endpoint


def announce(event, object_type, object_id, region_code, build):
    """One pending delivery per active endpoint listening to `event` in the record's region; each is sent by the
    worker once the action's transaction commits (a rolled-back action announces nothing)."""
    endpoints = [e for e in Endpoint.objects.filter(active=True)
                 if event in (e.events or []) and (region_code or "").startswith(e.region_prefix)]
    if not endpoints:
        return []
    payload = build()
    deliveries = [Delivery.objects.create(endpoint=e, event=event, object_type=object_type, object_id=str(object_id),
                                          region_code=region_code or "", payload=payload) for e in endpoints]
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
    return deliveries


def _enqueue(delivery_id, when=None):
    from .tasks import deliver_webhook

    (deliver_webhook.using(run_after=when) if when else deliver_webhook).enqueue(delivery_id)


def sign(secret, timestamp, body: bytes):
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def backoff(attempts):
    return settings.WEBHOOKS_BACKOFF_SECONDS * (2 ** max(0, attempts - 1))


def deliver(delivery_id):
    """Send one delivery (claimed first, so two workers never send it twice); on failure retry later, up to
    WEBHOOKS_MAX_ATTEMPTS, then mark it failed for an administrator to replay."""
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    data = dict(delivery.payload)
    nik = payloads.nik_of(delivery.object_type, delivery.object_id) if endpoint.entitled_to_nik else ""
    if nik:
        data["nik"] = nik
    body = json.dumps({"event": delivery.event, "delivery_id": delivery.pk,
                       "occurred_at": delivery.created_at.isoformat(), "data": data},
                      ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    req = urllib.request.Request(endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "Payung-Webhooks/1",
        "X-Payung-Event": delivery.event, "X-Payung-Delivery": str(delivery.pk), "X-Payung-Timestamp": timestamp,
        "X-Payung-Signature": "sha256=" + sign(endpoint.secret, timestamp, body)})
    code, error = None, ""
    try:
        with urllib.request.urlopen(req, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:  # noqa: S310
            code = response.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(getattr(exc, "reason", exc))[:300]
    if nik:
        # Personal data left Payung for this system: the audit log says so (UU 27/2022), whatever the answer.
        record(None, Action.EXPORT, object_type=delivery.object_type, object_id=delivery.object_id,
               region_code=delivery.region_code, object_repr=str(endpoint)[:200],
               note=_("NIK dikirim lewat webhook ke %(e)s (%(u)s), pengiriman %(d)s.") % {
                   "e": endpoint.name, "u": endpoint.url, "d": delivery.pk})
    if code is not None and 200 <= code < 300:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.DELIVERED, last_status_code=code,
                                                       last_error="", delivered_at=timezone.now())
        return DeliveryStatus.DELIVERED
    return _retry(delivery, code, error or f"HTTP {code}")


def _retry(delivery, code, error):
    delivery.refresh_from_db(fields=["attempts"])
    if delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, last_status_code=code,
                                                       last_error=error[:300], next_attempt_at=None)
        return DeliveryStatus.FAILED
    when = timezone.now() + dt.timedelta(seconds=backoff(delivery.attempts))
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, last_status_code=code,
                                                   last_error=error[:300], next_attempt_at=when)
    _enqueue(delivery.pk, when)
    return DeliveryStatus.PENDING


def replay(actor, delivery, request=None):
    """Send a failed delivery again (its attempts start over); audited. An inactive endpoint is refused: an
    administrator switched it off, so nothing is sent to it until it is switched on again."""
    require_perm(actor, "webhooks.manage_endpoints")
    if delivery.status != DeliveryStatus.FAILED:
        fail("status", _("Hanya pengiriman yang gagal yang dapat dikirim ulang."))
    if not delivery.endpoint.active:
        fail("endpoint", _("Sistem penerima %(n)s nonaktif: aktifkan dulu, lalu kirim ulang.")
             % {"n": delivery.endpoint.name})
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None)
    record(actor, Action.OTHER, delivery, note=_("Kirim ulang webhook %(e)s ke %(n)s.") % {
        "e": delivery.event, "n": delivery.endpoint.name}, request=request)
    transaction.on_commit(lambda: _enqueue(delivery.pk))


def replay_failed(actor, endpoint, request=None):
    """Send every failed delivery of `endpoint` again (each audited as `replay` does); the number queued."""
    require_perm(actor, "webhooks.manage_endpoints")
    failed = list(endpoint.deliveries.filter(status=DeliveryStatus.FAILED).select_related("endpoint"))
    if not failed:
        fail("status", _("Tidak ada pengiriman gagal untuk %(n)s.") % {"n": endpoint.name})
    with transaction.atomic():
        for delivery in failed:
            replay(actor, delivery, request=request)
    return len(failed)


def deliveries_for(object_type, object_id):
    """The delivery log of one record, newest first."""
    return Delivery.objects.filter(object_type=object_type, object_id=str(object_id)).select_related("endpoint")


def recover_stale(older_than=None):
    """Deliveries a killed worker left `sending`: back to pending and enqueued (receivers de-duplicate by
    X-Payung-Delivery); also pending ones whose retry is overdue."""
    older_than = settings.WEBHOOKS_STALE_SECONDS if older_than is None else older_than
    now = timezone.now()
    stale = Delivery.objects.filter(
        Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - dt.timedelta(seconds=older_than))
        | Q(status=DeliveryStatus.PENDING, next_attempt_at__lt=now - dt.timedelta(seconds=older_than)))
    count = 0
    for pk in stale.values_list("pk", flat=True):
        Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.PENDING)
        _enqueue(pk)
        count += 1
    return count
