"""The one filter per list (core.filters): the screen and the API (`filterset_class`) read the same FilterSet;
the readiness table's selectors are a form over the user's regions. Choices offer only what the user may see."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, visible_villages
from regions.models import Region

from .models import BudgetLine, Regulation


class YearFilter(django_filters.NumberFilter):
    """A whole year (the budget page is headed with it): "2025.5" is refused, not read as a decimal."""

    field_class = forms.IntegerField


class RegulationFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = Regulation
        fields = ["kind", "topic", "stage", "village"]


class BudgetLineFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    year = YearFilter(label=_("Tahun anggaran"))

    class Meta:
        model = BudgetLine
        fields = ["year", "category", "village"]


class ReadinessForm(forms.Form):
    """The readiness table's selectors: an area inside the user's regions, and "only those needing support"."""

    wilayah = forms.ModelChoiceField(queryset=Region.objects.none(), required=False, to_field_name="code",
                                     label=_("Wilayah"))
    filter = forms.ChoiceField(choices=[("need", _("Hanya yang perlu dukungan"))], required=False,
                               label=_("Saringan"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = Region.objects.visible_to(user)
