from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Figure

from .models import OPEN_STATUSES, Letter, ServiceRequest
from .services import local_today, overdue_q


def home_figures(user):
    """Open requests, those past their SOP time standard, and letters issued this month, in the user's scope."""
    today = local_today()
    requests = ServiceRequest.objects.visible_to(user)
    letters = Letter.objects.visible_to(user).filter(issued_on__year=today.year, issued_on__month=today.month)
    return [
        Figure(_("Permohonan layanan terbuka"), requests.filter(status__in=OPEN_STATUSES).count(),
               reverse("services:index")),
        Figure(_("Permohonan melewati standar waktu"), requests.filter(overdue_q(today)).count(),
               reverse("services:overdue")),
        Figure(_("Surat terbit bulan ini"), letters.count(), reverse("services:letters")),
    ]
