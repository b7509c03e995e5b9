"""New complaints reaching a person: who hears of one, which are still untaken, which waited too long."""

import datetime as dt

import lokal
from django.conf import settings
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import members_with_role

from ..models import Case

# The people of a village who take its complaints first.
VILLAGE_HANDLER_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER)
# Where a village has none of them, the officers of its regency.
FALLBACK_ROLES = (Role.DISTRICT_OFFICER,)


def complaint_handlers(case):
    """The village's operators and community volunteers (memberships covering the village); when the village
    has none, the regency's officers. National officers and administrators are never among them."""
    village = members_with_role(VILLAGE_HANDLER_ROLES, obj=case)
    return village if village.exists() else members_with_role(FALLBACK_ROLES, obj=case)


def untaken_cases(user):
    """Open complaints in the user's regions that nobody has taken yet, oldest first."""
    return (Case.objects.visible_to(user).open().filter(handler__isnull=True)
            .select_related("village").order_by("received_at", "pk"))


def untaken_days():
    return getattr(settings, "CASES_UNTAKEN_WORKING_DAYS", 2)


def waited_too_long(case, today):
    """True when the complaint has had no handler for more than the allowed working days (2 by default)."""
    received = timezone.localdate(case.received_at)
    return lokal.add_working_days(received, untaken_days()) < today


def stale_untaken(today=None):
    """Every open complaint nobody has taken for more than the allowed working days, oldest first."""
    today = today or timezone.localdate()
    # A calendar-day bound first (working days are never fewer than calendar days), then the exact rule.
    bound = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=untaken_days()), dt.time.min))
    cases = Case.objects.open().filter(handler__isnull=True, received_at__lt=bound).select_related("village")
    return [c for c in cases.order_by("received_at", "pk") if waited_too_long(c, today)]
