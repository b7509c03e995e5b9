"""A case's page and the actions on it: edit, transition, assign, timeline, consent, files, checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import members_with_role, require_perm
from audit.services import log_read
from core.actions import check_form, post_action, render_form, run_action, stream
from core.formatting import mask_nik
from core.mixins import get_visible_or_404

from .. import forms, services
from ..models import (
    Attachment,
    Case,
    ChecklistItem,
    Status,
)
from ..reference import REPATRIATION_CATEGORIES
from ..rules import CASE_WORKER_ROLES


def _visible_case(request, pk):
    return get_visible_or_404(Case, request.user, pk=pk)


def _handler_candidates(case, user):
    """Case workers whose membership covers the case (the rule `cases.handle_case` asks) and lies in the choosing
    user's own regions: a village volunteer is not offered national officers or administrators."""
    return members_with_role(CASE_WORKER_ROLES, near=user, obj=case)


@login_required
def case_detail(request, pk):
    case = _visible_case(request, pk)
    log_read(request.user, case, request=request)
    can_work = request.user.has_perm("cases.edit_case", case)
    missions = Organisation.objects.none()
    if case.category in REPATRIATION_CATEGORIES:
        missions = Organisation.objects.filter(kind=OrganisationKind.MISSION, is_active=True)
        if case.destination_country:
            missions = missions.filter(country=case.destination_country.code)
    context = {
        "case": case, "title": str(case), "can_work": can_work,
        "worker_nik_masked": mask_nik(case.worker_nik),
        "can_add": request.user.has_perm("cases.add_entry", case),
        "org_view": not can_work,
        "timeline": case.timeline.select_related("author"),
        "referrals": case.referrals.select_related("organisation"),
        "claims": case.claims.all(),
        "attachments": case.attachments.all(),
        "consents": case.consents.all(),
        "checklist": case.checklist.all(),
        "missions": missions,
        "today": timezone.localdate(),
        "entry_form": forms.EntryForm(),
        "attachment_form": forms.AttachmentForm(),
    }
    if can_work:
        context.update({
            "transition_form": forms.TransitionForm(case=case),
            "assign_form": forms.AssignForm(candidates=_handler_candidates(case, request.user),
                                            initial={"handler": case.handler_id}),
            "consent_form": forms.ConsentForm(initial={"given_by": case.complainant_name, "channel": case.channel}),
            "duplicates": services.find_duplicates(request.user, village=case.village_id,
                                                   worker_name=case.worker_name, worker_nik=case.worker_nik,
                                                   complainant_phone=case.complainant_phone, exclude=case),
        })
    return render(request, "cases/case_detail.html", context)


@login_required
def case_edit(request, pk):
    case = _visible_case(request, pk)
    if not request.user.has_perm("cases.edit_case", case):
        raise PermissionDenied
    initial = {name: getattr(case, name) for name in forms.CaseEditForm.base_fields}
    initial["destination_country"] = case.destination_country.code or ""
    if case.worker_nik and not request.user.has_perm("people.reveal_nik", case):
        # A full NIK reaches a user only through the audited reveal: shown masked here, and the masked text
        # sent back unchanged is not a change (the stored NIK stays).
        initial["worker_nik"] = mask_nik(case.worker_nik)
    form = forms.CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if "destination_country" in changed:
            changed["destination_country"] = changed["destination_country"] or ""
        if run_action(form, services.update_case, request.user, case, **changed):
            messages.success(request, _("Perubahan disimpan."))
            return redirect("cases:detail", pk=case.pk)
    return render_form(request, form, title=_("Ubah kasus"), cancel_url=reverse("cases:detail", args=[case.pk]),
                       template="cases/case_edit.html", case=case)


def _case_for(request, pk, perm):
    """Out of scope is a 404; in scope without the permission a 403, asked before anything posted is read."""
    case = _visible_case(request, pk)
    require_perm(request.user, perm, case)
    return case


def _actions_url(case):
    return reverse("cases:detail", args=[case.pk]) + "#aksi"


@login_required
@require_POST
def case_transition(request, pk):
    case = _case_for(request, pk, "cases.transition_case")

    def transition():
        data = check_form(forms.TransitionForm(request.POST, case=case))
        outcome = {}
        if data["to"] == Status.RESOLVED:
            outcome = {k: data[k] for k in services.OUTCOME_FIELDS if data.get(k) not in (None, "")}
        services.transition(request.user, case, data["to"], note=data["note"], close_reason=data["close_reason"],
                            close_note=data["close_note"], **outcome)

    return post_action(request, transition, success=_("Status kasus diperbarui."), then=_actions_url(case))


@login_required
@require_POST
def case_assign(request, pk):
    case = _case_for(request, pk, "cases.assign_handler")

    def assign():
        form = forms.AssignForm(request.POST, candidates=_handler_candidates(case, request.user))
        if not form.is_valid():
            raise ValidationError(_("Pilih penangan dari daftar."))
        services.assign_handler(request.user, case, form.cleaned_data["handler"])

    return post_action(request, assign, success=_("Penangan diperbarui."), then=_actions_url(case))


@login_required
@require_POST
def case_entry(request, pk):
    case = _case_for(request, pk, "cases.add_entry")

    def add():
        data = check_form(forms.EntryForm(request.POST))
        services.add_entry(request.user, case, data["kind"], data["text"], at=data["at"])

    return post_action(request, add, success=_("Catatan ditambahkan."), then=_actions_url(case))


@login_required
@require_POST
def case_consent(request, pk):
    case = _case_for(request, pk, "cases.record_consent")

    def consent():
        data = check_form(forms.ConsentForm(request.POST))
        services.record_consent(request.user, case, data["kind"], given_by=data["given_by"], channel=data["channel"])

    return post_action(request, consent, success=_("Persetujuan dicatat."), then=_actions_url(case))


@login_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    case = _case_for(request, pk, "cases.withdraw_consent")
    consent = get_object_or_404(case.consents, pk=consent_pk, withdrawn_at__isnull=True)
    return post_action(request, lambda: services.withdraw_consent(request.user, consent),
                       success=_("Persetujuan ditarik."), then=_actions_url(case))


@login_required
@require_POST
def case_attachment(request, pk):
    case = _case_for(request, pk, "cases.attach_file")
    claim = get_object_or_404(case.claims, pk=request.POST["claim"]) if request.POST.get("claim") else None

    def attach():
        data = check_form(forms.AttachmentForm(request.POST, request.FILES))
        services.add_attachment(request.user, case, data["file"], description=data["description"], claim=claim)

    return post_action(request, attach, success=_("Lampiran disimpan."), then=_actions_url(case))


@login_required
@require_POST
def checklist_toggle(request, pk, item_pk):
    case = _case_for(request, pk, "cases.edit_checklist")
    item = get_object_or_404(ChecklistItem, case=case, pk=item_pk)
    return post_action(request, lambda: services.set_checklist_item(
        request.user, item, request.POST.get("done") == "1", request.POST.get("note", "")), then=_actions_url(case))


@login_required
def attachment_download(request, pk):
    """Streams a file only to users who can see its case; never from a public URL."""
    attachment = get_visible_or_404(Attachment, request.user, pk=pk)
    log_read(request.user, attachment, request=request)
    return stream(attachment.file, content_type=attachment.content_type, filename=attachment.original_name,
                  download=request.GET.get("unduh") == "1", sandbox=True)
