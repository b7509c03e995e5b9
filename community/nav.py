from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem

from .helpers import COMMUNITY_ROLES, OVERSIGHT_ROLES, has_any_role


def nav_items(user):
    if has_any_role(user, COMMUNITY_ROLES + OVERSIGHT_ROLES):
        return [NavItem(_("Komunitas"), reverse("community:groups"))]
    return []
