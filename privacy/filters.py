import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, visible_villages

from .models import Breach, DataRequest


class RequestFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    late = django_filters.BooleanFilter(field_name="escalated_at", lookup_expr="isnull", exclude=True,
                                        label=_("Dinaikkan ke kabupaten"))

    class Meta:
        model = DataRequest
        fields = ["kind", "status", "village", "late"]


class BreachFilter(ScopedFilterSet):
    class Meta:
        model = Breach
        fields = []
