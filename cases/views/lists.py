"""Case lists, the CSV export and staff intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actions import render_form, run_action
from core.exports import export_response
from core.filters import CappedPaginator, filter_list
from core.mixins import get_visible_or_404

from .. import forms, services
from ..filters import CaseFilter
from ..models import Case


def _filtered_cases(request):
    # The page's sealed names open with one key query per kind (the registered workers' keys, the cases' own).
    return filter_list(request, CaseFilter, Case.objects.visible_to(request.user).select_related("village", "handler"),
                       paginator_class=CappedPaginator)


@login_required
def case_list(request):
    listing = _filtered_cases(request)
    return render(request, "cases/case_list.html", {
        "form": listing.form, "page": listing.page, "title": _("Daftar kasus"),
        "can_create": request.user.has_perm("cases.intake_case"), "today": timezone.localdate(),
    }, status=listing.status)


@login_required
def overdue_list(request):
    qs = Case.objects.visible_to(request.user).overdue().select_related("village", "handler").order_by("due_date")
    return render(request, "cases/overdue_list.html", {"cases": qs, "today": timezone.localdate(),
                                                       "title": _("Kasus lewat batas waktu")})


@login_required
def export_csv(request):
    listing = _filtered_cases(request)
    invalid = listing.invalid_response()
    if invalid:
        return invalid
    qs = listing.qs
    rows = ([case.reference, timezone.localtime(case.received_at).date().isoformat(), case.village.name,
             case.get_category_display(), case.get_status_display(), case.get_priority_display(),
             case.due_date.isoformat() if case.due_date else "", case.handler or "", case.worker_name,
             case.destination_country.code or "", case.agency_name, case.ministry_ticket]
            for case in qs.iterator(chunk_size=2000))
    return export_response(request, fmt="csv", name="kasus", object_type="cases.case", queryset=qs, rows=rows,
                           description=_("Daftar kasus"), filters=listing.active_filters(),
                           headers=["nomor", "diterima", "desa", "kategori", "status", "prioritas", "batas_waktu",
                                    "penangan", "pekerja", "negara", "p3mi", "tiket_kementerian"])


def _int_or_zero(value):
    return int(value) if value.isdigit() and len(value) < 10 else 0


@login_required
def case_create(request):
    if not request.user.has_perm("cases.intake_case"):
        raise PermissionDenied
    duplicates = []
    initial = {}
    if request.GET.get("penempatan"):  # "open a case" from a placement page: what the registry knows
        from migrants.models import Placement

        placement = get_visible_or_404(Placement.objects.select_related("person", "agency", "recruiter"),
                                       request.user, pk=_int_or_zero(request.GET["penempatan"]))
        initial = forms.initial_for_placement(placement)
    form = forms.StaffIntakeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        intake = run_action(form, services.staff_intake, request.user, form.cleaned_data,
                            confirm_new=bool(request.POST.get("confirm_new")))
        if intake and intake.case:
            messages.success(request, _("Kasus %(ref)s dicatat. Kode lacak untuk pengadu: %(code)s") % {
                "ref": intake.case.reference, "code": intake.case.tracking_code})
            return redirect("cases:detail", pk=intake.case.pk)
        if intake:
            duplicates = intake.duplicates
            messages.warning(request, _("Ada kasus terbuka yang mungkin sama. Periksa dulu; bila memang "
                                        "berbeda, kirim lagi dengan tombol \"Tetap catat sebagai kasus baru\"."))
    return render_form(request, form, title=_("Catat pengaduan"), cancel_url=reverse("cases:list"),
                       template="cases/case_form.html", duplicates=duplicates)
