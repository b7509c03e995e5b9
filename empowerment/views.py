from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from audit.services import snapshot
from core.actions import check_form, post_action, render_form, run_action
from core.datakeys import with_keys
from core.filters import filter_list
from core.mixins import get_visible_or_404

from . import services
from .filters import EnterpriseFilter, ProgramFilter
from .forms import AttendanceForm, EnrolForm, EnterpriseForm, OutcomeForm, ProgramForm, SessionForm, StatusForm
from .models import (
    Enrolment,
    EnrolmentStatus,
    Enterprise,
    Program,
    ProgramSession,
    Sector,
    TargetGroup,
    by_name,
)


@login_required
def program_list(request):
    programs = Program.objects.visible_to(request.user).select_related("village").annotate(
        participants=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.DROPPED), distinct=True),
        session_count=Count("sessions", distinct=True))
    listing = filter_list(request, ProgramFilter, programs, per_page=None)
    return render(request, "empowerment/program_list.html", {
        "programs": listing.qs, "targets": TargetGroup.choices, "target": listing.active_filters().get("target"),
        "can_create": has_perm(request.user, "empowerment.edit_program"),
    }, status=listing.status)


@login_required
def program_create(request):
    require_perm(request.user, "empowerment.edit_program")
    form = ProgramForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        program = run_action(form, services.create_program, request.user, **form.cleaned_data)
        if program:
            return redirect("empowerment:program", program.pk)
    return render_form(request, form, title=_("Program pemberdayaan baru"), cancel_url=reverse("empowerment:programs"))


@login_required
def program_edit(request, pk):
    program = get_visible_or_404(Program, request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_program", program)
    before = snapshot(program)
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_program, request.user, form.instance, before):
            return redirect("empowerment:program", pk)
    return render_form(request, form, title=_("Ubah program"), cancel_url=reverse("empowerment:program", args=[pk]))


@login_required
def program_detail(request, pk):
    program = get_visible_or_404(Program.objects.select_related("village"), request.user, pk=pk)
    sessions = list(program.sessions.annotate(present=Count("attendance", filter=Q(attendance__present=True))))
    enrolments = by_name(with_keys(program.enrolments.annotate(
        attended=Count("attendance", filter=Q(attendance__present=True))).select_related("person")))
    editable = has_perm(request.user, "empowerment.edit_program", program)
    if editable:
        for enrolment in enrolments:
            enrolment.outcome_form = OutcomeForm.for_enrolment(enrolment)
    next_statuses = services.PROGRAM_TRANSITIONS[program.status]
    return render(request, "empowerment/program_detail.html", {
        "program": program, "sessions": sessions, "enrolments": enrolments, "can_edit": editable,
        "rate": services.attendance_rate(program), "enterprises": enterprises_of(program.enterprises.all()),
        "status_form": StatusForm(statuses=next_statuses) if editable and next_statuses else None,
        "session_form": SessionForm() if editable else None,
        "enrol_form": EnrolForm(user=request.user, program=program) if editable else None,
    })


@login_required
@require_POST
def program_status(request, pk):
    program = get_visible_or_404(Program, request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_program", program)
    form = StatusForm(request.POST, statuses=services.PROGRAM_TRANSITIONS[program.status])
    if form.is_valid() and run_action(form, services.change_program_status, request.user, program,
                                      form.cleaned_data["status"],
                                      outcome_summary=form.cleaned_data["outcome_summary"] or None):
        messages.success(request, _("Status program diubah."))
        return redirect("empowerment:program", pk)
    return render_form(request, form, title=_("Ubah status program"),
                       cancel_url=reverse("empowerment:program", args=[pk]))


@login_required
@require_POST
def session_add(request, pk):
    program = get_visible_or_404(Program, request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_session", program)
    form = SessionForm(request.POST)
    if form.is_valid() and run_action(form, services.add_session, request.user, program, **form.cleaned_data):
        return redirect("empowerment:program", pk)
    return render_form(request, form, title=_("Tambah sesi"), cancel_url=reverse("empowerment:program", args=[pk]))


@login_required
@require_POST
def enrol(request, pk):
    program = get_visible_or_404(Program, request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_enrolment", program)
    form = EnrolForm(request.POST, user=request.user, program=program)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(form, services.enrol, request.user, program, name=d["name"], person=d.get("person"),
                      phone=d["phone"], participant_group=d["participant_group"] or None,
                      enrolled_on=d["enrolled_on"]):
            return redirect("empowerment:program", pk)
    return render_form(request, form, title=_("Daftarkan peserta"),
                       cancel_url=reverse("empowerment:program", args=[pk]))


@login_required
def attendance(request, pk):
    session = get_visible_or_404(ProgramSession.objects.select_related("program"), request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_session", session)
    if request.method == "POST":
        form = AttendanceForm(request.POST, session=session)
        return post_action(request, lambda: services.record_attendance(
            request.user, session, check_form(form)["present"]),
            success=lambda n: _("Presensi tersimpan: %(n)s hadir.") % {"n": n},
            then=reverse("empowerment:program", args=[session.program_id]), refused_to=request.path)
    return render(request, "empowerment/attendance.html", {"session": session,
                                                           "form": AttendanceForm(session=session)})


@login_required
@require_POST
def outcome(request, pk):
    enrolment = get_visible_or_404(Enrolment.objects.select_related("program"), request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_enrolment", enrolment)
    form = OutcomeForm.for_enrolment(enrolment, request.POST)
    if form.is_valid() and run_action(form, services.set_enrolment_outcome, request.user, enrolment,
                                      **form.cleaned_data):
        return redirect("empowerment:program", enrolment.program_id)
    return render_form(request, form, title=_("Hasil peserta"),
                       cancel_url=reverse("empowerment:program", args=[enrolment.program_id]))


def enterprises_of(queryset):
    return with_keys(queryset)


@login_required
def enterprise_list(request):
    listing = filter_list(request, EnterpriseFilter, Enterprise.objects.visible_to(request.user).select_related(
        "village").prefetch_related("programs"), per_page=None)
    return render(request, "empowerment/enterprise_list.html", {
        "enterprises": enterprises_of(listing.qs), "sectors": Sector.choices,
        "sector": listing.active_filters().get("sector"),
        "can_create": has_perm(request.user, "empowerment.edit_enterprise"),
    }, status=listing.status)


def _enterprise_data(form):
    data = dict(form.cleaned_data)
    programs = data.pop("programs", [])
    return data, programs


@login_required
def enterprise_create(request):
    require_perm(request.user, "empowerment.edit_enterprise")
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, programs = _enterprise_data(form)
        enterprise = run_action(form, services.create_enterprise, request.user, programs=programs, **data)
        if enterprise:
            return redirect("empowerment:enterprise", enterprise.pk)
    return render_form(request, form, title=_("Usaha purna PMI baru"), cancel_url=reverse("empowerment:enterprises"))


@login_required
def enterprise_edit(request, pk):
    enterprise = get_visible_or_404(Enterprise, request.user, pk=pk)
    require_perm(request.user, "empowerment.edit_enterprise", enterprise)
    before = snapshot(enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        _data, programs = _enterprise_data(form)
        if run_action(form, services.update_enterprise, request.user, form.instance, before, programs):
            return redirect("empowerment:enterprise", pk)
    return render_form(request, form, title=_("Ubah usaha"), cancel_url=reverse("empowerment:enterprise", args=[pk]))


@login_required
def enterprise_detail(request, pk):
    enterprise = get_visible_or_404(Enterprise.objects.select_related("village", "owner"), request.user, pk=pk)
    return render(request, "empowerment/enterprise_detail.html", {
        "e": enterprise, "programs": enterprise.programs.all(),
        "can_edit": has_perm(request.user, "empowerment.edit_enterprise", enterprise),
    })
