from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem

from .services import user_dashboards


def nav_items(user):
    items = []
    if user.is_authenticated and user_dashboards(user):
        items.append(NavItem(_("Laporan"), reverse("reports:index")))
    if user.is_authenticated and has_perm(user, "reports.download_monthly"):
        # The art. 42(d) reports kept each month (village and regency), for the region's readers and those above.
        items.append(NavItem(_("Laporan bulanan"), reverse("reports:monthly")))
    items.append(NavItem(_("Data terbuka"), reverse("reports:open_data")))
    return items
