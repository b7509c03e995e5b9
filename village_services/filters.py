"""The one filter per list (core.filters): the screen and the API (`filterset_class`) read the same FilterSet.

Choice filters offer only what the user may see: villages, services and letter types in their regions."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet, visible_villages

from .models import Letter, LetterType, Service, ServiceRequest


def _visible(model):
    """Choice queryset: the model's records in the requesting user's regions (none without a request)."""
    return lambda request: model.objects.visible_to(request.user) if request else model.objects.none()


class ServiceFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = Service
        fields = ["village", "is_published", "is_active"]


class LetterTypeFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = LetterType
        fields = ["village", "is_active"]


class ServiceRequestFilter(ScopedFilterSet):
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    service = django_filters.ModelChoiceFilter(queryset=_visible(Service), label=_("Layanan"))

    class Meta:
        model = ServiceRequest
        fields = ["village", "status", "service", "channel"]


class LetterFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("Cari nomor surat"))
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))
    letter_type = django_filters.ModelChoiceFilter(queryset=_visible(LetterType), label=_("Jenis surat"))

    class Meta:
        model = Letter
        fields = ["q", "village", "status", "letter_type", "year"]
