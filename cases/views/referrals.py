"""Referral and claim screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_read, record
from core.actions import post_action, render_form, run_action
from core.filters import filter_list
from core.mixins import get_visible_or_404

from .. import forms, services
from ..filters import ClaimFilter, ReferralFilter
from ..models import (
    Claim,
    ClaimDocument,
    Referral,
)
from .detail import _visible_case


@login_required
def referral_create(request, pk):
    case = _visible_case(request, pk)
    if not request.user.has_perm("cases.refer_case", case):
        raise PermissionDenied
    can_override = request.user.has_perm("cases.override_consent", case)
    form = forms.ReferralForm(request.POST or None, ask_override=can_override and not case.has_share_consent)
    if request.method == "POST" and form.is_valid():
        try:
            referral = run_action(form, services.refer_case, request.user, case, form.cleaned_data["organisation"],
                                  request=form.cleaned_data["request"],
                                  override_reason=form.cleaned_data.get("override_reason", ""))
        except PermissionDenied as exc:  # no sharing consent and no right to override it: said above the form
            form.add_error(None, str(exc))
            referral = None
        if referral:
            messages.success(request, _("Kasus dirujuk ke %(org)s.") % {"org": referral.organisation})
            return redirect("cases:detail", pk=case.pk)
    return render_form(request, form, title=_("Rujuk kasus"), cancel_url=reverse("cases:detail", args=[case.pk]),
                       template="cases/referral_form.html", case=case, has_consent=case.has_share_consent)


@login_required
def referral_list(request):
    """For an organisation user: the inbox of referrals to their organisation. For others: referrals of
    the cases they can see."""
    orgs = services.user_organisation_ids(request.user)
    qs = Referral.objects.visible_to(request.user).select_related("case", "organisation", "case__village")
    if orgs and not request.user.has_perm("cases.view_cases"):
        qs = qs.filter(organisation_id__in=orgs)
    listing = filter_list(request, ReferralFilter, qs)
    return render(request, "cases/referral_list.html", {"page": listing.page, "form": listing.form,
                                                        "title": _("Rujukan")}, status=listing.status)


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
            if data["decision"] == "complete":
                done = run_action(answer_form, services.complete_referral, request.user, referral, note=data["reason"])
            else:
                done = run_action(answer_form, services.answer_referral, request.user, referral,
                                  accept=data["decision"] == "accept", reason=data["reason"],
                                  external_reference=data["external_reference"])
            if done:
                messages.success(request, _("Jawaban rujukan disimpan."))
                return redirect("cases:referral", pk=referral.pk)
    revoke_form = forms.RevokeForm(request.POST if request.POST.get("action") == "revoke" else None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        require_perm(request.user, "cases.revoke_referral", referral)
    if request.method == "POST" and request.POST.get("action") == "revoke" and revoke_form.is_valid():
        return post_action(request, lambda: services.revoke_referral(
            request.user, referral, reason=revoke_form.cleaned_data["reason"]), success=_("Rujukan dibatalkan."),
            then=reverse("cases:referral", args=[referral.pk]))
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
    from ..letters import referral_letter_pdf

    referral = get_visible_or_404(Referral.objects.select_related("case", "organisation"), request.user, pk=pk)
    pdf = referral_letter_pdf(referral, request.user)
    record(request.user, Action.EXPORT, referral, region_code=referral.case.village_id, note="referral letter PDF",
           request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rujukan-{referral.case.reference}-{referral.pk}.pdf"'
    return response


@login_required
def claim_list(request):
    qs = Claim.objects.visible_to(request.user).select_related("case", "case__village")
    listing = filter_list(request, ClaimFilter, qs, per_page=50)
    return render(request, "cases/claim_list.html", {"claims": listing.page, "page": listing.page,
                                                     "form": listing.form, "title": _("Klaim jaminan sosial"),
                                                     "today": timezone.localdate()}, status=listing.status)


@login_required
def claim_create(request, pk):
    case = _visible_case(request, pk)
    if not request.user.has_perm("cases.open_claim", case):
        raise PermissionDenied
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "claim_type" and v not in (None, "")}
        claim = run_action(form, services.open_claim, request.user, case, form.cleaned_data["claim_type"], **fields)
        if claim:
            messages.success(request, _("Klaim dibuka dengan daftar dokumen wajibnya."))
            return redirect("cases:claim", pk=claim.pk)
    return render_form(request, form, title=_("Buka klaim BPJS"), cancel_url=reverse("cases:detail", args=[case.pk]),
                       template="cases/claim_form.html", case=case)


@login_required
def claim_detail(request, pk):
    claim = get_visible_or_404(Claim.objects.select_related("case"), request.user, pk=pk)
    can_work = request.user.has_perm("cases.update_claim", claim)
    form = forms.ClaimStatusForm(request.POST if request.POST.get("action") == "status" else None)
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        if request.POST.get("action") == "document":
            document = get_object_or_404(ClaimDocument, claim=claim, pk=request.POST.get("document"))
            if run_action(form, services.set_claim_document, request.user, document,
                          request.POST.get("provided") == "1"):
                return redirect("cases:claim", pk=claim.pk)
        elif form.is_valid():
            data = form.cleaned_data
            if run_action(form, services.set_claim_status, request.user, claim, data["status"], on=data["on"],
                          amount_paid=data["amount_paid"], reason=data["reason"],
                          bpjs_reference=data["bpjs_reference"]):
                messages.success(request, _("Status klaim diperbarui."))
                return redirect("cases:claim", pk=claim.pk)
    return render(request, "cases/claim_detail.html", {
        "claim": claim, "case": claim.case, "form": form, "can_work": can_work,
        "documents": claim.documents.all(), "early_warning": services.early_report_warning(claim),
        "title": str(claim), "attachment_form": forms.AttachmentForm(),
    })
