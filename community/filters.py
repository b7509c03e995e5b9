"""The one filter per list (core.filters): the screen and the API (`filterset_class`) read the same FilterSet.

Choice filters offer only what the user may see: villages and groups in their regions."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, visible_villages

from .models import Activity, CommunityGroup


def visible_groups(request):
    return CommunityGroup.objects.visible_to(request.user) if request else CommunityGroup.objects.none()


class GroupFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama kelompok atau desa"))
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = CommunityGroup
        fields = ["q", "kind", "village", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(village__name__icontains=value))


class ActivityFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    group = django_filters.ModelChoiceFilter(queryset=visible_groups, label=_("Kelompok"))

    class Meta:
        model = Activity
        fields = ["kind", "group", "village"]
