"""The village's regulations and budget on the public village page (core.registry panels): portal sits above
governance but shows governance's records through this hook, not by calling governance's services."""

from django.utils import timezone

from core.registry import Panel

from . import services


def panels(user, obj, page):
    if page != "portal:village":
        return []
    return [Panel("governance/_public_village.html", {
        "regulations": services.regulation_status(obj.code),
        "budget": services.budget_summary(obj.code, timezone.localdate().year),
    })]
