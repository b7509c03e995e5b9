"""Agency (P3MI) and recruiter screens, with their imports."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from core.actions import post_action, render_form, run_action
from core.datakeys import with_keys
from core.filters import CappedPaginator, filter_list

from .. import reference_import, services
from ..filters import AgencyFilter, RecruiterFilter
from ..forms import (
    AgencyForm,
    ImportForm,
    RecruiterForm,
)
from ..models import Agency, Placement, Recruiter


@login_required
def agency_list(request):
    listing = filter_list(request, AgencyFilter, Agency.objects.all())
    page, today = listing.page, timezone.localdate()
    return render(request, "migrants/agency_list.html", {"page": page, "today": today,
                                                         "can_edit": has_perm(request.user, "migrants.edit_agency")},
                  status=listing.status)


@login_required
def agency_detail(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(agency=agency).select_related("person", "village")
    all_count = Placement.objects.filter(agency=agency).count()
    return render(request, "migrants/agency_detail.html", {
        "agency": agency, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": all_count, "valid_today": agency.licence_valid_on(timezone.localdate()),
        "recruiters": with_keys(agency.recruiters.all()),
        "can_edit": has_perm(request.user, "migrants.edit_agency", agency),
        "flagged": placements.filter(flag_codes__contains=",agency_unlicensed,").count(),
    })


def _reference_edit(request, model, pk, *, perm, form_class, save, saved, title, list_url):
    """Create or edit one reference record (an agency, a recruiter): the same page for both."""
    require_perm(request.user, perm)
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        instance = run_action(form, save, request.user, instance, request=request, **form.cleaned_data)
        if instance:
            messages.success(request, saved)
            return redirect(instance)
    return render_form(request, form, title=title, cancel_url=reverse(list_url))


def _reference_import(request, *, perm, load, saved, title, template, list_url):
    """A reference list from a spreadsheet, all or nothing; the rows refused are listed on the page (400)."""
    require_perm(request.user, perm)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = load(request.user, form.cleaned_data["file"].read(), request=request)
        if result.ok:
            messages.success(request, saved % {"c": result.created, "u": result.updated})
            return redirect(list_url)
    return render_form(request, form, title=title, cancel_url=reverse(list_url), template=template, result=result,
                       status=400 if result is not None else None)


@login_required
def agency_edit(request, pk=None):
    return _reference_edit(request, Agency, pk, perm="migrants.edit_agency", form_class=AgencyForm,
                           save=services.save_agency, saved=_("P3MI tersimpan."), title=_("P3MI"),
                           list_url="migrants:agencies")


@login_required
def agency_import(request):
    """Agencies from a spreadsheet: columns nama, no_sip3mi, berlaku_sejak, berlaku_sampai, alamat, telepon."""
    return _reference_import(request, perm="migrants.edit_agency", load=reference_import.import_agencies,
                             saved=_("%(c)s P3MI baru, %(u)s diperbarui."), title=_("Impor P3MI"),
                             template="migrants/agency_import.html", list_url="migrants:agencies")


@login_required
def recruiter_list(request):
    # Newest first (the names are sealed); the page's data keys primed with its ids (CappedPaginator), not looked up
    # row by row.
    listing = filter_list(request, RecruiterFilter, Recruiter.objects.select_related("claimed_agency"),
                          paginator_class=CappedPaginator)
    page = listing.page
    return render(request, "migrants/recruiter_list.html", {
        "page": page, "can_import": has_perm(request.user, "migrants.edit_recruiter")}, status=listing.status)


@login_required
def recruiter_detail(request, pk):
    recruiter = get_object_or_404(Recruiter.objects.select_related("claimed_agency"), pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(recruiter=recruiter).select_related("person")
    return render(request, "migrants/recruiter_detail.html", {
        "recruiter": recruiter, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": Placement.objects.filter(recruiter=recruiter).count(),
        "can_edit": has_perm(request.user, "migrants.edit_recruiter", recruiter) and recruiter.erased_at is None,
        "can_erase": has_perm(request.user, "migrants.erase_recruiter", recruiter) and recruiter.erased_at is None,
        "holds": services.recruiter_holds(recruiter) if recruiter.erased_at is None else [],
    })


@login_required
@require_POST
def recruiter_erase(request, pk):
    """Erase one recruiter's personal data on their request (services.erase_recruiter: refused while a case naming
    them is open)."""
    recruiter = get_object_or_404(Recruiter, pk=pk)
    require_perm(request.user, "migrants.erase_recruiter", recruiter)
    return post_action(request, lambda: services.erase_recruiter(request.user, recruiter, request=request),
                       success=_("Data pribadi perekrut dihapus; kunci datanya dimusnahkan."), then=recruiter)


@login_required
def recruiter_edit(request, pk=None):
    return _reference_edit(request, Recruiter, pk, perm="migrants.edit_recruiter", form_class=RecruiterForm,
                           save=services.save_recruiter, saved=_("Perekrut tersimpan."),
                           title=_("Perekrut lapangan"), list_url="migrants:recruiters")


@login_required
def recruiter_import(request):
    """Recruiters from a spreadsheet: columns nama, telepon, p3mi, kode_wilayah, catatan."""
    return _reference_import(request, perm="migrants.edit_recruiter", load=reference_import.import_recruiters,
                             saved=_("%(c)s perekrut baru, %(u)s diperbarui."), title=_("Impor perekrut"),
                             template="migrants/recruiter_import.html", list_url="migrants:recruiters")
