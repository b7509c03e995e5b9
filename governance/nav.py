from django.urls import reverse
from django.utils.translation import gettext as _

from community.helpers import GOVERNANCE_ROLES, OVERSIGHT_ROLES, has_any_role
from core.registry import NavItem


def nav_items(user):
    items = []
    if has_any_role(user, GOVERNANCE_ROLES + OVERSIGHT_ROLES):
        items.append(NavItem(_("Perdes & APBDes"), reverse("governance:regulations")))
    if has_any_role(user, OVERSIGHT_ROLES):
        items.append(NavItem(_("Kesiapan desa"), reverse("governance:readiness")))
    return items
