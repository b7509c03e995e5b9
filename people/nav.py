from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def nav_items(user):
    if not user.is_authenticated:
        return []
    return [NavItem(label=_("Warga"), url=reverse("people:list"), icon="people")]
