"""The placements on a person's page (core.registry panels): people sits below migrants and does not read
placement states, flags or labels itself. A placement's own page gets its national identifiers the same way,
so the detail template needs no change for them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Panel

from .models import Placement, PlacementReference, PlacementReferenceKind


def panels(user, obj, page):
    if page == "migrants:detail":
        return [references_panel(_("Identitas nasional"), PlacementReferenceKind.choices,
                                 PlacementReference.objects.filter(placement=obj),
                                 "migrants:reference" if has_perm(user, "migrants.edit_placement", obj) else None,
                                 obj.pk)]
    if page != "people:detail":
        return []
    placements = (Placement.objects.filter(person=obj).visible_to(user)
                  .select_related("agency").order_by("-created_at"))
    return [Panel("migrants/_person_placements.html", {"placements": placements}, order=10)]


def references_panel(title, kinds, refs, edit_url_name, pk, order=20):
    """A record's identifiers in the systems above, one row per kind (recorded or not), each with its edit link
    when `edit_url_name` is given (the caller asked the permission). Shared with cases.panels."""
    stored = {ref.kind: ref for ref in refs}
    rows = [{"kind": kind, "label": label, "ref": stored.get(kind),
             "url": reverse(edit_url_name, args=[pk, kind]) if edit_url_name else ""} for kind, label in kinds]
    return Panel("migrants/_references_panel.html", {"title": title, "rows": rows}, order=order)
