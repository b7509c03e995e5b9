"""Listening to the lower apps' signals: each event becomes one delivery per endpoint that asked for it."""

from django.dispatch import receiver

from cases import signals as case_signals
from migrants import signals as placement_signals

from . import payloads, services
from .models import Event

RETURNED = ("returned", "returnee", "deported")
CLOSED = ("resolved", "closed")
DECIDED = ("paid", "rejected")


@receiver(placement_signals.placement_created)
def placement_created(sender, placement, **kwargs):
    services.announce(Event.PLACEMENT_CREATED, "migrants.placement", placement.pk, placement.village_id,
                      lambda: payloads.placement(placement))


@receiver(placement_signals.placement_status_changed)
def placement_status_changed(sender, placement, old, new, **kwargs):
    event = Event.PLACEMENT_DEPARTED if new == "departed" else Event.PLACEMENT_RETURNED if new in RETURNED else None
    if event:
        services.announce(event, "migrants.placement", placement.pk, placement.village_id,
                          lambda: payloads.placement(placement))


@receiver(case_signals.complaint_received)
def case_opened(sender, case, **kwargs):
    services.announce(Event.CASE_OPENED, "cases.case", case.pk, case.village_id or "", lambda: payloads.case(case))


@receiver(case_signals.case_status_changed)
def case_status_changed(sender, case, old, new, **kwargs):
    if new in CLOSED and old not in CLOSED:
        services.announce(Event.CASE_CLOSED, "cases.case", case.pk, case.village_id or "",
                          lambda: payloads.case(case))


@receiver(case_signals.claim_status_changed)
def claim_status_changed(sender, claim, old, new, **kwargs):
    if new in DECIDED and old not in DECIDED:
        services.announce(Event.CLAIM_DECIDED, "cases.claim", claim.pk, claim.case.village_id or "",
                          lambda: payloads.claim(claim))
