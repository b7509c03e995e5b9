"""The delivery log of one record on its own page (placement, case), for the administrators who manage the
receiving systems: migrants and cases sit below webhooks and do not read it themselves."""

from django.urls import reverse
from django.utils.http import urlencode

from accounts.permissions import has_perm
from core.registry import Panel

from . import services

PAGES = {"migrants:detail": "migrants.placement", "cases:detail": "cases.case"}
SHOWN = 10


def panels(user, obj, page):
    object_type = PAGES.get(page)
    if object_type is None or not has_perm(user, "webhooks.manage_endpoints"):
        return []
    deliveries = services.deliveries_for(object_type, obj.pk)
    shown = list(deliveries[:SHOWN])
    if not shown:
        return []
    more = reverse("webhooks:deliveries") + "?" + urlencode({"object_type": object_type, "object_id": obj.pk})
    return [Panel("webhooks/_deliveries_panel.html", {"deliveries": shown, "count": deliveries.count(),
                                                      "more_url": more}, order=90)]
