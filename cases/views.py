"""Screens for complaints and cases. Thin: parse input, call cases.services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationKind, User
from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_read, record
from core import throttle
from core.exports import export_response
from core.mixins import get_visible_or_404
from people.nik import mask_nik

from . import forms, services
from .models import (
    Attachment,
    Case,
    ChecklistItem,
    Claim,
    ClaimDocument,
    Notification,
    Referral,
    ReferralStatus,
    ServiceStandard,
    Status,
)
from .reference import CATEGORIES, REPATRIATION_CATEGORIES
from .rules import CASE_WORKER_ROLES


def _apply_errors(form, exc):
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _flash_errors(request, exc):
    for message in (exc.messages if isinstance(exc, ValidationError) else [str(exc)]):
        messages.error(request, message)


# --- Lists ----------------------------------------------------------------------------------------------


def _filtered_cases(request):
    qs = Case.objects.visible_to(request.user).select_related("village", "handler")
    form = forms.CaseFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            number = q.upper().removeprefix("K-")
            match = (Q(worker_name__icontains=q) | Q(complainant_name__icontains=q) | Q(tracking_code__iexact=q)
                     | Q(agency_name__icontains=q) | Q(recruiter_name__icontains=q) | Q(ministry_ticket__iexact=q))
            if number.isdigit():
                match |= Q(pk=int(number))
            qs = qs.filter(match)
        if data["status"] == "open":
            qs = qs.open()
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["category"]:
            qs = qs.filter(category=data["category"])
        if data["priority"]:
            qs = qs.filter(priority=data["priority"])
        if data["mine"]:
            qs = qs.filter(handler=request.user)
    return form, qs


@login_required
def case_list(request):
    form, qs = _filtered_cases(request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "title": _("Daftar kasus"),
        "can_create": request.user.has_perm("cases.intake_case"), "today": timezone.localdate(),
    })


@login_required
def overdue_list(request):
    qs = Case.objects.visible_to(request.user).overdue().select_related("village", "handler").order_by("due_date")
    return render(request, "cases/overdue_list.html", {"cases": qs, "today": timezone.localdate(),
                                                       "title": _("Kasus lewat batas waktu")})


@login_required
def export_csv(request):
    _form, qs = _filtered_cases(request)
    rows = ([case.reference, timezone.localtime(case.received_at).date().isoformat(), case.village.name,
             case.get_category_display(), case.get_status_display(), case.get_priority_display(),
             case.due_date.isoformat() if case.due_date else "", case.handler or "", case.worker_name,
             case.destination_country.code or "", case.agency_name, case.ministry_ticket]
            for case in qs.iterator(chunk_size=2000))
    return export_response(request, fmt="csv", name="kasus", object_type="cases.case", queryset=qs, rows=rows,
                           description=_("Daftar kasus"),
                           headers=["nomor", "diterima", "desa", "kategori", "status", "prioritas", "batas_waktu",
                                    "penangan", "pekerja", "negara", "p3mi", "tiket_kementerian"])


# --- Intake ---------------------------------------------------------------------------------------------


def _intake_data(cleaned, channel):
    fields = {k: v for k, v in cleaned.items() if k in services.CASE_EXTRA_FIELDS and v not in (None, "")}
    fields.update(village=cleaned["village"], category=cleaned["category"], description=cleaned["description"],
                  channel=channel, consent_process=cleaned.get("consent_process", False),
                  consent_share=cleaned.get("consent_share", False), consent_given_by=cleaned["complainant_name"])
    return fields


@login_required
def case_create(request):
    if not request.user.has_perm("cases.intake_case"):
        raise PermissionDenied
    duplicates = []
    form = forms.StaffIntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = list(services.find_duplicates(
            request.user, village=data["village"], worker_name=data["worker_name"], worker_nik=data["worker_nik"],
            complainant_phone=data["complainant_phone"]))
        if duplicates and not request.POST.get("confirm_new"):
            messages.warning(request, _("Ada kasus terbuka yang mungkin sama. Periksa dulu; bila memang "
                                        "berbeda, kirim lagi dengan tombol \"Tetap catat sebagai kasus baru\"."))
        else:
            fields = _intake_data(data, data["channel"])
            if data.get("received_on"):
                fields["received_at"] = timezone.make_aware(
                    timezone.datetime.combine(data["received_on"], timezone.datetime.min.time().replace(hour=9)))
            try:
                # The attachments field already checked every file and the per-submission cap.
                with transaction.atomic():
                    case = services.intake_case(request.user, **fields)
                    for upload in data["attachments"]:
                        services.add_attachment(request.user, case, upload)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Kasus %(ref)s dicatat. Kode lacak untuk pengadu: %(code)s") % {
                    "ref": case.reference, "code": case.tracking_code})
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "duplicates": duplicates,
                                                    "title": _("Catat pengaduan")})


# --- Detail and actions -----------------------------------------------------------------------------------


def _visible_case(request, pk):
    return get_visible_or_404(Case, request.user, pk=pk)


def _handler_candidates(case):
    users = User.objects.filter(is_active=True, memberships__is_active=True,
                                memberships__role__in=CASE_WORKER_ROLES).distinct().order_by("full_name", "username")
    return User.objects.filter(pk__in=[u.pk for u in users if u.has_perm("cases.handle_case", case)])


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
            "assign_form": forms.AssignForm(candidates=_handler_candidates(case),
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
        try:
            services.update_case(request.user, case, **changed)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_edit.html", {"form": form, "case": case, "title": _("Ubah kasus")})


def _post_action(request, pk, action, perm):
    case = _visible_case(request, pk)
    # Asked before the form is read: in scope without the permission is a 403, whatever was posted.
    require_perm(request.user, perm, case)
    try:
        # PermissionDenied from the service is not caught: in scope without the permission answers 403.
        result = action(case)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        if result:
            messages.success(request, result)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#aksi")


@login_required
@require_POST
def case_transition(request, pk):
    def action(case):
        form = forms.TransitionForm(request.POST, case=case)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        data = form.cleaned_data
        outcome = {}
        if data["to"] == Status.RESOLVED:
            outcome = {k: data[k] for k in services.OUTCOME_FIELDS if data.get(k) not in (None, "")}
        services.transition(request.user, case, data["to"], note=data["note"], close_reason=data["close_reason"],
                            close_note=data["close_note"], **outcome)
        return _("Status kasus diperbarui.")

    return _post_action(request, pk, action, "cases.transition_case")


@login_required
@require_POST
def case_assign(request, pk):
    def action(case):
        form = forms.AssignForm(request.POST, candidates=_handler_candidates(case))
        if not form.is_valid():
            raise ValidationError(_("Pilih penangan dari daftar."))
        services.assign_handler(request.user, case, form.cleaned_data["handler"])
        return _("Penangan diperbarui.")

    return _post_action(request, pk, action, "cases.assign_handler")


@login_required
@require_POST
def case_entry(request, pk):
    def action(case):
        form = forms.EntryForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        at = form.cleaned_data["at"]
        services.add_entry(request.user, case, form.cleaned_data["kind"], form.cleaned_data["text"], at=at)
        return _("Catatan ditambahkan.")

    return _post_action(request, pk, action, "cases.add_entry")


@login_required
@require_POST
def case_consent(request, pk):
    def action(case):
        form = forms.ConsentForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.record_consent(request.user, case, form.cleaned_data["kind"], given_by=form.cleaned_data["given_by"],
                                channel=form.cleaned_data["channel"])
        return _("Persetujuan dicatat.")

    return _post_action(request, pk, action, "cases.record_consent")


@login_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    def action(case):
        consent = get_object_or_404(case.consents, pk=consent_pk, withdrawn_at__isnull=True)
        services.withdraw_consent(request.user, consent)
        return _("Persetujuan ditarik.")

    return _post_action(request, pk, action, "cases.withdraw_consent")


@login_required
@require_POST
def case_attachment(request, pk):
    def action(case):
        form = forms.AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        claim = None
        if request.POST.get("claim"):
            claim = get_object_or_404(case.claims, pk=request.POST["claim"])
        services.add_attachment(request.user, case, form.cleaned_data["file"],
                                description=form.cleaned_data["description"], claim=claim)
        return _("Lampiran disimpan.")

    return _post_action(request, pk, action, "cases.attach_file")


@login_required
@require_POST
def checklist_toggle(request, pk, item_pk):
    def action(case):
        item = get_object_or_404(ChecklistItem, case=case, pk=item_pk)
        services.set_checklist_item(request.user, item, request.POST.get("done") == "1", request.POST.get("note", ""))
        return None

    return _post_action(request, pk, action, "cases.edit_checklist")


@login_required
def attachment_download(request, pk):
    """Streams a file only to users who can see its case; never from a public URL."""
    attachment = get_visible_or_404(Attachment, request.user, pk=pk)
    log_read(request.user, attachment, request=request)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=attachment.content_type,
                            as_attachment=request.GET.get("unduh") == "1", filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# --- Referrals -------------------------------------------------------------------------------------------


@login_required
def referral_create(request, pk):
    case = _visible_case(request, pk)
    if not request.user.has_perm("cases.refer_case", case):
        raise PermissionDenied
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer_case(request.user, case, form.cleaned_data["organisation"],
                                           request=form.cleaned_data["request"],
                                           override_reason=form.cleaned_data["override_reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("override_reason", str(exc))
        else:
            messages.success(request, _("Kasus dirujuk ke %(org)s.") % {"org": referral.organisation})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/referral_form.html", {
        "form": form, "case": case, "title": _("Rujuk kasus"), "has_consent": case.has_share_consent,
        "can_override": request.user.has_perm("cases.override_consent", case),
    })


@login_required
def referral_list(request):
    """For an organisation user: the inbox of referrals to their organisation. For others: referrals of
    the cases they can see."""
    orgs = services.user_organisation_ids(request.user)
    qs = Referral.objects.visible_to(request.user).select_related("case", "organisation", "case__village")
    if orgs and not request.user.has_perm("cases.view_cases"):
        qs = qs.filter(organisation_id__in=orgs)
    status = request.GET.get("status", "")
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "cases/referral_list.html", {"page": page, "status": status,
                                                        "statuses": ReferralStatus.choices,
                                                        "title": _("Rujukan")})


@login_required
def referral_detail(request, pk):
    referral = get_visible_or_404(Referral.objects.select_related("case", "organisation"), request.user, pk=pk)
    case = referral.case
    can_answer = request.user.has_perm("cases.answer_referral", referral)
    answer_form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "answer":
        if not can_answer:
            raise PermissionDenied
        if answer_form.is_valid():
            data = answer_form.cleaned_data
            try:
                if data["decision"] == "complete":
                    services.complete_referral(request.user, referral, note=data["reason"])
                else:
                    services.answer_referral(request.user, referral, accept=data["decision"] == "accept",
                                             reason=data["reason"], external_reference=data["external_reference"])
            except ValidationError as exc:
                _apply_errors(answer_form, exc)
            else:
                messages.success(request, _("Jawaban rujukan disimpan."))
                return redirect("cases:referral", pk=referral.pk)
    revoke_form = forms.RevokeForm(request.POST if request.POST.get("action") == "revoke" else None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        require_perm(request.user, "cases.revoke_referral", referral)
    if request.method == "POST" and request.POST.get("action") == "revoke" and revoke_form.is_valid():
        try:
            services.revoke_referral(request.user, referral, reason=revoke_form.cleaned_data["reason"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Rujukan dibatalkan."))
        return redirect("cases:referral", pk=referral.pk)
    expected, attached = services.referral_documents(referral)
    log_read(request.user, case, request=request)
    return render(request, "cases/referral_detail.html", {
        "referral": referral, "case": case, "can_answer": can_answer, "answer_form": answer_form,
        "revoke_form": revoke_form,
        "can_revoke": request.user.has_perm("cases.revoke_referral", referral) and referral.is_active,
        "expected": expected, "attached": attached, "title": str(referral),
    })


@login_required
def referral_letter(request, pk):
    from .letters import referral_letter_pdf

    referral = get_visible_or_404(Referral.objects.select_related("case", "organisation"), request.user, pk=pk)
    pdf = referral_letter_pdf(referral, request.user)
    record(request.user, Action.EXPORT, referral, region_code=referral.case.village_id, note="referral letter PDF",
           request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rujukan-{referral.case.reference}-{referral.pk}.pdf"'
    return response


# --- Claims ----------------------------------------------------------------------------------------------


@login_required
def claim_list(request):
    qs = Claim.objects.visible_to(request.user).select_related("case", "case__village")
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return render(request, "cases/claim_list.html", {"claims": qs[:200], "status": status,
                                                     "title": _("Klaim jaminan sosial"),
                                                     "today": timezone.localdate()})


@login_required
def claim_create(request, pk):
    case = _visible_case(request, pk)
    if not request.user.has_perm("cases.open_claim", case):
        raise PermissionDenied
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "claim_type" and v not in (None, "")}
        try:
            claim = services.open_claim(request.user, case, form.cleaned_data["claim_type"], **fields)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Klaim dibuka dengan daftar dokumen wajibnya."))
            return redirect("cases:claim", pk=claim.pk)
    return render(request, "cases/claim_form.html", {"form": form, "case": case, "title": _("Buka klaim BPJS")})


@login_required
def claim_detail(request, pk):
    claim = get_visible_or_404(Claim.objects.select_related("case"), request.user, pk=pk)
    can_work = request.user.has_perm("cases.update_claim", claim)
    form = forms.ClaimStatusForm(request.POST if request.POST.get("action") == "status" else None)
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "document":
                document = get_object_or_404(ClaimDocument, claim=claim, pk=request.POST.get("document"))
                services.set_claim_document(request.user, document, request.POST.get("provided") == "1")
                return redirect("cases:claim", pk=claim.pk)
            if form.is_valid():
                data = form.cleaned_data
                services.set_claim_status(request.user, claim, data["status"], on=data["on"],
                                          amount_paid=data["amount_paid"], reason=data["reason"],
                                          bpjs_reference=data["bpjs_reference"])
                messages.success(request, _("Status klaim diperbarui."))
                return redirect("cases:claim", pk=claim.pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return render(request, "cases/claim_detail.html", {
        "claim": claim, "case": claim.case, "form": form, "can_work": can_work,
        "documents": claim.documents.all(), "early_warning": services.early_report_warning(claim),
        "title": str(claim), "attachment_form": forms.AttachmentForm(),
    })


# --- Service standards, notifications -------------------------------------------------------------------------


@login_required
def standards(request):
    can_edit = request.user.has_perm("cases.edit_standards")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = forms.StandardForm(request.POST, prefix=request.POST.get("prefix") or None)
        if form.is_valid():
            data = form.cleaned_data
            services.set_standard(request.user, data["category"], data["working_days"], data["priority"], data["note"])
            messages.success(request, _("Standar layanan disimpan. Berlaku untuk kasus baru."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("cases:standards")
    saved = {s.category: s for s in ServiceStandard.objects.all()}
    rows = []
    for code, (label, priority, days) in CATEGORIES.items():
        standard = saved.get(code)
        rows.append({"code": code, "label": label, "form": forms.StandardForm(initial={
            "category": code, "working_days": standard.working_days if standard else days,
            "priority": standard.priority if standard else priority, "note": standard.note if standard else ""},
            prefix=code), "edited": standard is not None})
    return render(request, "cases/standards.html", {"rows": rows, "can_edit": can_edit,
                                                    "title": _("Standar layanan pengaduan")})


@login_required
def notifications(request):
    qs = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        for notification in qs.filter(read_at__isnull=True):
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return redirect("cases:notifications")
    return render(request, "cases/notifications.html", {"notifications": qs[:100], "title": _("Pemberitahuan")})


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, user=request.user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "cases:notifications")


# --- Public: complaint form and tracking -------------------------------------------------------------------------


def public_form(request):
    form = forms.PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # A replay or a double click of a form already sent answers with the first complaint's code, before
        # the throttle counts it: it writes nothing.
        earlier = services.case_for_form_key(forms.form_key(request.POST.get("form_token")))
        if earlier is not None:
            request.session["cases_last_code"] = earlier.tracking_code
            return redirect("cases:public_done")
    if request.method == "POST" and (form.is_spam or form.is_valid()):
        # Counted before anything is written, in one atomic step: simultaneous posts cannot pass the limit.
        decision = throttle.hit("cases-public-form", throttle.client_ip(request), limit=services.public_limit(),
                                window=services.PUBLIC_WINDOW_SECONDS)
        if not decision.allowed:
            return throttle.throttled_response(request, decision, message=_(
                "Terlalu banyak pengaduan dari alamat ini dalam satu jam. Coba lagi nanti, atau hubungi kantor desa."))
        if form.is_spam:
            # Answer a bot like a success, but keep nothing.
            return render(request, "cases/public_done.html", {"code": None, "title": _("Pengaduan terkirim")})
        try:
            case = services.submit_public_complaint(data=_intake_data(form.cleaned_data, "web"),
                                                    files=form.cleaned_data["attachments"],
                                                    form_key=forms.form_key(form.cleaned_data["form_token"]))
        except ValidationError as exc:
            throttle.refund(decision)
            _apply_errors(form, exc)
        else:
            request.session["cases_last_code"] = case.tracking_code
            return redirect("cases:public_done")
    return render(request, "cases/public_form.html", {"form": form, "title": _("Kirim pengaduan")})


def public_done(request):
    code = request.session.get("cases_last_code")
    if not code:
        return redirect("cases:public_form")
    return render(request, "cases/public_done.html", {"code": code, "title": _("Pengaduan terkirim")})


def public_track(request):
    form = forms.TrackForm(request.GET or None)
    case = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        # Only failed look-ups count (guessing codes is slow); the slot is taken first, so guesses sent at
        # once cannot pass the limit, and given back when the pair was right.
        decision = throttle.hit("cases-track", throttle.client_ip(request), limit=services.TRACK_FAILURES_PER_HOUR,
                                window=services.PUBLIC_WINDOW_SECONDS)
        if not decision.allowed:
            return throttle.throttled_response(request, decision, message=_(
                "Terlalu banyak percobaan melacak pengaduan. Coba lagi nanti."))
        case = services.track(form.cleaned_data["code"], form.cleaned_data["last4"])
        if case is not None:
            throttle.refund(decision)
    context = {"form": form, "searched": searched, "title": _("Lacak pengaduan")}
    if case is not None:
        context.update({"tracked": {
            "code": case.tracking_code, "category": case.get_category_display(), "status": case.get_status_display(),
            "received": case.received_at, "due_date": case.due_date if case.is_open else None,
            "events": services.public_timeline(case), "is_open": case.is_open,
        }})
    response = render(request, "cases/public_track.html", context)
    response["Cache-Control"] = "no-store"
    return response

