from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import Figure

from . import services
from .models import Placement


def home_figures(user):
    if not user.is_authenticated:
        return []
    qs = Placement.objects.visible_to(user)
    return [
        Figure(label=_("Calon PMI (belum berangkat)"), value=qs.filter(status__in=services.PRE_DEPARTURE).count(),
               url=reverse("migrants:list") + "?status=interest"),
        Figure(label=_("Sedang di luar negeri"), value=services.monitoring(qs, "abroad").count(),
               url=reverse("migrants:monitor", args=["abroad"])),
        Figure(label=_("Pulang dalam 30 hari"), value=services.monitoring(qs, "due").count(),
               url=reverse("migrants:monitor", args=["due"])),
        Figure(label=_("Lewat masa kontrak"), value=services.monitoring(qs, "overdue").count(),
               url=reverse("migrants:monitor", args=["overdue"])),
    ]
