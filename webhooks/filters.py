"""The delivery log's FilterSet: per endpoint, per record (object_type + object_id), by status and event; used by
the log page and each endpoint's page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet

from .models import Delivery, DeliveryStatus, Endpoint, Event

OBJECT_TYPES = [("migrants.placement", _("Penempatan")), ("cases.case", _("Kasus")), ("cases.claim", _("Klaim"))]


def _endpoints(request):
    user = getattr(request, "user", None)
    return Endpoint.objects.visible_to(user) if user is not None else Endpoint.objects.none()


class DeliveryFilter(ScopedFilterSet):
    endpoint = django_filters.ModelChoiceFilter(queryset=_endpoints, empty_label=_("Semua sistem"),
                                                label=_("Sistem penerima"))
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, empty_label=_("Semua status"),
                                         label=_("Status"))
    event = django_filters.ChoiceFilter(choices=Event.choices, empty_label=_("Semua peristiwa"),
                                        label=_("Peristiwa"))
    object_type = django_filters.ChoiceFilter(choices=OBJECT_TYPES, empty_label=_("Semua jenis data"),
                                              label=_("Jenis data"))
    object_id = django_filters.NumberFilter(method="filter_object_id", min_value=1, label=_("ID data"))

    class Meta:
        model = Delivery
        fields = []

    def filter_object_id(self, qs, name, value):
        return qs.filter(object_id=str(int(value)))
