"""The consent register: consents recorded here, plus those every app reports (privacy hooks)."""

from django.db import transaction
from django.utils import timezone

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, record
from core.registry import privacy_hooks

from ..models import Consent


@transaction.atomic
def record_consent(actor, person, *, purpose, wording_version, channel, given_at=None):
    require_perm(actor, "privacy.record_consent", person)
    consent = Consent(person=person, purpose=purpose, wording_version=wording_version, channel=channel,
                      given_at=given_at or timezone.now(),
                      recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    consent.save()
    log_create(actor, consent)
    return consent


@transaction.atomic
def withdraw_all(actor, person) -> int:
    """Withdraw every standing consent of the person, in every app that records consents."""
    count = 0
    for app, function in privacy_hooks("withdraw_consents"):
        withdrawn = function(person, actor)
        if withdrawn:
            record(actor, Action.TRANSITION, person, note=f"{app}: {withdrawn} persetujuan ditarik")
        count += withdrawn
    return count
