from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import Enterprise, EnterpriseStatus, Program, ProgramStatus


def home_figures(user):
    if not has_perm(user, "empowerment.view_programs"):
        return []
    return [
        Figure(_("Program pemberdayaan berjalan"),
               Program.objects.visible_to(user).filter(status=ProgramStatus.RUNNING).count(),
               reverse("empowerment:programs")),
        Figure(_("Usaha purna PMI aktif"),
               Enterprise.objects.visible_to(user).filter(status=EnterpriseStatus.ACTIVE).count(),
               reverse("empowerment:enterprises")),
    ]
