"""The audit log's one FilterSet: the page /audit/ and /api/v1/audit/ filter alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet

from .models import Action, AuditEntry


class AuditEntryFilter(ScopedFilterSet):
    action = django_filters.ChoiceFilter(choices=Action.choices, empty_label=_("Semua tindakan"), label=_("Tindakan"))
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="icontains", label=_("Pelaku"))
    # A record's "who opened this" link filters to it: type and id exactly.
    object_type = django_filters.CharFilter(label=_("Jenis objek"))
    object_id = django_filters.CharFilter(label=_("Nomor objek"))
    region_code = django_filters.CharFilter(label=_("Kode wilayah"))

    class Meta:
        model = AuditEntry
        fields = []
