"""The one filter per list (core.filters): the public pages, the editors' lists and the API (`filterset_class`)
read the same FilterSet over their own queryset (published records for the public, `visible_to(user)` for
editors)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filters import ScopedFilterSet, visible_regions
from regions.models import Region
from regions.search import find

from .models import Guide, JobInfo, Publication, Status


class EditorialFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))


class PublicationFilter(EditorialFilter):
    q = django_filters.CharFilter(method="search", label=_("Cari judul, ringkasan atau isi"))
    region = django_filters.ModelChoiceFilter(queryset=visible_regions, label=_("Wilayah"))

    class Meta:
        model = Publication
        fields = ["q", "kind", "status", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value))


class GuideFilter(EditorialFilter):
    class Meta:
        model = Guide
        fields = ["status"]


class JobInfoFilter(EditorialFilter):
    negara = django_filters.ChoiceFilter(field_name="country", choices=lambda: list(countries), label=_("Negara"))

    class Meta:
        model = JobInfo
        fields = ["status", "negara"]


class AgencyFilter(ScopedFilterSet):
    """The public licence check: a placement agency by name or licence number."""

    q = django_filters.CharFilter(method="search", label=_("Nama atau nomor izin"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(licence_number__icontains=value))


class VillageSearch(ScopedFilterSet):
    """The landing page's village finder: three letters at least (over active villages, given by the view)."""

    desa = django_filters.CharFilter(method="search", min_length=3, label=_("Nama desa"))

    class Meta:
        model = Region
        fields = ["desa"]

    def search(self, queryset, name, value):
        """The region picker's search (regions.search): "Desa Sukorejo Sutojayan", small typos, any order of
        district and regency words."""
        return queryset.filter(code__in=[r.code for r in find(value, level=4, queryset=queryset, limit=20)])
