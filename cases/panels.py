"""The complaints on the placement, agency and recruiter pages (core.registry panels): migrants sits below cases
and does not import it; these sections come from here."""

from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Panel
from migrants import risk
from migrants.panels import references_panel

from .models import Case, CaseReference, CaseReferenceKind
from .services.arrivals import untaken_cases


def panels(user, obj, page):
    if page == "core:home":
        return _untaken(user)
    if page == "migrants:detail":
        return _placement(user, obj)
    if page == "cases:detail":
        return [references_panel(_("Nomor pengaduan di sistem nasional"), CaseReferenceKind.choices,
                                 CaseReference.objects.filter(case=obj),
                                 "cases:reference" if has_perm(user, "cases.edit_case", obj) else None, obj.pk)]
    if page == "migrants:agency_detail":
        return [_naming(_("Pengaduan yang menyebut P3MI ini"), Case.objects.filter(agency=obj), user)]
    if page == "migrants:recruiter_detail":
        return [_naming(_("Pengaduan yang menyebut perekrut ini"), Case.objects.filter(recruiter=obj), user)]
    return []


def _naming(title, cases, user):
    return Panel("cases/_complaints_panel.html", {"title": title, "complaints": cases.visible_to(user)})


def _placement(user, placement):
    complaints = list(Case.objects.filter(placement=placement).visible_to(user))
    # The overcharging flag (migrants.risk) is the one a click turns into a complaint.
    can_complain = (any(f.code == "overcharging" for f in risk.evaluate(placement))
                    and has_perm(user, "cases.file_overcharging_complaint", placement))
    if not complaints and not can_complain:
        return []
    return [Panel("cases/_complaints_panel.html", {
        "title": _("Pengaduan tentang penempatan ini"), "complaints": complaints,
        "can_complain": can_complain,
    })]


def _untaken(user):
    """The home page's "new, not yet taken" list for the people who take complaints."""
    if not has_perm(user, "cases.handle_case"):
        return []
    cases = untaken_cases(user)
    shown = list(cases[:10])
    if not shown:
        return []
    return [Panel("cases/_untaken_panel.html", {"cases": shown, "count": cases.count()}, order=10)]
