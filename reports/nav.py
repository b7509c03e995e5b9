from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem

from .services import user_dashboards


def nav_items(user):
    items = []
    if user.is_authenticated and user_dashboards(user):
        items.append(NavItem(_("Laporan"), reverse("reports:index")))
    items.append(NavItem(_("Data terbuka"), reverse("reports:open_data")))
    return items
