"""The breach log (UU 27/2022 art. 46): record, compute the people affected from the audit log, write the
notification letter (Indonesian PDF) within 3 x 24 hours of discovery."""

from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.permissions import require_perm
from audit.models import Action, AuditEntry
from audit.services import log_create, log_update, record, snapshot
from core.pdf import render_pdf
from core.registry import privacy_hooks

from .. import deadlines
from ..models import Breach


def affected_people(*, user=None, start=None, end=None, region_code=""):
    """Ids of the people whose records the audit log shows were opened, changed or exported by `user` (or by
    anyone) between `start` and `end`: the person's own entries and those of records the apps tie to a person
    (`person_of_audit_refs(refs) -> {ref: person id}` hooks)."""
    entries = AuditEntry.objects.exclude(object_id="")
    if user is not None:
        entries = entries.filter(actor=user)
    if start is not None:
        entries = entries.filter(at__gte=start)
    if end is not None:
        entries = entries.filter(at__lte=end)
    if region_code:
        entries = entries.filter(region_code__startswith=region_code)
    refs = set(entries.values_list("object_type", "object_id").distinct())
    people = {int(object_id) for object_type, object_id in refs
              if object_type == "people.person" and object_id.isdigit()}
    for _app, function in privacy_hooks("person_of_audit_refs"):
        people |= set(function(refs).values())
    return sorted(people)


@transaction.atomic
def record_breach(actor, *, title, description, discovered_at, data_affected, measures, region_code="",
                  occurred_at=None, suspect_user=None, period_start=None, period_end=None, request=None):
    require_perm(actor, "privacy.manage_breach", region_code or None)
    breach = Breach(title=title, description=description, discovered_at=discovered_at,
                    due_at=discovered_at + timedelta(hours=deadlines.BREACH_HOURS), data_affected=data_affected,
                    measures=measures, region_code=region_code, occurred_at=occurred_at, suspect_user=suspect_user,
                    period_start=period_start, period_end=period_end,
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    if suspect_user is not None or period_start is not None:
        breach.affected_people = affected_people(user=suspect_user, start=period_start, end=period_end,
                                                 region_code=region_code)
    breach.save()
    log_create(actor, breach, request=request)
    return breach


@transaction.atomic
def mark_notified(actor, breach, request=None):
    require_perm(actor, "privacy.manage_breach", breach)
    before = snapshot(breach)
    breach.notified_at = timezone.now()
    breach.save()
    log_update(actor, breach, before, request=request, action=Action.TRANSITION)
    return breach


def letter_html(breach, person_names=()):
    return render_to_string("privacy/breach_letter.html", {
        "breach": breach, "basis": deadlines.BREACH_BASIS, "today": timezone.localdate(),
        "affected_count": len(breach.affected_people), "names": person_names,
    })


def letter_pdf(actor, breach, request=None) -> bytes:
    require_perm(actor, "privacy.manage_breach", breach)
    record(actor, Action.EXPORT, breach, request=request, note="surat pemberitahuan kegagalan pelindungan data")
    return render_pdf(letter_html(breach))
