from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if user.is_authenticated and has_perm(user, "messaging.review_templates"):
        return [NavItem(_("Templat pesan"), reverse("messaging:templates"), icon="chat-dots", order=85)]
    return []
