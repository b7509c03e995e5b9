"""Letter pages: the list, drafting and revising, the sekretaris desa's check, the kepala desa's signature (one or
several at once), the PDF, revocation, and the outgoing-letter book (Buku Agenda Surat Keluar)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm
from audit.services import log_read
from core.actions import check_form, post_action, render_form, run_action
from core.datakeys import with_keys
from core.exports import export_response, queryset_region_and_count, record_export
from core.filters import filter_list
from core.mixins import get_visible_or_404

from .. import forms, services
from ..filters import AgendaFilter, LetterFilter
from ..models import Letter, LetterStatus, LetterType, ServiceRequest
from ..pdf import render_agenda_pdf, render_letter_pdf, verification_url


def _operator_villages(user):
    return list(services.operated_villages(user))


@login_required
def letter_list(request):
    listing = filter_list(request, LetterFilter, Letter.objects.visible_to(request.user).select_related(
        "village", "letter_type"), per_page=50)
    if listing.page is not None:  # the holders' names are sealed: the page's data keys unwrapped before its rows load
        listing.page.object_list = with_keys(listing.page.object_list)
    visible = Letter.objects.visible_to(request.user)
    return render(request, "services/letter_list.html", {
        "page": listing.page, "q": listing.active_filters().get("q", ""), "letter_types": LetterType.objects.filter(
            village__in=_operator_villages(request.user), is_active=True).select_related("village"),
        "to_check": visible.filter(status=LetterStatus.DRAFT).count()
        if request.user.has_perm("services.check_letter") else None,
        "to_sign": visible.filter(status=LetterStatus.CHECKED).count()
        if request.user.has_perm("services.sign_letter") else None,
        "can_agenda": request.user.has_perm("services.view_agenda"),
    }, status=listing.status)


@login_required
def letter_issue(request, type_pk):
    """Draft a letter of this type (the number comes when the kepala desa signs)."""
    user = request.user
    letter_type = get_visible_or_404(LetterType.objects.select_related("village"), user, pk=type_pk)
    require_perm(user, "services.draft_letter", letter_type)
    data = request.POST if request.method == "POST" else request.GET
    req = get_visible_or_404(ServiceRequest, user, pk=data["permohonan"]) if data.get("permohonan") else None
    person = req.person if req is not None else None
    placement = None
    if data.get("person"):
        person = get_object_or_404(services.visible_people(user), pk=data["person"])
    elif data.get("nik"):
        person = services.find_person(user, letter_type.village_id, data["nik"])
        if person is None:
            messages.warning(request, _("Tidak ada warga terdaftar dengan NIK itu di desa ini; "
                                        "isi data secara manual."))
    # A letter of heirs starts from a JKM claim (?klaim=): its case's person, placement and heirs.
    claim = get_object_or_404(services.visible_claims(user), pk=data["klaim"]) if data.get("klaim") else None
    if claim is not None and person is None and claim.case.person_id:
        person = get_object_or_404(services.visible_people(user), pk=claim.case.person_id)
    if data.get("placement"):
        placement = get_object_or_404(services.visible_placements(user), pk=data["placement"])
    elif claim is not None and claim.placement_id:
        placement = claim.placement
    elif request.method == "GET":
        placement = services.latest_placement(person)
    initial = services.values_from(person=person, placement=placement, request=req, claim=claim)
    form = forms.IssueLetterForm(request.POST or None, letter_type=letter_type, initial=initial)
    if request.method == "POST" and form.is_valid():
        letter = run_action(form, services.draft_letter, user, letter_type, form.cleaned_data, request=req,
                            person=person, placement=placement,
                            idempotency_key=form.cleaned_data.get("idempotency_key"))
        if letter:
            if letter.reused:
                messages.info(request, _("Surat untuk formulir atau permohonan ini sudah dibuat; tidak dibuat "
                                         "lagi."))
            else:
                messages.success(request, _("Konsep surat dibuat dan menunggu pemeriksaan sekretaris desa."))
            return redirect("services:letter_detail", pk=letter.pk)
    return render_form(request, form, title=letter_type.name, cancel_url=reverse("services:letters"),
                       template="services/letter_issue.html", letter_type=letter_type, req=req, person=person,
                       placement=placement, placement_error=services.placement_state_error(letter_type, placement),
                       has_letterhead=services.current_letterhead(letter_type.village_id) is not None)


@login_required
def letter_edit(request, pk):
    """The operator revises a draft or a letter sent back with a note."""
    letter = get_visible_or_404(Letter.objects.select_related("letter_type", "village"), request.user, pk=pk)
    require_perm(request.user, "services.draft_letter", letter)
    form = forms.IssueLetterForm(request.POST or None, letter_type=letter.letter_type,
                                 initial={**letter.values, "idempotency_key": "-"})
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.revise_letter, request.user, letter, form.cleaned_data):
            messages.success(request, _("Konsep surat diperbaiki dan menunggu pemeriksaan sekretaris desa."))
            return redirect("services:letter_detail", pk=letter.pk)
    return render_form(request, form, title=_("Perbaiki konsep surat"),
                       cancel_url=reverse("services:letter_detail", args=[letter.pk]))


@login_required
def letter_detail(request, pk):
    letter = get_visible_or_404(Letter.objects.select_related(
        "village", "letter_type", "drafted_by", "checked_by", "signed_by", "issued_by", "revoked_by", "returned_by"),
        request.user, pk=pk)
    log_read(request.user, letter, request=request)
    user = request.user
    signature = getattr(letter, "signature", None) if letter.status in (LetterStatus.VALID,
                                                                        LetterStatus.REVOKED) else None
    return render(request, "services/letter_detail.html", {
        "letter": letter, "body": services.body_for(user, letter), "signature": signature,
        "can_operate": user.has_perm("services.revoke_letter", letter) and letter.is_numbered,
        "can_edit": user.has_perm("services.draft_letter", letter) and letter.is_editable,
        "can_check": user.has_perm("services.check_letter", letter) and letter.status == LetterStatus.DRAFT,
        "can_sign": user.has_perm("services.sign_letter", letter) and letter.status == LetterStatus.CHECKED,
        "can_return": (letter.status == LetterStatus.DRAFT and user.has_perm("services.check_letter", letter)) or (
            letter.status == LetterStatus.CHECKED and user.has_perm("services.sign_letter", letter)),
        "can_finish": user.has_perm("services.issue_signed_letter", letter) and letter.status == LetterStatus.SIGNED,
        "placement_error": services.placement_state_error(letter.letter_type, letter.placement)
        if not letter.is_numbered else None,
        "verify_url": verification_url(letter), "code": services.display_code(letter.verification_code),
        "revoke_form": forms.RevokeForm(), "return_form": forms.ReturnForm()})


def _letter_for(request, pk, perm):
    letter = get_visible_or_404(Letter.objects.select_related("letter_type", "village"), request.user, pk=pk)
    require_perm(request.user, perm, letter)
    return letter


def _then(letter):
    return reverse("services:letter_detail", args=[letter.pk])


@login_required
@require_POST
def letter_check(request, pk):
    letter = _letter_for(request, pk, "services.check_letter")
    return post_action(request, lambda: services.check_letter(request.user, letter),
                       success=_("Surat diperiksa dan diteruskan kepada kepala desa."), then=_then(letter))


@login_required
@require_POST
def letter_return(request, pk):
    letter = _letter_for(request, pk, "services.return_letter")
    form = forms.ReturnForm(request.POST)
    return post_action(request, lambda: services.return_letter(request.user, letter, check_form(form)["note"]),
                       success=_("Surat dikembalikan kepada operator dengan catatan."), then=_then(letter))


def _sign_messages(request, outcomes):
    done = [o for o in outcomes if o.ok]
    if done:
        numbers = ", ".join(o.letter.number for o in done)
        messages.success(request, _("%(n)d surat ditandatangani: %(numbers)s.") % {"n": len(done), "numbers": numbers})
    for o in outcomes:
        if not o.ok:
            messages.error(request, _("Tidak ditandatangani — %(name)s: %(why)s") % {
                "name": o.letter.holder_name, "why": o.message})
        elif o.message:
            messages.warning(request, _("Surat %(number)s bernomor tetapi belum terbit: %(why)s") % {
                "number": o.letter.number, "why": o.message})


@login_required
@require_POST
def letter_sign(request, pk):
    letter = _letter_for(request, pk, "services.sign_letter")
    _sign_messages(request, services.sign_letters(request.user, [letter]))
    return redirect("services:letter_detail", pk=letter.pk)


@login_required
def letters_to_sign(request):
    """The kepala desa's queue: every checked letter of their villages, several signed with one click."""
    if not request.user.has_perm("services.sign_letter"):
        raise PermissionDenied
    visible = Letter.objects.visible_to(request.user)
    form = forms.SignLettersForm(request.POST if request.method == "POST" else None, queryset=visible)
    if request.method == "POST" and form.is_valid():
        _sign_messages(request, services.sign_letters(request.user, list(form.cleaned_data["letters"])))
        return redirect("services:letters_to_sign")
    return render_form(request, form, title=_("Surat menunggu tanda tangan"), cancel_url=reverse("services:letters"),
                       template="services/letters_to_sign.html", count=form.fields["letters"].queryset.count())


@login_required
@require_POST
def letter_finish(request, pk):
    letter = _letter_for(request, pk, "services.issue_signed_letter")
    return post_action(request, lambda: _finish(request.user, letter),
                       success=_("Surat %(number)s diterbitkan.") % {"number": letter.number}, then=_then(letter))


def _finish(user, letter):
    from django.core.exceptions import ValidationError

    from ..signing import SignatureUnavailable

    try:
        return services.issue_signed_letter(user, letter)
    except SignatureUnavailable as exc:
        raise ValidationError({"signature": str(exc)})


@login_required
def letter_pdf(request, pk):
    letter = get_visible_or_404(Letter.objects.select_related("letterhead", "village"), request.user, pk=pk)
    log_read(request.user, letter, request=request, note="pdf")
    # An issued letter prints exactly the PDF its signature covers; anything earlier is a draft marked as such.
    content = services.signed_pdf(letter) if letter.status in (LetterStatus.VALID, LetterStatus.REVOKED) else None
    response = HttpResponse(content or render_letter_pdf(letter), content_type="application/pdf")
    name = letter.number or f"konsep-{letter.pk}"
    filename = "surat-" + "".join(ch if ch.isalnum() else "-" for ch in name) + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def letter_revoke(request, pk):
    letter = _letter_for(request, pk, "services.revoke_letter")
    form = forms.RevokeForm(request.POST)
    return post_action(request, lambda: services.revoke_letter(request.user, letter, check_form(form)["reason"]),
                       success=_("Surat %(number)s dicabut.") % {"number": letter.number}, then=_then(letter))


# --- Buku Agenda Surat Keluar -----------------------------------------------------------------------------------

AGENDA_HEADERS = [_lazy("No. urut"), _lazy("Desa"), _lazy("Nomor surat"), _lazy("Tanggal surat"),
                  _lazy("Ditujukan kepada"), _lazy("Isi singkat"), _lazy("Penandatangan"), _lazy("Keterangan")]


def agenda_rows(letters):
    rows = []
    for index, letter in enumerate(letters, start=1):
        if letter.status == LetterStatus.REVOKED:
            note = _("Dicabut %(day)s") % {"day": letter.revoked_at.date().isoformat() if letter.revoked_at else ""}
        elif letter.status == LetterStatus.SIGNED:
            note = _("Ditandatangani, belum terbit")
        else:
            note = ""
        rows.append([index, letter.village.name, letter.number, letter.issued_on, letter.holder_name,
                     letter.type_name, f"{letter.signer_title} {letter.signer_name}".strip(), note])
    return rows


def _agenda(request):
    if not request.user.has_perm("services.view_agenda"):
        raise PermissionDenied
    qs = Letter.objects.visible_to(request.user).select_related("village")
    return filter_list(request, AgendaFilter, qs, per_page=None)


@login_required
def agenda(request):
    listing = _agenda(request)
    year = listing.filterset.chosen_year()
    if listing.export_format:
        return listing.invalid_response() or export_response(
            request, fmt=listing.export_format, name=f"buku-agenda-surat-keluar-{year}", object_type="services.letter",
            description=_("Buku agenda surat keluar %(year)d") % {"year": year}, headers=AGENDA_HEADERS,
            rows=agenda_rows(with_keys(listing.qs)), queryset=listing.qs, filters=listing.active_filters())
    rows = agenda_rows(with_keys(listing.qs)) if listing.valid else []
    return render(request, "services/agenda.html", {"rows": rows, "year": year, "filter": listing.filterset,
                                                    "headers": AGENDA_HEADERS}, status=listing.status)


@login_required
def agenda_pdf(request):
    listing = _agenda(request)
    invalid = listing.invalid_response()
    if invalid:
        return invalid
    year = listing.filterset.chosen_year()
    letters = with_keys(listing.qs)
    villages = sorted({letter.village.name for letter in letters})
    content = render_agenda_pdf(year=year, villages=villages, headers=AGENDA_HEADERS, rows=agenda_rows(letters))
    filename = f"buku-agenda-surat-keluar-{year}.pdf"
    region, _count = queryset_region_and_count(listing.qs)
    record_export(request, object_type="services.letter", description=_("Buku agenda surat keluar %(year)d") % {
        "year": year}, fmt="pdf", row_count=len(letters), region_code=region, filename=filename,
        filters=listing.active_filters())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
