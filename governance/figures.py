from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import IN_FORCE_STAGES, BudgetLine, Regulation, RegulationKind


def home_figures(user):
    if not has_perm(user, "governance.view_governance"):
        return []
    year = timezone.localdate().year
    perdes = Regulation.objects.visible_to(user).filter(kind=RegulationKind.PERDES, stage__in=IN_FORCE_STAGES)
    villages_budget = BudgetLine.objects.visible_to(user).filter(year=year).values("village_id").distinct().count()
    return [
        Figure(_("Desa dengan Perdes pelindungan PMI"), perdes.values("village_id").distinct().count(),
               reverse("governance:regulations") + "?kind=perdes"),
        Figure(_("Desa beranggaran PMI tahun %(year)s") % {"year": year}, villages_budget,
               reverse("governance:budget")),
    ]
