from django.urls import reverse
from django.utils.translation import gettext as _

from community.helpers import COMMUNITY_ROLES, OVERSIGHT_ROLES, has_any_role
from core.registry import NavItem


def nav_items(user):
    if has_any_role(user, COMMUNITY_ROLES + OVERSIGHT_ROLES):
        return [NavItem(_("Pemberdayaan"), reverse("empowerment:programs"))]
    return []
