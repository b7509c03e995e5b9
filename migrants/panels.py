"""The placements on a person's page (core.registry panels): people sits below migrants and does not read
placement states, flags or labels itself."""

from core.registry import Panel

from .models import Placement


def panels(user, obj, page):
    if page != "people:detail":
        return []
    placements = (Placement.objects.filter(person=obj).visible_to(user)
                  .select_related("agency").order_by("-created_at"))
    return [Panel("migrants/_person_placements.html", {"placements": placements}, order=10)]
