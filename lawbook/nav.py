from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_perm
from core.registry import NavItem


def nav_items(user):
    # Everyone may read the rule book (linked from each flag); the menu carries it for those who maintain it.
    if not has_perm(user, "lawbook.manage_rules"):
        return []
    return [NavItem(label=_("Dasar hukum"), url=reverse("lawbook:list"), icon="book")]
