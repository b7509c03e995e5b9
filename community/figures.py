import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import Activity, FollowUp, FollowUpStatus


def home_figures(user):
    if not has_perm(user, "community.view_groups"):
        return []
    today = timezone.localdate()
    since = today - datetime.timedelta(days=90)
    return [
        Figure(_("Kegiatan komunitas 90 hari terakhir"),
               Activity.objects.visible_to(user).filter(date__gte=since, date__lte=today).count(),
               reverse("community:activities")),
        Figure(_("Tindak lanjut lewat tenggat"),
               FollowUp.objects.visible_to(user).filter(status=FollowUpStatus.OPEN, due_on__lt=today).count(),
               reverse("community:activities")),
    ]
