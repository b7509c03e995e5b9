from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm
from audit.services import log_read, snapshot
from core import throttle
from core.actions import check_form, post_action, render_form, run_action
from core.datakeys import with_keys
from core.filters import filter_list
from core.formatting import mask_nik
from core.mixins import get_visible_or_404
from regions.models import Region

from .. import forms, services
from ..filters import ServiceRequestFilter
from ..models import (
    REQUEST_ACTIONS,
    Channel,
    Letter,
    LetterType,
    RequestStatus,
    Service,
    ServiceRequest,
)

# Public pages: how often one client may act (per window, seconds).
ONLINE_SUBMIT_LIMIT = (5, 3600)
TRACK_LIMIT = (30, 600)
VERIFY_LIMIT = (60, 600)


def _hit(scope, request, limit_window):
    limit, window = limit_window
    return throttle.hit(f"services-{scope}", throttle.client_ip(request), limit=limit, window=window)


def _operator_villages(user):
    return list(services.operated_villages(user))


# --- Dashboard and catalogue ------------------------------------------------------------------------

@login_required
def index(request):
    user = request.user
    open_qs = ServiceRequest.objects.visible_to(user).filter(status__in=[RequestStatus.SUBMITTED,
                                                                         RequestStatus.IN_PROCESS])
    return render(request, "services/index.html", {
        "open_requests": with_keys(open_qs.select_related("service", "village")[:20]),
        "open_count": open_qs.count(),
        "overdue_count": open_qs.filter(services.overdue_q()).count(),
        "recent_letters": with_keys(Letter.objects.visible_to(user).select_related("village")[:10]),
        "villages": _operator_villages(user),
    })


@login_required
def catalogue(request):
    user = request.user
    qs = Service.objects.visible_to(user).select_related("village", "letter_type").order_by("village_id", "order")
    villages = _operator_villages(user)
    have = set(Service.objects.filter(village__in=villages).values_list("village_id", flat=True))
    return render(request, "services/catalogue.html", {
        "services": qs, "villages_without": [v for v in villages if v.code not in have],
        "villages": villages,
    })


@login_required
@require_POST
def copy_defaults(request):
    village = get_object_or_404(Region, code=request.POST.get("village"), level=4)
    created = services.copy_default_catalogue(request.user, village)
    messages.success(request, _("%(n)d layanan dan %(t)d jenis surat bawaan disalin ke %(village)s.") % {
        "n": created["services"], "t": created["letter_types"], "village": village})
    return redirect("services:catalogue")


@login_required
def service_detail(request, pk):
    service = get_visible_or_404(Service, request.user, pk=pk)
    return render(request, "services/service_detail.html", {
        "service": service, "can_operate": request.user.has_perm("services.edit_service", service)})


@login_required
def service_edit(request, pk=None):
    instance = get_visible_or_404(Service, request.user, pk=pk) if pk else None
    if instance is not None:
        require_perm(request.user, "services.edit_service", instance)
    elif not _operator_villages(request.user):
        raise PermissionDenied
    before = snapshot(instance) if instance else None
    form = forms.ServiceForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        service = run_action(form, services.save_service, request.user, form.save(commit=False), before)
        if service:
            messages.success(request, _("Layanan disimpan."))
            return redirect("services:service_detail", pk=service.pk)
    return render_form(request, form, title=_("Ubah layanan") if instance else _("Layanan baru"),
                       cancel_url=reverse("services:catalogue"), template="services/form.html")


# --- Letter types and letterhead ------------------------------------------------------------------

@login_required
def letter_types(request):
    qs = LetterType.objects.visible_to(request.user).select_related("village")
    letterheads = {v.code: services.current_letterhead(v.code) for v in _operator_villages(request.user)}
    return render(request, "services/letter_types.html", {
        "letter_types": qs, "letterheads": letterheads, "villages": _operator_villages(request.user)})


@login_required
def letter_type_edit(request, pk=None):
    instance = get_visible_or_404(LetterType, request.user, pk=pk) if pk else None
    if instance is not None:
        require_perm(request.user, "services.edit_letter_type", instance)
    elif not _operator_villages(request.user):
        raise PermissionDenied
    before = snapshot(instance) if instance else None
    form = forms.LetterTypeForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.save_letter_type, request.user, form.save(commit=False), before):
            messages.success(request, _("Jenis surat disimpan. Surat yang sudah terbit tidak berubah."))
            return redirect("services:letter_types")
    from ..placeholders import PLACEHOLDERS

    return render_form(request, form, title=_("Ubah jenis surat") if instance else _("Jenis surat baru"),
                       cancel_url=reverse("services:letter_types"), template="services/letter_type_form.html",
                       instance=instance, placeholders=PLACEHOLDERS)


@login_required
def letterhead_edit(request, code):
    village = get_visible_or_404(Region.objects.villages(), request.user, code=code)
    require_perm(request.user, "services.edit_letterhead", village)
    current = services.current_letterhead(village.code)
    initial = {"government_lines": current.government_lines, "address": current.address,
               "contact": current.contact} if current else {
        "government_lines": "\n".join(services.default_letterhead_lines(village))}
    form = forms.LetterheadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        if run_action(form, services.update_letterhead, request.user, village.code,
                      government_lines=form.cleaned_data["government_lines"], address=form.cleaned_data["address"],
                      contact=form.cleaned_data["contact"], logo=upload.read() if upload else None,
                      remove_logo=form.cleaned_data["remove_logo"]):
            messages.success(request, _("Kop surat disimpan."))
            return redirect("services:letter_types")
    return render_form(request, form, title=_("Kop surat"), cancel_url=reverse("services:letter_types"),
                       template="services/letterhead_form.html", village=village, current=current)


# --- Requests -----------------------------------------------------------------------------------------

@login_required
def request_list(request, overdue=False):
    qs = ServiceRequest.objects.visible_to(request.user).select_related("service", "village")
    if overdue:
        qs = qs.filter(services.overdue_q()).order_by("due_date", "received_at")
    listing = filter_list(request, ServiceRequestFilter, qs, per_page=50)
    today = services.local_today()
    # The applicants' names are sealed: the page's data keys are unwrapped before its rows load.
    rows = [(r, services.elapsed_working_days(r, today), services.is_overdue(r, today))
            for r in (with_keys(listing.page.object_list) if listing.page is not None else [])]
    return render(request, "services/request_list.html", {
        "page": listing.page, "rows": rows, "overdue": overdue, "statuses": RequestStatus.choices,
        "status": listing.active_filters().get("status"), "can_create": bool(_operator_villages(request.user)),
    }, status=listing.status)


@login_required
def request_create(request):
    if not _operator_villages(request.user):
        raise PermissionDenied
    form = forms.CounterRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        req = run_action(form, services.submit_request, service=data["service"],
                         applicant_name=data["applicant_name"], nik=data["nik"], phone=data["phone"],
                         purpose=data["purpose"], channel=Channel.COUNTER, actor=request.user)
        if req:
            messages.success(request, _("Permohonan dicatat. Kode lacak: %(code)s") % {
                "code": services.display_code(req.tracking_code)})
            return redirect("services:request_detail", pk=req.pk)
    return render_form(request, form, title=_("Permohonan di loket"), cancel_url=reverse("services:requests"),
                       template="services/form.html")


@login_required
def request_detail(request, pk):
    req = get_visible_or_404(ServiceRequest.objects.select_related("service", "village"), request.user, pk=pk)
    can = request.user.has_perm("services.process_request", req)
    if request.method == "POST":
        if not can:
            raise PermissionDenied
        action, then = request.POST.get("action"), reverse("services:request_detail", args=[req.pk])
        if action == "requirements":
            form = forms.RequirementsForm(request.POST, req=req)
            return post_action(request, lambda: services.set_requirements(
                request.user, req, check_form(form)["requirements"]), success=_("Persyaratan diperbarui."),
                then=then)
        if action in RequestStatus.values:
            form = forms.RequestDecisionForm(request.POST)
            return post_action(request, lambda: services.transition_request(
                request.user, req, action, check_form(form)["note"]),
                success=_("Status permohonan: %(s)s.") % {"s": RequestStatus(action).label}, then=then)
        return redirect(then)
    log_read(request.user, req, request=request)
    today = services.local_today()
    return render(request, "services/request_detail.html", {
        "req": req, "can_operate": can,
        "requirements_form": forms.RequirementsForm(req=req, editable=can and req.is_open),
        "decision_form": forms.RequestDecisionForm(),
        "missing": services.missing_requirements(req), "elapsed": services.elapsed_working_days(req, today),
        "overdue": services.is_overdue(req, today), "letters": req.letters.all(),
        "tracking": services.display_code(req.tracking_code), "nik_masked": mask_nik(req.applicant_nik),
        "next_statuses": [(RequestStatus(s).value, REQUEST_ACTIONS[RequestStatus(s)])
                          for s in services.TRANSITIONS[RequestStatus(req.status)]],
    })


# --- Public pages ---------------------------------------------------------------------------------

def _public_village(code):
    village = Region.objects.villages().filter(code=code, is_active=True).first()
    if village is None:
        raise Http404
    return village


def public_catalogue(request, code):
    village = _public_village(code)
    items = Service.objects.filter(village=village, is_published=True, is_active=True)
    return render(request, "services/public_catalogue.html", {"village": village, "services": items})


def online_request(request, code):
    village = _public_village(code)
    form = forms.OnlineRequestForm(request.POST or None, village=village,
                                   initial={"service": request.GET.get("layanan")})
    if request.method == "POST":
        decision = _hit("submit", request, ONLINE_SUBMIT_LIMIT)
        if not decision.allowed:
            return throttle.throttled_response(request, decision)
        if form.is_valid() and not form.cleaned_data["website"]:
            data = form.cleaned_data
            req = run_action(form, services.submit_request, service=data["service"],
                             applicant_name=data["applicant_name"], nik=data["nik"], phone=data["phone"],
                             purpose=data["purpose"], channel=Channel.ONLINE)
            if req:
                return render(request, "services/online_submitted.html", {
                    "req": req, "code": services.display_code(req.tracking_code), "village": village})
    return render_form(request, form, title=_("Permohonan daring"),
                       cancel_url=reverse("services:public_catalogue", args=[village.code]),
                       template="services/online_request.html", village=village)


def track(request):
    # By POST only: a tracking code in the address stays in a shared phone's history and in proxy logs.
    form = forms.TrackForm(request.POST if request.method == "POST" else None)
    code = form.cleaned_data["kode"].strip() if form.is_valid() else ""
    req = None
    searched = bool(code)
    if searched:
        decision = _hit("track", request, TRACK_LIMIT)
        if not decision.allowed:
            return throttle.throttled_response(request, decision)
        req = services.find_request_by_code(code)
    today = services.local_today()
    return render(request, "services/track.html", {
        "form": form, "req": req, "searched": searched,
        "overdue": services.is_overdue(req, today) if req else False,
    }, status=404 if searched and req is None else 200)


def verify_form(request):
    form = forms.VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("services:verify", code=services.normalise_code(form.cleaned_data["code"]) or "-")
    return render_form(request, form, title=_("Periksa keaslian surat"), cancel_url="/",
                       template="services/verify_form.html")


def verify(request, code):
    decision = _hit("verify", request, VERIFY_LIMIT)
    if not decision.allowed:
        return throttle.throttled_response(request, decision)
    letter = services.find_letter_by_code(code)
    if letter is None:
        return render(request, "services/verify.html", {"letter": None, "code": code[:40]}, status=404)
    services.record_verification(letter, request)
    ancestors = {r.level: r for r in letter.village.ancestors()}
    return render(request, "services/verify.html", {
        "letter": letter, "masked_name": services.mask_name(letter.holder_name),
        "district": ancestors.get(3), "regency": ancestors.get(2),
        "code": services.display_code(letter.verification_code),
    })
