import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import RegionCodeFilter, ScopedFilterSet
from regions.models import Region


class VillageFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari desa"))
    region = RegionCodeFilter(field_name="code")

    class Meta:
        model = Region
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset
