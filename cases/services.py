"""Domain actions on cases. Views, API, demo and other apps call these; each one is audited."""

import calendar
import datetime as dt
import hashlib
import re

import lokal
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Role
from accounts.permissions import has_perm, require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.crypto import keyed_hash
from core.uploads import check_file, check_files, sanitise_filename
from regions.models import Region

from . import reference
from .models import (
    CLAIM_TRANSITIONS,
    CONTACT_KINDS,
    REFERRAL_TRANSITIONS,
    TRANSITIONS,
    Attachment,
    Case,
    Category,
    Channel,
    ChecklistItem,
    Claim,
    ClaimDocument,
    ClaimStatus,
    CloseReason,
    ComplainantRole,
    Consent,
    ConsentKind,
    EntryKind,
    Notification,
    Priority,
    PublicFormUse,
    Referral,
    ReferralStatus,
    ServiceStandard,
    Status,
    TimelineEntry,
    user_organisation_ids,  # noqa: F401 (views read the user's organisations through this module)
)

# --- Reference look-ups --------------------------------------------------------------------------


def standard_for(category):
    """(working days, priority) in force for a category: the edited standard, else the default."""
    standard = ServiceStandard.objects.filter(category=category).first()
    if standard:
        return standard.working_days, standard.priority
    _label, priority, days = reference.CATEGORIES[category]
    return days, priority


def compute_due_date(category, received_on):
    """Due date = received date + the category's working days (weekends, holidays, cuti bersama skipped)."""
    days, _priority = standard_for(category)
    return lokal.add_working_days(received_on, days)


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nik_hash(nik):
    return keyed_hash(nik) if nik else ""


def _digits(value):
    return re.sub(r"\D", "", value or "")


def _actor_name(actor):
    return str(actor)[:150] if actor is not None and getattr(actor, "is_authenticated", False) else ""


def _case_url(case):
    return reverse("cases:detail", args=[case.pk])


# --- Intake ---------------------------------------------------------------------------------------

CASE_EXTRA_FIELDS = {
    "complainant_role", "complainant_name", "complainant_relation", "complainant_organisation",
    "power_of_attorney", "complainant_phone", "complainant_email", "complainant_address", "worker_name",
    "worker_nik", "worker_phone", "destination_country", "agency_name", "recruiter_name", "employer_name",
    "since", "priority", "received_at", "ministry_ticket", "ministry_filed_at",
}

# What update_case may change; the village, channel and workflow fields are fixed once a case is recorded.
CASE_EDITABLE_FIELDS = frozenset(CASE_EXTRA_FIELDS | {"description", "category", "due_date"})


def _person_name(person):
    for attr in ("full_name", "name"):
        value = getattr(person, attr, "")
        if value:
            return str(value)
    return str(person)


@transaction.atomic
def intake_case(actor, *, village, category, description, person=None, placement=None, agency=None,
                recruiter=None, channel="in_person", **extra):
    """Record a complaint as a case and return it.

    `village` is a Region or its code. Known registry records (person, placement, agency, recruiter) are
    linked and fill the worker's identity when the caller gives none; the identity is always kept on the
    case too, because a complaint often concerns someone never registered. Extra keyword arguments:
    the Case fields in CASE_EXTRA_FIELDS, plus `handler` (a user), `consent_process` / `consent_share`
    (bools: the complainant agreed, recorded with who/when/purpose/text version) and `consent_given_by`.
    """
    handler = extra.pop("handler", None)
    consent_process = extra.pop("consent_process", False)
    consent_share = extra.pop("consent_share", False)
    consent_given_by = extra.pop("consent_given_by", "")
    unknown = set(extra) - CASE_EXTRA_FIELDS
    if unknown:
        raise TypeError(f"intake_case() got unexpected fields: {', '.join(sorted(unknown))}")

    code = getattr(village, "code", village)
    region = Region.objects.filter(code=code, level=4).first()
    errors = {}
    if region is None:
        errors["village"] = _("Desa dengan kode '%(code)s' tidak dikenal.") % {"code": code}
    elif actor is not None and not has_perm(actor, "cases.intake_case", region.code):
        errors["village"] = _("Desa ini di luar wilayah kerja Anda.")
    if category not in Category.values:
        errors["category"] = _("Pilih kategori pengaduan dari daftar.")
    if not (description or "").strip():
        errors["description"] = _("Ceritakan apa yang terjadi.")
    if channel not in Channel.values:
        errors["channel"] = _("Saluran pengaduan tidak dikenal.")

    # Fill the worker's identity from the registry when the caller did not give it.
    if person is not None:
        extra.setdefault("worker_name", _person_name(person))
        nik = getattr(person, "nik", "")
        if nik and not extra.get("worker_nik"):
            extra["worker_nik"] = str(nik)
    if placement is not None:
        country = getattr(placement, "destination_country", "") or getattr(placement, "country", "")
        if country and not extra.get("destination_country"):
            extra["destination_country"] = str(country)
        if agency is None:
            agency = getattr(placement, "agency", None)
        if recruiter is None:
            recruiter = getattr(placement, "recruiter", None)
        if person is None and getattr(placement, "person", None) is not None:
            person = placement.person
            extra.setdefault("worker_name", _person_name(person))
    if agency is not None and not extra.get("agency_name"):
        extra["agency_name"] = str(agency)
    if recruiter is not None and not extra.get("recruiter_name"):
        extra["recruiter_name"] = str(recruiter)

    worker_name = (extra.get("worker_name") or "").strip()
    if not worker_name:
        errors["worker_name"] = _("Nama pekerja migran wajib diisi.")
    nik = _digits(extra.get("worker_nik"))
    if extra.get("worker_nik") and len(nik) != 16:
        errors["worker_nik"] = _("NIK harus 16 angka; kosongkan bila tidak tahu.")
    priority = extra.pop("priority", None)
    if priority and priority not in Priority.values:
        errors["priority"] = _("Prioritas tidak dikenal.")
    if handler is not None and region is not None and not has_perm(handler, "cases.handle_case", region.code):
        errors["handler"] = _("Penangan harus petugas yang wilayah kerjanya mencakup desa ini.")
    if errors:
        raise ValidationError(errors)

    extra["worker_name"] = worker_name
    extra["worker_nik"] = nik
    if not (extra.get("complainant_name") or "").strip():
        # Staff intake from the registry: the worker is the complainant unless told otherwise.
        extra["complainant_name"] = worker_name
        extra.setdefault("complainant_role", ComplainantRole.WORKER)
    received_at = extra.pop("received_at", None) or timezone.now()
    days, default_priority = standard_for(category)
    if category in reference.URGENT_CATEGORIES:
        priority = Priority.URGENT  # death, violence, trafficking are urgent whatever was chosen
    case = Case(
        village=region, category=category, description=description.strip(), channel=channel,
        priority=priority or default_priority, received_at=received_at,
        due_date=lokal.add_working_days(timezone.localdate(received_at), days),
        created_by=actor if _actor_name(actor) else None, handler=handler,
        worker_nik_hash=nik_hash(nik), phone_last4=_digits(extra.get("complainant_phone"))[-4:], **extra,
    )
    for name, value in (("person", person), ("placement", placement), ("agency", agency),
                        ("recruiter", recruiter)):
        if value is not None and hasattr(Case, f"{name}_id"):
            setattr(case, name, value)
    case.full_clean(exclude=["village", "handler", "created_by", "tracking_code"])
    case.save()
    log_create(actor, case)
    given_by = consent_given_by or case.complainant_name
    if consent_process:
        record_consent(actor, case, ConsentKind.PROCESS, given_by=given_by, channel=channel)
    if consent_share:
        record_consent(actor, case, ConsentKind.SHARE, given_by=given_by, channel=channel)
    for code_, label in reference.CHECKLISTS.get(category, []):
        ChecklistItem.objects.create(case=case, code=code_, label=str(label))
    TimelineEntry.objects.create(
        case=case, kind=EntryKind.NOTE, at=received_at, author=case.created_by, author_name=_actor_name(actor),
        text=_("Pengaduan diterima melalui %(channel)s.") % {"channel": case.get_channel_display()},
    )
    if handler is not None:
        _notify_assignment(case, handler)
    return case


def find_duplicates(user, *, village=None, worker_name="", worker_nik="", complainant_phone="", exclude=None):
    """Open cases the user can see that may be the same complaint: same NIK, same worker name in the same
    village, or the same complainant phone."""
    q = Q(pk__in=[])
    nik = _digits(worker_nik)
    if len(nik) == 16:
        q |= Q(worker_nik_hash=nik_hash(nik))
    name = " ".join((worker_name or "").split())
    if name and village:
        q |= Q(worker_name__iexact=name, village_id=getattr(village, "code", village))
    phone = _digits(complainant_phone)
    if len(phone) >= 8:
        q |= Q(phone_last4=phone[-4:], complainant_phone__endswith=phone[-8:])
    qs = Case.objects.visible_to(user).open().filter(q)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-received_at")[:10]


# --- Consent ---------------------------------------------------------------------------------------


def record_consent(actor, case, kind, *, given_by, channel=None):
    require_perm(actor, "cases.record_consent", case)
    text = reference.CONSENT_PROCESS_TEXT if kind == ConsentKind.PROCESS else reference.CONSENT_SHARE_TEXT
    consent = Consent.objects.create(
        case=case, kind=kind, given_by=given_by[:150], purpose=str(text), text_version=reference.CONSENT_VERSION,
        channel=channel or case.channel, recorded_by=actor if _actor_name(actor) else None,
    )
    record(actor, Action.CREATE, consent, region_code=case.village_id,
           note=_("Persetujuan dicatat: %(kind)s") % {"kind": consent.get_kind_display()})
    return consent


@transaction.atomic
def withdraw_consent(actor, consent):
    require_perm(actor, "cases.withdraw_consent", consent.case)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    record(actor, Action.UPDATE, consent, region_code=consent.case.village_id, note=_("Persetujuan ditarik"))
    return consent


# --- Workflow ----------------------------------------------------------------------------------------


def last_contact(case):
    entry = case.timeline.filter(kind__in=CONTACT_KINDS).order_by("-at").first()
    return entry.at if entry else case.received_at


def last_activity(case):
    entry = case.timeline.order_by("-at").first()
    return entry.at if entry else case.received_at


def _close_errors(case, reason, note, today):
    """Perban BP2MI 6/2024 art. 30: each reason holds only once its waiting time has passed."""
    received = timezone.localdate(case.received_at)
    if reason not in CloseReason.values:
        return _("Pilih alasan penutupan.")
    if reason == CloseReason.DOCS_INCOMPLETE and today < received + dt.timedelta(days=30):
        return _("Alasan ini baru berlaku 30 hari setelah pengaduan diterima (%(date)s).") % {
            "date": received + dt.timedelta(days=30)}
    if reason == CloseReason.NO_CLARITY:
        if case.clarification_requested_at is None:
            return _("Alasan ini hanya berlaku setelah klarifikasi diminta kepada pengadu.")
        limit = lokal.add_working_days(timezone.localdate(case.clarification_requested_at), 15)
        if today < limit:
            return _("Alasan ini baru berlaku 15 hari kerja setelah klarifikasi diminta (%(date)s).") % {
                "date": limit}
    if reason == CloseReason.UNREACHABLE:
        limit = timezone.localdate(last_contact(case)) + dt.timedelta(days=60)
        if today < limit:
            return _("Alasan ini baru berlaku 60 hari setelah kontak terakhir (%(date)s).") % {"date": limit}
    if reason == CloseReason.HANDED_OVER and not case.referrals.exclude(
            status__in=[ReferralStatus.DECLINED, ReferralStatus.REVOKED]).exists():
        return _("Kasus belum dirujuk ke instansi lain: buat rujukan lebih dulu.")
    if reason == CloseReason.NO_RESPONSE:
        limit = add_months(timezone.localdate(last_activity(case)), 6)
        if today < limit:
            return _("Alasan ini baru berlaku 6 bulan tanpa tanggapan (%(date)s).") % {"date": limit}
    if reason == CloseReason.OTHER and not (note or "").strip():
        return _("Tuliskan alasan penutupan.")
    return None


OUTCOME_FIELDS = ("wages_recovered", "compensation", "repatriated", "documents_returned", "claim_paid",
                  "outcome_note")


@transaction.atomic
def transition(actor, case, to, *, note="", today=None, close_reason="", close_note="", **outcome):
    """Move a case along the workflow; only legal moves, each recorded on the timeline and in the audit log."""
    require_perm(actor, "cases.transition_case", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    today = today or timezone.localdate()
    if to not in TRANSITIONS.get(case.status, set()):
        raise ValidationError({"status": _("Status tidak dapat berubah dari \"%(from)s\" ke \"%(to)s\".") % {
            "from": case.get_status_display(), "to": Status(to).label if to in Status.values else to}})
    unknown = set(outcome) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"transition() got unexpected fields: {', '.join(sorted(unknown))}")
    before = snapshot(case)
    if to == Status.RESOLVED:
        for name, value in outcome.items():
            setattr(case, name, value)
        if not (case.wages_recovered or case.compensation or case.repatriated or case.documents_returned
                or case.claim_paid or case.outcome_note.strip()):
            raise ValidationError({"outcome": _("Isi hasil penyelesaian: gaji yang dibayarkan, kompensasi, "
                                                "pemulangan, dokumen kembali, klaim dibayar, atau catatan hasil.")})
        case.resolved_at = timezone.now()
    if to == Status.CLOSED:
        error = _close_errors(case, close_reason, close_note, today)
        if error:
            raise ValidationError({"close_reason": error})
        case.close_reason, case.close_note, case.closed_at = close_reason, close_note.strip(), timezone.now()
    if to == Status.CLARIFICATION:
        case.clarification_requested_at = timezone.now()
    old_label = case.get_status_display()
    case.status = to
    case.save()
    text = _("Status: %(old)s → %(new)s.") % {"old": old_label, "new": case.get_status_display()}
    if to == Status.CLOSED:
        text += " " + _("Alasan: %(reason)s.") % {"reason": case.get_close_reason_display()}
    if note:
        text += " " + note.strip()
    TimelineEntry.objects.create(case=case, kind=EntryKind.STATUS, text=text, author=_user(actor),
                                 author_name=_actor_name(actor))
    log_update(actor, case, before, action=Action.TRANSITION, note=text)
    return case


def _user(actor):
    return actor if _actor_name(actor) else None


@transaction.atomic
def update_case(actor, case, **fields):
    """Edit details (identity, description, priority, due date, ministry ticket); audited field by field."""
    require_perm(actor, "cases.edit_case", case)
    unknown = set(fields) - CASE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_case() got unexpected fields: {', '.join(sorted(unknown))}")
    before = snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    if "worker_nik" in fields:
        case.worker_nik = _digits(case.worker_nik)
        if case.worker_nik and len(case.worker_nik) != 16:
            raise ValidationError({"worker_nik": _("NIK harus 16 angka; kosongkan bila tidak tahu.")})
        case.worker_nik_hash = nik_hash(case.worker_nik)
    if "complainant_phone" in fields:
        case.phone_last4 = _digits(case.complainant_phone)[-4:]
    if case.category in reference.URGENT_CATEGORIES:
        case.priority = Priority.URGENT
    case.full_clean(exclude=["village", "handler", "created_by", "tracking_code"])
    case.save()
    if "ministry_ticket" in fields and before.get("ministry_ticket") != case.ministry_ticket and case.ministry_ticket:
        add_entry(actor, case, EntryKind.DOCUMENT,
                  _("Dicatat di sistem pengaduan kementerian, tiket %(t)s.") % {"t": case.ministry_ticket})
    log_update(actor, case, before)
    return case


@transaction.atomic
def assign_handler(actor, case, handler):
    require_perm(actor, "cases.assign_handler", case)
    if handler is not None and not has_perm(handler, "cases.handle_case", case):
        raise ValidationError({"handler": _("Penangan harus petugas yang wilayah kerjanya mencakup desa ini.")})
    before = snapshot(case)
    case.handler = handler
    case.save()
    TimelineEntry.objects.create(
        case=case, kind=EntryKind.ASSIGNMENT, author=_user(actor), author_name=_actor_name(actor),
        text=_("Penangan: %(name)s.") % {"name": handler or _("(tidak ada)")})
    log_update(actor, case, before)
    if handler is not None and handler != actor:
        _notify_assignment(case, handler)
    return case


def add_entry(actor, case, kind, text, at=None):
    require_perm(actor, "cases.add_entry", case, _("Anda tidak berwenang menambah catatan pada kasus ini."))
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Jenis catatan tidak dikenal.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Tuliskan isi catatan.")})
    if at is not None and at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": _("Waktu tindakan tidak boleh di masa depan.")})
    entry = TimelineEntry.objects.create(case=case, kind=kind, text=text.strip(), at=at or timezone.now(),
                                         author=_user(actor), author_name=_actor_name(actor))
    record(actor, Action.CREATE, entry, region_code=case.village_id)
    return entry


@transaction.atomic
def set_checklist_item(actor, item, done, note=""):
    require_perm(actor, "cases.edit_checklist", item.case)
    item.done = bool(done)
    item.done_at = timezone.now() if item.done else None
    item.done_by = _user(actor) if item.done else None
    item.note = (note or "")[:250]
    item.save()
    record(actor, Action.UPDATE, item, region_code=item.case.village_id,
           note=f"{item.code}: {'done' if item.done else 'open'}")
    return item


# --- Referrals ---------------------------------------------------------------------------------------


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
                                 text=_("Dirujuk ke %(org)s: %(req)s") % {"org": organisation, "req": referral.request})
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
    referral.external_reference = external_reference.strip()[:60]
    referral.save()
    log_update(actor, referral, before, action=Action.TRANSITION)
    text = (_("%(org)s menerima rujukan.") if accept else _("%(org)s menolak rujukan: %(reason)s")) % {
        "org": referral.organisation, "reason": referral.decline_reason}
    TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, text=text, author=actor,
                                 author_name=_actor_name(actor))
    if referral.case.handler_id:
        notify(referral.case.handler, text, case=referral.case, url=_case_url(referral.case))
    return referral


@transaction.atomic
def complete_referral(actor, referral, *, note):
    require_perm(actor, "cases.answer_referral", referral,
                 _("Hanya petugas lembaga tujuan yang dapat menyelesaikan rujukan."))
    _move_referral(referral, ReferralStatus.COMPLETED)
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan hasil penanganan.")})
    before = snapshot(referral)
    referral.status, referral.completed_at, referral.completion_note = ReferralStatus.COMPLETED, timezone.now(), note
    referral.save()
    log_update(actor, referral, before, action=Action.TRANSITION)
    text = _("%(org)s menyelesaikan rujukan: %(note)s") % {"org": referral.organisation, "note": note.strip()}
    TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, text=text, author=actor,
                                 author_name=_actor_name(actor))
    if referral.case.handler_id:
        notify(referral.case.handler, text, case=referral.case, url=_case_url(referral.case))
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
                                 text=_("Rujukan ke %(org)s dibatalkan: %(r)s") % {"org": referral.organisation,
                                                                                    "r": referral.revoked_reason})
    return referral


def referral_documents(referral):
    """What the receiving organisation expects, each marked as attached or still missing."""
    expected = reference.EXPECTED_DOCUMENTS.get(referral.organisation.kind, reference.DEFAULT_EXPECTED_DOCUMENTS)
    attached = list(referral.case.attachments.all())
    return [str(label) for label in expected], attached


# --- Claims --------------------------------------------------------------------------------------------

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
                                 text=_("Klaim dibuka: %(t)s.") % {"t": claim.get_claim_type_display()})
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
                                 text=_("Klaim %(t)s: %(s)s.") % {"t": claim.get_claim_type_display(),
                                                                  "s": claim.get_status_display()})
    if status == ClaimStatus.PAID and not claim.case.claim_paid:
        case_before = snapshot(claim.case)
        claim.case.claim_paid = True
        claim.case.save()
        log_update(actor, claim.case, case_before)
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


# --- Attachments ---------------------------------------------------------------------------------------

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
                                     text=_("Lampiran ditambahkan: %(n)s") % {"n": attachment.original_name})
    return attachment


# --- Notifications ---------------------------------------------------------------------------------------


def notify(user, message, *, case=None, url="", key="", email=True):
    """An in-app notice, and the same by e-mail when the user has an address. A repeated key adds nothing."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification.objects.create(user=user, case=case, message=str(message)[:300], url=url, key=key)
    if email and user.email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL
        send_mail(f"[Payung] {str(message)[:120]}", f"{message}\n\n{link}\n", None, [user.email], fail_silently=True)
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return notification


def _notify_assignment(case, handler):
    notify(handler, _("Anda ditugaskan menangani kasus %(ref)s (%(cat)s).") % {
        "ref": case.reference, "cat": case.get_category_display()}, case=case, url=_case_url(case))


def send_due_reminders(today=None):
    """Notify handlers of open cases and claims due within 2 days (once per case/claim and due date)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=2)
    sent = 0
    cases = Case.objects.open().filter(handler__isnull=False, due_date__lte=horizon).select_related("handler")
    for case in cases:
        overdue = case.due_date < today
        message = (_("Kasus %(ref)s melewati batas waktu %(date)s.") if overdue
                   else _("Kasus %(ref)s jatuh tempo %(date)s.")) % {"ref": case.reference,
                                                                       "date": case.due_date.strftime("%d-%m-%Y")}
        if notify(case.handler, message, case=case, url=_case_url(case),
                  key=f"due:case:{case.pk}:{case.due_date.isoformat()}"):
            sent += 1
    claims = Claim.objects.filter(status__in=[ClaimStatus.PREPARING, ClaimStatus.SUBMITTED, ClaimStatus.VERIFICATION],
                                  due_date__lte=horizon, case__handler__isnull=False).select_related("case__handler")
    for claim in claims:
        message = _("Klaim %(t)s untuk kasus %(ref)s jatuh tempo %(date)s.") % {
            "t": claim.get_claim_type_display(), "ref": claim.case.reference,
            "date": claim.due_date.strftime("%d-%m-%Y")}
        if notify(claim.case.handler, message, case=claim.case, url=_case_url(claim.case),
                  key=f"due:claim:{claim.pk}:{claim.due_date.isoformat()}"):
            sent += 1
    return sent


def send_daily_digest(today=None):
    """One e-mail per handler with an address: open, overdue and due-soon cases, unread notices."""
    from accounts.models import User

    today = today or timezone.localdate()
    sent = 0
    handlers = User.objects.filter(is_active=True, handled_cases__status__in=[
        s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED)]).exclude(email="").distinct()
    for user in handlers:
        cases = list(Case.objects.open().filter(handler=user).order_by("due_date"))
        overdue = [c for c in cases if c.due_date and c.due_date < today]
        soon = [c for c in cases if c.due_date and today <= c.due_date <= today + dt.timedelta(days=2)]
        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
        lines = [_("Ringkasan harian Payung, %(date)s") % {"date": today.strftime("%d-%m-%Y")}, "",
                 _("Kasus terbuka: %(n)s") % {"n": len(cases)}, _("Lewat batas waktu: %(n)s") % {"n": len(overdue)},
                 _("Jatuh tempo 2 hari ke depan: %(n)s") % {"n": len(soon)},
                 _("Pemberitahuan belum dibaca: %(n)s") % {"n": unread}, ""]
        for case in overdue + soon:
            lines.append(f"- {case.reference} {case.get_category_display()} ({case.due_date:%d-%m-%Y}) "
                         f"{settings.SITE_URL.rstrip('/')}{_case_url(case)}")
        send_mail(_("[Payung] Ringkasan harian kasus"), "\n".join(lines), None, [user.email], fail_silently=True)
        sent += 1
    return sent


def run_daily(today=None):
    """The daily job: due reminders, then the digest. Returns (reminders, digests)."""
    return send_due_reminders(today), send_daily_digest(today)


# --- Public form: throttle, tracking -----------------------------------------------------------------------

PUBLIC_WINDOW_SECONDS = 3600
TRACK_FAILURES_PER_HOUR = 20


def public_limit():
    return getattr(settings, "CASES_PUBLIC_SUBMISSIONS_PER_HOUR", 5)


def case_for_form_key(key):
    """The case an earlier submission of the same rendered public form created, or None."""
    if not key:
        return None
    use = PublicFormUse.objects.filter(key=key).select_related("case").first()
    return use.case if use else None


def submit_public_complaint(*, data, files=(), form_key=""):
    """A complaint from the public form: consent is mandatory, attachments all-or-nothing.

    `form_key` (the random part of the form's token) makes the form single-use: a replay or a double click
    returns the case the first submission created. The key is stored (unique) first, in the transaction that
    creates the case: a concurrent second submission waits on it and, once the first commits, fails with an
    IntegrityError and finds the first case."""
    earlier = case_for_form_key(form_key)
    if earlier is not None:
        return earlier
    try:
        return _submit_public_complaint(data, files, form_key)
    except IntegrityError:
        earlier = case_for_form_key(form_key)
        if earlier is None:
            raise
        return earlier


@transaction.atomic
def _submit_public_complaint(data, files, form_key):
    if not data.get("consent_process"):
        raise ValidationError({"consent_process": _("Persetujuan pengolahan data wajib dicentang agar pengaduan "
                                                    "dapat ditangani.")})
    uploads = list(files)
    check_files(uploads, label=ATTACHMENT_LABEL)
    use = PublicFormUse.objects.create(key=form_key) if form_key else None
    data = {**data, "channel": Channel.WEB}
    case = intake_case(None, **data)
    for upload in uploads:
        add_attachment(None, case, upload, description=_("Dikirim pengadu melalui formulir publik"))
    if use is not None:
        use.case = case
        use.save(update_fields=["case"])
    return case


def track(code, last4):
    """The case for a tracking code and the last 4 phone digits, or None (a wrong pair == unknown code)."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    last4 = _digits(last4)
    case = Case.objects.filter(tracking_code=code).first() if code else None
    # Compare even when the code is unknown, so both answers take the same work.
    expected = case.phone_last4 if case else "0000x"
    if len(last4) != 4 or not constant_time_compare(expected, last4) or case is None:
        return None
    return case


def public_timeline(case):
    """Status and dates only: what the family sees. Never names, notes or organisations."""
    rows, last = [], None
    for h in case.history.order_by("history_date", "history_id"):
        if h.status != last:
            rows.append((h.history_date, Status(h.status).label))
            last = h.status
    return rows


# --- Service standards ----------------------------------------------------------------------------------------


@transaction.atomic
def set_standard(actor, category, working_days, priority, note=""):
    require_perm(actor, "cases.edit_standards", None,
                 _("Hanya petugas kabupaten ke atas yang dapat mengubah standar layanan."))
    if category not in Category.values:
        raise ValidationError({"category": _("Kategori tidak dikenal.")})
    if not 1 <= int(working_days) <= 365:
        raise ValidationError({"working_days": _("Batas waktu harus antara 1 dan 365 hari kerja.")})
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Prioritas tidak dikenal.")})
    standard, created = ServiceStandard.objects.get_or_create(
        category=category, defaults={"working_days": working_days, "priority": priority, "note": note})
    if created:
        log_create(actor, standard)
    else:
        before = snapshot(standard)
        standard.working_days, standard.priority, standard.note = working_days, priority, note
        standard.save()
        log_update(actor, standard, before)
    return standard
