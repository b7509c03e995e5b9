"""'What changed for our people': the flags a change of law added or removed on the village's open placements."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.filters import filter_list

from .. import risk
from ..filters import FlagChangeFilter
from ..models import FlagChange


@login_required
def law_changes(request):
    listing = filter_list(request, FlagChangeFilter, FlagChange.objects.visible_to(request.user)
                          .select_related("placement__person", "village"), per_page=50)
    return render(request, "migrants/law_changes.html", {
        "page": listing.page, "form": listing.form, "labels": dict(risk.flag_choices())}, status=listing.status)
