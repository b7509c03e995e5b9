from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if has_perm(user, "community.view_groups"):
        return [NavItem(_("Komunitas"), reverse("community:groups"))]
    return []
