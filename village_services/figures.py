from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import OPEN_STATUSES, Letter, LetterStatus, ServiceRequest
from .services import local_today, overdue_q


def home_figures(user):
    """Open requests, those past their SOP time standard, and letters issued this month, in the user's scope."""
    today = local_today()
    requests = ServiceRequest.objects.visible_to(user)
    letters = Letter.objects.visible_to(user).filter(issued_on__year=today.year, issued_on__month=today.month)
    queues = []
    # The village officials' own queues (issue 22.2): what waits for the sekretaris desa and for the kepala desa.
    if has_perm(user, "services.check_letter"):
        queues.append(Figure(_("Surat menunggu pemeriksaan"), Letter.objects.visible_to(user).filter(
            status=LetterStatus.DRAFT).count(), reverse("services:letters") + "?status=draft"))
    if has_perm(user, "services.sign_letter"):
        queues.append(Figure(_("Surat menunggu tanda tangan"), Letter.objects.visible_to(user).filter(
            status=LetterStatus.CHECKED).count(), reverse("services:letters_to_sign")))
    return queues + [
        Figure(_("Permohonan layanan terbuka"), requests.filter(status__in=OPEN_STATUSES).count(),
               reverse("services:index")),
        Figure(_("Permohonan melewati standar waktu"), requests.filter(overdue_q(today)).count(),
               reverse("services:overdue")),
        Figure(_("Surat terbit bulan ini"), letters.count(), reverse("services:letters")),
    ]
