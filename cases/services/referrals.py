"""Referrals to organisations, BPJS claims and attachments."""

import hashlib

import lokal
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from accounts.models import Role
from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.uploads import check_file, sanitise_filename

from .. import reference, signals
from ..models import (
    CLAIM_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    TRANSITIONS,
    Attachment,
    Claim,
    ClaimDocument,
    ClaimStatus,
    EntryKind,
    Referral,
    ReferralStatus,
    Status,
    TimelineEntry,
)
from ..texts import Text, choice_label
from .arrivals import complaint_handlers
from .common import _actor_name, _case_url, _entry, _user
from .notifications import notify


@transaction.atomic
def refer_case(actor, case, organisation, *, request, override_reason=""):
    """Refer a case to an organisation in the directory.

    Needs the complainant's consent to share, or an authorised user's override with a reason (audited).
    An early-stage case moves to "referred" so the family's tracking page shows it.
    """
    require_perm(actor, "cases.refer_case", case)
    if not case.is_open:
        raise ValidationError({"case": _("Kasus yang sudah selesai atau ditutup tidak dapat dirujuk.")})
    if not organisation.is_active:
        raise ValidationError({"organisation": _("Lembaga ini tidak aktif di direktori.")})
    if not (request or "").strip():
        raise ValidationError({"request": _("Tuliskan apa yang diminta dari lembaga tujuan.")})
    if case.referrals.filter(organisation=organisation,
                             status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]).exists():
        raise ValidationError({"organisation": _("Kasus ini sudah dirujuk ke lembaga tersebut dan masih berjalan.")})
    override = not case.has_share_consent
    if override:
        if not (override_reason or "").strip():
            raise ValidationError({"override_reason": _(
                "Pengadu belum menyetujui datanya dibagikan. Catat persetujuannya dulu, atau isi alasan "
                "pengecualian (hanya petugas berwenang).")})
        require_perm(actor, "cases.override_consent", case,
                     _("Hanya petugas kabupaten ke atas yang boleh merujuk tanpa persetujuan pengadu."))
    referral = Referral.objects.create(
        case=case, organisation=organisation, request=request.strip(), sent_by=_user(actor),
        consent_override=override, override_reason=override_reason.strip() if override else "",
    )
    log_create(actor, referral)
    if override:
        record(actor, Action.OVERRIDE, referral, region_code=case.village_id,
               note=_("Rujukan tanpa persetujuan pengadu: %(reason)s") % {"reason": referral.override_reason})
    TimelineEntry.objects.create(case=case, kind=EntryKind.REFERRAL, author=_user(actor),
                                 author_name=_actor_name(actor),
                                 **_entry(Text(gettext_noop("Dirujuk ke %(org)s: %(req)s"), org=str(organisation),
                                               req=referral.request)))
    if Status.REFERRED in TRANSITIONS[case.status] and case.status in (
            Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS, Status.CLARIFICATION):
        before = snapshot(case)
        case.status = Status.REFERRED
        case.save()
        log_update(actor, case, before, action=Action.TRANSITION, note="referred")
    for user in _organisation_users(organisation):
        notify(user, _("Rujukan baru %(ref)s: %(cat)s") % {"ref": case.reference, "cat": case.get_category_display()},
               case=case, url=reverse("cases:referral", args=[referral.pk]))
    return referral


def _organisation_users(organisation):
    from accounts.models import User

    return User.objects.filter(is_active=True, memberships__organisation=organisation,
                               memberships__role=Role.ORGANISATION_STAFF, memberships__is_active=True).distinct()


def _tell_handlers(case, text):
    """An organisation's answer goes to the case's handler; for a case nobody has taken yet, to the people who
    take its village's complaints (arrivals.complaint_handlers)."""
    for user in [case.handler] if case.handler_id else complaint_handlers(case):
        notify(user, text, case=case, url=_case_url(case))


def _move_referral(referral, to):
    if to not in REFERRAL_TRANSITIONS[referral.status]:
        raise ValidationError({"status": _("Rujukan berstatus \"%(s)s\" tidak dapat diubah ke \"%(t)s\".") % {
            "s": referral.get_status_display(), "t": ReferralStatus(to).label}})


@transaction.atomic
def answer_referral(actor, referral, *, accept, reason="", external_reference=""):
    require_perm(actor, "cases.answer_referral", referral,
                 _("Hanya petugas lembaga tujuan yang dapat menjawab rujukan."))
    to = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    _move_referral(referral, to)
    if not accept and not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan penolakan agar penangan dapat merujuk ke tempat lain.")})
    before = snapshot(referral)
    referral.status, referral.answered_at, referral.answered_by = to, timezone.now(), actor
    referral.decline_reason = "" if accept else reason.strip()
    referral.accept_note = reason.strip() if accept else ""
    referral.external_reference = external_reference.strip()[:60]
    referral.save()
    log_update(actor, referral, before, action=Action.TRANSITION)
    if accept:
        said = (Text(gettext_noop("%(org)s menerima rujukan: %(note)s"), org=str(referral.organisation),
                     note=referral.accept_note) if referral.accept_note
                else Text(gettext_noop("%(org)s menerima rujukan."), org=str(referral.organisation)))
    else:
        said = Text(gettext_noop("%(org)s menolak rujukan: %(reason)s"), org=str(referral.organisation),
                    reason=referral.decline_reason)
    entry = _entry(said)
    text = entry["text"]
    TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, author=actor,
                                 author_name=_actor_name(actor), **entry)
    _tell_handlers(referral.case, text)
    signals.referral_answered.send(sender=Referral, referral=referral, accepted=accept, actor=actor)
    return referral


@transaction.atomic
def complete_referral(actor, referral, *, note):
    require_perm(actor, "cases.answer_referral", referral,
                 _("Hanya petugas lembaga tujuan yang dapat menyelesaikan rujukan."))
    _move_referral(referral, ReferralStatus.COMPLETED)
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan hasil penanganan.")})
    before = snapshot(referral)
    note = note.strip()
    referral.status, referral.completed_at, referral.completion_note = ReferralStatus.COMPLETED, timezone.now(), note
    referral.save()
    log_update(actor, referral, before, action=Action.TRANSITION)
    entry = _entry(Text(gettext_noop("%(org)s menyelesaikan rujukan: %(note)s"), org=str(referral.organisation),
                        note=note))
    text = entry["text"]
    TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, author=actor,
                                 author_name=_actor_name(actor), **entry)
    _tell_handlers(referral.case, text)
    return referral


@transaction.atomic
def revoke_referral(actor, referral, *, reason):
    require_perm(actor, "cases.revoke_referral", referral)
    _move_referral(referral, ReferralStatus.REVOKED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan rujukan.")})
    before = snapshot(referral)
    referral.status, referral.revoked_reason = ReferralStatus.REVOKED, reason.strip()
    referral.save()
    log_update(actor, referral, before, action=Action.TRANSITION)
    TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, author=_user(actor),
                                 author_name=_actor_name(actor),
                                 **_entry(Text(gettext_noop("Rujukan ke %(org)s dibatalkan: %(r)s"),
                                               org=str(referral.organisation), r=referral.revoked_reason)))
    return referral


def referral_documents(referral):
    """What the receiving organisation expects, each marked as attached or still missing."""
    expected = reference.EXPECTED_DOCUMENTS.get(referral.organisation.kind, reference.DEFAULT_EXPECTED_DOCUMENTS)
    attached = list(referral.case.attachments.all())
    return [str(label) for label in expected], attached


CLAIM_TARGET_WORKING_DAYS = 10  # internal target to submit; Permenaker 4/2023 asks to report "segera"


@transaction.atomic
def open_claim(actor, case, claim_type, **fields):
    require_perm(actor, "cases.open_claim", case)
    if claim_type not in reference.CLAIM_TYPES:
        raise ValidationError({"claim_type": _("Pilih jenis klaim dari daftar.")})
    allowed = {"membership_number", "incident_date", "heir_name", "heir_rank", "heir_relation", "due_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"open_claim() got unexpected fields: {', '.join(sorted(unknown))}")
    program = reference.CLAIM_TYPES[claim_type][1]
    if program == "JKM" and not (fields.get("heir_name") or "").strip():
        raise ValidationError({"heir_name": _("Klaim JKM dibayarkan kepada ahli waris: isi nama ahli waris.")})
    if fields.get("incident_date") and fields["incident_date"] > timezone.localdate():
        raise ValidationError({"incident_date": _("Tanggal kejadian tidak boleh di masa depan.")})
    fields.setdefault("due_date", lokal.add_working_days(timezone.localdate(), CLAIM_TARGET_WORKING_DAYS))
    claim = Claim(case=case, claim_type=claim_type, created_by=_user(actor), placement_id=case.placement_id,
                  **fields)
    claim.full_clean(exclude=["case", "created_by", "placement"])
    claim.save()
    _label, _prog, _phase, article, docs = reference.CLAIM_TYPES[claim_type]
    for code, label in docs:
        ClaimDocument.objects.create(claim=claim, code=code, label=str(label), article=article)
    log_create(actor, claim)
    TimelineEntry.objects.create(case=case, kind=EntryKind.CLAIM, author=_user(actor), author_name=_actor_name(actor),
                                 **_entry(Text(gettext_noop("Klaim dibuka: %(t)s."),
                                               t=choice_label(claim, "claim_type"))))
    return claim


@transaction.atomic
def set_claim_status(actor, claim, status, *, on=None, amount_paid=None, reason="", bpjs_reference=""):
    require_perm(actor, "cases.update_claim", claim)
    if status not in CLAIM_TRANSITIONS.get(claim.status, set()):
        raise ValidationError({"status": _("Status klaim tidak dapat berubah dari \"%(s)s\" ke \"%(t)s\".") % {
            "s": claim.get_status_display(),
            "t": ClaimStatus(status).label if status in ClaimStatus.values else status}})
    on = on or timezone.localdate()
    before = snapshot(claim)
    if status == ClaimStatus.SUBMITTED:
        missing = claim.documents.filter(provided=False).count()
        if missing:
            raise ValidationError(
                {"documents": _("Masih ada %(n)s dokumen wajib yang belum tersedia.") % {"n": missing}})
        claim.submitted_date = on
        if bpjs_reference:
            claim.bpjs_reference = bpjs_reference.strip()[:60]
    if status == ClaimStatus.PAID:
        if not amount_paid or amount_paid <= 0:
            raise ValidationError({"amount_paid": _("Isi jumlah yang dibayarkan (Rp).")})
        claim.amount_paid, claim.paid_date = amount_paid, on
    if status == ClaimStatus.REJECTED:
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Tuliskan alasan penolakan dari BPJS Ketenagakerjaan.")})
        claim.rejection_reason = reason.strip()
    claim.status = status
    claim.save()
    log_update(actor, claim, before, action=Action.TRANSITION)
    TimelineEntry.objects.create(case=claim.case, kind=EntryKind.CLAIM, author=_user(actor),
                                 author_name=_actor_name(actor),
                                 **_entry(Text(gettext_noop("Klaim %(t)s: %(s)s."), t=choice_label(claim, "claim_type"),
                                               s=choice_label(claim, "status"))))
    if status == ClaimStatus.PAID and not claim.case.claim_paid:
        case_before = snapshot(claim.case)
        claim.case.claim_paid = True
        claim.case.save()
        log_update(actor, claim.case, case_before)
    signals.claim_status_changed.send(sender=Claim, claim=claim, old=before.get("status"), new=status, actor=actor)
    return claim


@transaction.atomic
def set_claim_document(actor, document, provided):
    require_perm(actor, "cases.update_claim", document.claim)
    document.provided = bool(provided)
    document.provided_at = timezone.now() if provided else None
    document.save()
    record(actor, Action.UPDATE, document.claim, region_code=document.claim.case.village_id,
           note=f"{document.code}: {'provided' if provided else 'missing'}")
    return document


def early_report_warning(claim, today=None):
    """A claim still being prepared a week after the incident: remind to report early (art. 43(3), 45(1))."""
    today = today or timezone.localdate()
    return (claim.status == ClaimStatus.PREPARING and claim.incident_date is not None
            and (today - claim.incident_date).days >= 7)


ATTACHMENT_LABEL = _lazy("Lampiran")


@transaction.atomic
def add_attachment(actor, case, upload, *, description="", claim=None, referral=None):
    require_perm(actor, "cases.attach_file", case, _("Anda tidak berwenang menambah lampiran pada kasus ini."))
    mime, ext = check_file(upload, label=ATTACHMENT_LABEL)
    digest = hashlib.sha256()
    content = b""
    for chunk in upload.chunks():
        digest.update(chunk)
        content += chunk
    attachment = Attachment(
        case=case, claim=claim, referral=referral, original_name=sanitise_filename(upload.name),
        description=(description or "")[:200], content_type=mime, extension=ext, size=len(content),
        sha256=digest.hexdigest(), uploaded_by=_user(actor),
    )
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    record(actor, Action.CREATE, attachment, region_code=case.village_id, note=attachment.original_name)
    if actor is not None:
        TimelineEntry.objects.create(case=case, kind=EntryKind.DOCUMENT, author=_user(actor),
                                     author_name=_actor_name(actor),
                                     **_entry(Text(gettext_noop("Lampiran ditambahkan: %(n)s"),
                                                   n=attachment.original_name)))
    return attachment
