from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if user.is_authenticated and has_perm(user, "webhooks.manage_endpoints"):
        return [NavItem(_("Webhook"), reverse("webhooks:endpoints"), icon="broadcast", order=86)]
    return []
