from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if has_perm(user, "empowerment.view_programs"):
        return [NavItem(_("Pemberdayaan"), reverse("empowerment:programs"))]
    return []
