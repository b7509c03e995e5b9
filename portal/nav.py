from django.urls import reverse
from django.utils.translation import gettext as _

from community.helpers import PUBLISH_ROLES, has_any_role
from core.registry import NavItem


def nav_items(user):
    if has_any_role(user, PUBLISH_ROLES):
        return [NavItem(_("Publikasi"), reverse("portal:manage", args=["berita"]))]
    return []
