"""The "group" check of village readiness (governance.readiness, through core.registry.village_checks)."""

import datetime

from django.utils.translation import gettext as _

from accounts.scoping import code_q

from .models import ACTIVE_WITHIN_DAYS, Activity, CommunityGroup


def _codes(qs, area):
    if area:
        qs = qs.filter(code_q("village__code", area))
    return set(qs.values_list("village_id", flat=True).distinct())


def villages(area, today):
    """A village with a group marked active that met in the last ACTIVE_WITHIN_DAYS days, in that village or in
    another village it works in."""
    since = today - datetime.timedelta(days=ACTIVE_WITHIN_DAYS)
    groups = CommunityGroup.objects.filter(is_active=True, activities__date__gte=since, activities__date__lte=today)
    activities = Activity.objects.filter(group__is_active=True, date__gte=since, date__lte=today)
    return {"group": _codes(groups, area) | _codes(activities, area)}


def help_texts():
    return {"group": _("Kelompok komunitas aktif dengan kegiatan dalam %(days)s hari terakhir.")
            % {"days": ACTIVE_WITHIN_DAYS}}
