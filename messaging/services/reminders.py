"""Daily reminders from the placement registry: a passport that lapses within 6 months after departure (to
the worker's number) and a placement with no recorded contact for N days (to the family contact)."""

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from core.formatting import long_date
from migrants.models import ContactLog, Placement, PlacementDocument

from ..models import Event
from .outbound import queue_event

UPCOMING = ("interest", "verified", "process", "ready")
ABROAD = ("departed", "working")


def _six_months_after(day):
    return day + dt.timedelta(days=183)


def passport_reminders(today=None):
    today = today or timezone.localdate()
    queued = 0
    passports = (PlacementDocument.objects.filter(kind="passport", expires_on__isnull=False,
                                                  placement__status__in=UPCOMING,
                                                  placement__departure_date__gte=today)
                 .select_related("placement__person", "placement__village"))
    for document in passports:
        placement = document.placement
        limit = _six_months_after(placement.departure_date)
        if document.expires_on >= limit:
            continue
        if queue_event(Event.PASSPORT_EXPIRING, to=placement.person.phone, village=placement.village,
                       values={"tanggal": long_date(limit)}, person=placement.person,
                       dedupe=f"passport:{placement.pk}:{document.expires_on.isoformat()}"):
            queued += 1
    return queued


def no_contact_reminders(today=None):
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.MESSAGING_NO_CONTACT_DAYS)
    last = dict(ContactLog.objects.filter(placement__status__in=ABROAD).values("placement")
                .annotate(last=Max("contacted_on")).values_list("placement", "last"))
    queued = 0
    for placement in Placement.objects.filter(status__in=ABROAD).select_related("person", "village"):
        since = last.get(placement.pk) or placement.departure_date
        if since is None or since > cutoff:
            continue
        family = placement.person.contacts.exclude(phone="").order_by("-is_primary", "id").first()
        if family and queue_event(Event.NO_CONTACT, to=family.phone, village=placement.village,
                                  values={"tanggal": long_date(since)}, person=placement.person,
                                  dedupe=f"no_contact:{placement.pk}:{since.isoformat()}"):
            queued += 1
    return queued
