from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem

from .models import Notification
from .services.arrivals import untaken_cases


def nav_items(user):
    items = []
    if user.has_perm("cases.view_cases"):
        items.append(NavItem(_("Kasus"), reverse("cases:list")))
        # The complaints nobody has taken yet, counted where everyone looks (arrivals.untaken_cases).
        untaken = untaken_cases(user).count() if user.has_perm("cases.handle_case") else 0
        if untaken:
            items.append(NavItem(_("Pengaduan baru (%(n)s)") % {"n": untaken}, reverse("cases:list") + "?status=new",
                                 order=10))
        items.append(NavItem(_("Klaim BPJS"), reverse("cases:claims")))
    if user.has_perm("cases.view_referrals"):
        items.append(NavItem(_("Rujukan"), reverse("cases:referrals")))
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    label = _("Pemberitahuan (%(n)s)") % {"n": unread} if unread else _("Pemberitahuan")
    items.append(NavItem(label, reverse("cases:notifications")))
    return items
