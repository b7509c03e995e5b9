"""The person's data-rights section on the registry page (core.registry panels): people sits below privacy."""

from accounts.permissions import has_perm
from core.registry import Panel

from .models import OPEN_REQUEST_STATUSES, DataRequest


def panels(user, obj, page):
    if page != "people:detail" or not has_perm(user, "privacy.view_request", obj):
        return []
    open_requests = DataRequest.objects.filter(person=obj, status__in=OPEN_REQUEST_STATUSES).count()
    return [Panel("privacy/_person_panel.html", {"person": obj, "open_requests": open_requests}, order=90)]
