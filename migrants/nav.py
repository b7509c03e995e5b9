from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem


def nav_items(user):
    if not user.is_authenticated:
        return []
    return [
        NavItem(label=_("Penempatan PMI"), url=reverse("migrants:list"), icon="globe"),
        NavItem(label=_("Pemantauan"), url=reverse("migrants:monitor", args=["abroad"]), icon="eye"),
        NavItem(label=_("P3MI"), url=reverse("migrants:agencies"), icon="building"),
        NavItem(label=_("Perubahan hukum"), url=reverse("migrants:law_changes"), icon="book"),
    ]
