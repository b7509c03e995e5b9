from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    if not user.is_authenticated or not has_perm(user, "privacy.view_request"):
        return []
    items = [NavItem(label=_("Data pribadi"), url=reverse("privacy:requests"), icon="shield-lock", order=80)]
    if has_perm(user, "privacy.manage_breach"):
        items.append(NavItem(label=_("Insiden data"), url=reverse("privacy:breaches"), icon="shield-exclamation",
                             order=81))
    return items
