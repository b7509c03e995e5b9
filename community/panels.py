"""The village's community groups on the public village page (core.registry panels)."""

from django.db.models import Q

from core.registry import Panel

from .models import CommunityGroup


def panels(user, obj, page):
    if page != "portal:village":
        return []
    groups = CommunityGroup.objects.filter(Q(village=obj) | Q(other_villages=obj), is_active=True).distinct()
    return [Panel("community/_public_village.html", {"groups": [(g, g.chair()) for g in groups]})]
