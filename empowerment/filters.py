"""The one filter per list (core.filters): the screen and the API (`filterset_class`) read the same FilterSet.

Choice filters offer only what the user may see: villages in their regions."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, visible_villages

from .models import Enterprise, Program, TargetGroup


class ProgramFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    # The screen has always called target_group `target`: both names stay, so bookmarks keep working.
    target = django_filters.ChoiceFilter(field_name="target_group", choices=TargetGroup.choices, label=_("Sasaran"))

    class Meta:
        model = Program
        fields = ["target_group", "target", "status", "village"]


class EnterpriseFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = Enterprise
        fields = ["sector", "status", "revenue_band", "village"]
