from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Figure

from .models import Case, Referral, ReferralStatus, user_organisation_ids


def home_figures(user):
    cases = Case.objects.visible_to(user)
    figures = [
        Figure(_("Kasus terbuka"), cases.open().count(), reverse("cases:list") + "?status=open"),
        Figure(_("Kasus lewat batas waktu"), cases.overdue().count(), reverse("cases:overdue"),
               _("Kasus terbuka yang melewati batas waktu standar layanan")),
    ]
    orgs = user_organisation_ids(user)
    if orgs:
        waiting = Referral.objects.filter(organisation_id__in=orgs, status=ReferralStatus.SENT).count()
        figures.append(Figure(_("Rujukan menunggu jawaban"), waiting,
                              reverse("cases:referrals") + "?status=sent"))
    return figures
