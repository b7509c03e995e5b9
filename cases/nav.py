from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem

from .models import Notification
from .services.arrivals import untaken_cases

# settings.CASES_NAV_COUNT_CAP overrides it.
NAV_COUNT_CAP = 99
# The records this menu counts: a write to one makes every kept menu stale (core.navcache).
NAV_COUNTS = ("cases.Case", "cases.Notification")


def nav_items(user):
    items = []
    if user.has_perm("cases.view_cases"):
        items.append(NavItem(_("Kasus"), reverse("cases:list")))
        # The complaints nobody has taken yet, counted where everyone looks (arrivals.untaken_cases). The menu is on
        # every page: counted up to NAV_COUNT_CAP ("99+" beyond), so a national officer's page does not count
        # every untaken complaint of the country each time (a scan of the whole table on the national data set).
        cap = getattr(settings, "CASES_NAV_COUNT_CAP", NAV_COUNT_CAP)
        untaken = untaken_cases(user).order_by()[:cap + 1].count() if user.has_perm("cases.handle_case") else 0
        if untaken:
            shown = f"{cap}+" if untaken > cap else untaken
            items.append(NavItem(_("Pengaduan baru (%(n)s)") % {"n": shown}, reverse("cases:list") + "?status=new",
                                 order=10))
        items.append(NavItem(_("Klaim BPJS"), reverse("cases:claims")))
    if user.has_perm("cases.view_referrals"):
        items.append(NavItem(_("Rujukan"), reverse("cases:referrals")))
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    label = _("Pemberitahuan (%(n)s)") % {"n": unread} if unread else _("Pemberitahuan")
    items.append(NavItem(label, reverse("cases:notifications")))
    return items
