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


class AgendaFilter(ScopedFilterSet):
    """The outgoing-letter book (Buku Agenda Surat Keluar, Permendagri 47/2016): every numbered letter of one year,
    the current year unless another is chosen."""

    year = django_filters.NumberFilter(method="by_year", label=_("Tahun"), min_value=2000, max_value=2100)
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, label=_("Desa"))

    class Meta:
        model = Letter
        fields = ["year", "village"]

    def by_year(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also supplies the default year

    def chosen_year(self):
        from .services import local_today

        year = self.form.cleaned_data.get("year") if self.is_bound and self.is_valid() else None
        return int(year) if year is not None else local_today().year

    def filter_queryset(self, queryset):
        from .models import NUMBERED_LETTER_STATUSES

        queryset = super().filter_queryset(queryset)
        return queryset.filter(year=self.chosen_year(), status__in=NUMBERED_LETTER_STATUSES).order_by(
            "village_id", "signed_at", "id")
