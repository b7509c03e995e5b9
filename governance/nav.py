from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    items = []
    if has_perm(user, "governance.view_governance"):
        items.append(NavItem(_("Perdes & APBDes"), reverse("governance:regulations")))
    if has_perm(user, "governance.view_readiness"):
        items.append(NavItem(_("Kesiapan desa"), reverse("governance:readiness")))
    return items
