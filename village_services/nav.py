from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem


def nav_items(user):
    """Everyone with a region sees the village services (read-only outside their operator villages)."""
    if not user.is_authenticated or not user.active_memberships() and not user.is_superuser:
        return []
    return [NavItem(_("Layanan & surat"), reverse("services:index"), icon="file-text")]
