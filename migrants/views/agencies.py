"""Agency (P3MI) and recruiter screens, with their imports."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_perm, require_perm
from core.actions import render_form, run_action
from core.filters import filter_list

from .. import services
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
    from django.shortcuts import get_object_or_404

    agency = get_object_or_404(Agency, pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(agency=agency).select_related("person", "village")
    all_count = Placement.objects.filter(agency=agency).count()
    return render(request, "migrants/agency_detail.html", {
        "agency": agency, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": all_count, "valid_today": agency.licence_valid_on(timezone.localdate()),
        "recruiters": agency.recruiters.all(),
        "can_edit": has_perm(request.user, "migrants.edit_agency", agency),
        "flagged": placements.filter(flag_codes__contains=",agency_unlicensed,").count(),
    })


@login_required
def agency_edit(request, pk=None):
    from django.shortcuts import get_object_or_404

    require_perm(request.user, "migrants.edit_agency")
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        agency = run_action(form, services.save_agency, request.user, agency, request=request, **form.cleaned_data)
        if agency:
            messages.success(request, _("P3MI tersimpan."))
            return redirect(agency)
    return render_form(request, form, title=_("P3MI"), cancel_url=reverse("migrants:agencies"))


@login_required
def agency_import(request):
    """Agencies from a spreadsheet: columns nama, no_sip3mi, berlaku_sejak, berlaku_sampai, alamat, telepon."""
    from .. import reference_import

    require_perm(request.user, "migrants.edit_agency")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = reference_import.import_agencies(request.user, form.cleaned_data["file"].read(), request=request)
        if result.ok:
            messages.success(request, _("%(c)s P3MI baru, %(u)s diperbarui.") % {"c": result.created,
                                                                                 "u": result.updated})
            return redirect("migrants:agencies")
    return render(request, "migrants/agency_import.html", {"form": form, "result": result})


@login_required
def recruiter_list(request):
    listing = filter_list(request, RecruiterFilter, Recruiter.objects.select_related("claimed_agency"))
    page = listing.page
    return render(request, "migrants/recruiter_list.html", {
        "page": page, "can_import": has_perm(request.user, "migrants.edit_recruiter")}, status=listing.status)


@login_required
def recruiter_detail(request, pk):
    from django.shortcuts import get_object_or_404

    recruiter = get_object_or_404(Recruiter.objects.select_related("claimed_agency"), pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(recruiter=recruiter).select_related("person")
    return render(request, "migrants/recruiter_detail.html", {
        "recruiter": recruiter, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": Placement.objects.filter(recruiter=recruiter).count(),
        "can_edit": has_perm(request.user, "migrants.edit_recruiter", recruiter),
    })


@login_required
def recruiter_edit(request, pk=None):
    from django.shortcuts import get_object_or_404

    require_perm(request.user, "migrants.edit_recruiter")
    recruiter = get_object_or_404(Recruiter, pk=pk) if pk else None
    form = RecruiterForm(request.POST or None, instance=recruiter)
    if request.method == "POST" and form.is_valid():
        recruiter = run_action(form, services.save_recruiter, request.user, recruiter, request=request,
                               **form.cleaned_data)
        if recruiter:
            messages.success(request, _("Perekrut tersimpan."))
            return redirect(recruiter)
    return render_form(request, form, title=_("Perekrut lapangan"), cancel_url=reverse("migrants:recruiters"))


@login_required
def recruiter_import(request):
    """Recruiters from a spreadsheet: columns nama, telepon, p3mi, kode_wilayah, catatan."""
    from .. import reference_import

    require_perm(request.user, "migrants.edit_recruiter")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = reference_import.import_recruiters(request.user, form.cleaned_data["file"].read(), request=request)
        if result.ok:
            messages.success(request, _("%(c)s perekrut baru, %(u)s diperbarui.") % {"c": result.created,
                                                                                     "u": result.updated})
            return redirect("migrants:recruiters")
    return render(request, "migrants/recruiter_import.html", {"form": form, "result": result})
