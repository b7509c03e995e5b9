from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    """One entry for the messaging screens: a village's event switches, one's own alerts, the templates."""
    if not user.is_authenticated:
        return []
    if any(has_perm(user, perm) for perm in ("messaging.set_switches", "messaging.review_templates",
                                             "cases.handle_case")):
        return [NavItem(_("Pesan WhatsApp/SMS"), reverse("messaging:settings"), icon="chat-dots", order=85)]
    return []
