from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if has_perm(user, "portal.edit_publication"):
        return [NavItem(_("Publikasi"), reverse("portal:manage", args=["berita"]))]
    return []
