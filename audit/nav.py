from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if not has_perm(user, "audit.browse_audit"):
        return []
    return [NavItem(_("Log audit"), reverse("audit:list"), order=90)]
