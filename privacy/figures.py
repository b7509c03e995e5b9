from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import OPEN_REQUEST_STATUSES, DataRequest


def home_figures(user):
    """The in-app side of the officer's notice: open data-subject requests, with the legal deadline."""
    if not user.is_authenticated or not has_perm(user, "privacy.view_request"):
        return []
    open_requests = DataRequest.objects.visible_to(user).filter(status__in=OPEN_REQUEST_STATUSES).count()
    return [Figure(label=_("Permintaan data pribadi terbuka"), value=open_requests, url=reverse("privacy:requests"),
                   help=_("Dijawab paling lambat 3 × 24 jam (UU 27/2022)."))]
