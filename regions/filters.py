"""Regions' one FilterSet: the HTMX region picker (/wilayah/cari/) and /api/v1/regions/ filter alike.

Regions are public reference data: no scoping, every active region may be chosen. (regions sits below core, so
this is a plain django-filter FilterSet, not core.filters.ScopedFilterSet.)"""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Level, Region


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Cari wilayah"))
    level = django_filters.TypedChoiceFilter(choices=Level.choices, coerce=int, label=gettext_lazy("Tingkat"))
    within = django_filters.CharFilter(method="filter_within", max_length=13,
                                       label=gettext_lazy("Di dalam wilayah (kode)"))

    class Meta:
        model = Region
        fields = ["parent", "is_active"]

    def search(self, qs, name, value):
        """Name contains the query, or (digits first) the code starts with it."""
        query = value.strip()
        return qs.filter(code__startswith=query) if query[:2].isdigit() else qs.filter(name__icontains=query)

    def filter_within(self, qs, name, value):
        return qs.within(value.strip())

    def error_text(self):
        parts = [f"{self.form.fields[name].label if name in self.form.fields else name}: {' '.join(errors)}"
                 for name, errors in self.errors.items()]
        return _("Saringan tidak valid — %(errors)s") % {"errors": "; ".join(parts)}
