from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if has_perm(user, "accounts.onboard_village"):
        return [NavItem(_("Kelola desa & pengguna"), reverse("onboarding:villages"), order=90)]
    return []
