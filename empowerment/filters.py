"""The one filter per list (core.filters): the screen and the API (`filterset_class`) read the same FilterSet.

Choice filters offer only what the user may see: villages in their regions."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.crypto import prefix_query
from core.filters import ScopedFilterSet, visible_villages
from people.models import normalise_name

from .models import Enterprise, Program, TargetGroup


class ProgramFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    # The screen has always called target_group `target`: both names stay, so bookmarks keep working.
    target = django_filters.ChoiceFilter(field_name="target_group", choices=TargetGroup.choices, label=_("Sasaran"))

    class Meta:
        model = Program
        fields = ["target_group", "target", "status", "village"]


class EnterpriseFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama usaha atau pemilik"))
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = Enterprise
        fields = ["q", "sector", "status", "revenue_band", "village"]

    def search(self, queryset, name, value):
        """Part of the business name, or the first letters of words of the owner's name (keyed prefix hashes: the
        name is sealed). Also the API's ?search= (core.api.FilterSetSearch)."""
        match = Q(business_name__icontains=value.strip())
        digests = prefix_query(normalise_name(value).split(), "name")
        if digests:
            owner = Q()
            for digest in digests:
                owner &= Q(owner_index__contains=digest)
            match |= owner
        return queryset.filter(match)
