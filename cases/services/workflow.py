"""The case workflow: status transitions, closing, edits, handler, timeline and checklist."""

import datetime as dt

import lokal
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from accounts.permissions import has_perm, require_perm
from audit.models import Action
from audit.services import log_update, record, snapshot
from lawbook import store

from .. import reference, signals
from ..models import (
    CONTACT_KINDS,
    TRANSITIONS,
    Case,
    CloseReason,
    EntryKind,
    Priority,
    ReferralStatus,
    Status,
    TimelineEntry,
)
from ..texts import Text, choice_label, compose
from .common import _actor_name, _digits, _entry, _user, add_months, nik_hash
from .intake import CASE_EDITABLE_FIELDS
from .notifications import _notify_assignment


def last_contact(case):
    entry = case.timeline.filter(kind__in=CONTACT_KINDS).order_by("-at").first()
    return entry.at if entry else case.received_at


def last_activity(case):
    entry = case.timeline.order_by("-at").first()
    return entry.at if entry else case.received_at


def _close_errors(case, reason, note, today):
    """Each reason holds only once its waiting time has passed. Reasons and waiting times are rules in force on
    `today` (lawbook topic "closing_reason": Perban BP2MI 6/2024 art. 30 as shipped)."""
    received = timezone.localdate(case.received_at)
    if reason not in CloseReason.values:
        return _("Pilih alasan penutupan.")
    law = store.rule("closing_reason", reason, today)
    if law is None:
        return _("Alasan penutupan ini tidak berlaku pada %(date)s menurut dasar hukum yang tercatat.") % {
            "date": today}
    wait = law.params
    if reason == CloseReason.DOCS_INCOMPLETE and today < received + dt.timedelta(days=wait["days"]):
        return _("Alasan ini baru berlaku %(n)s hari setelah pengaduan diterima (%(date)s).") % {
            "n": wait["days"], "date": received + dt.timedelta(days=wait["days"])}
    if reason == CloseReason.NO_CLARITY:
        if case.clarification_requested_at is None:
            return _("Alasan ini hanya berlaku setelah klarifikasi diminta kepada pengadu.")
        limit = lokal.add_working_days(timezone.localdate(case.clarification_requested_at), wait["working_days"])
        if today < limit:
            return _("Alasan ini baru berlaku %(n)s hari kerja setelah klarifikasi diminta (%(date)s).") % {
                "n": wait["working_days"], "date": limit}
    if reason == CloseReason.UNREACHABLE:
        limit = timezone.localdate(last_contact(case)) + dt.timedelta(days=wait["days"])
        if today < limit:
            return _("Alasan ini baru berlaku %(n)s hari setelah kontak terakhir (%(date)s).") % {
                "n": wait["days"], "date": limit}
    if reason == CloseReason.HANDED_OVER and not case.referrals.exclude(
            status__in=[ReferralStatus.DECLINED, ReferralStatus.REVOKED]).exists():
        return _("Kasus belum dirujuk ke instansi lain: buat rujukan lebih dulu.")
    if reason == CloseReason.NO_RESPONSE:
        limit = add_months(timezone.localdate(last_activity(case)), wait["months"])
        if today < limit:
            return _("Alasan ini baru berlaku %(n)s bulan tanpa tanggapan (%(date)s).") % {
                "n": wait["months"], "date": limit}
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
    old_label = choice_label(case, "status")
    case.status = to
    case.save()
    text, parts = compose(
        Text(gettext_noop("Status: %(old)s → %(new)s."), old=old_label, new=choice_label(case, "status")),
        Text(gettext_noop("Alasan: %(reason)s."), reason=choice_label(case, "close_reason"))
        if to == Status.CLOSED else None,
        note)
    TimelineEntry.objects.create(case=case, kind=EntryKind.STATUS, text=text, text_parts=parts, author=_user(actor),
                                 author_name=_actor_name(actor))
    log_update(actor, case, before, action=Action.TRANSITION, note=text)
    signals.case_status_changed.send(sender=Case, case=case, old=before.get("status"), new=to, actor=actor)
    return case


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
        **_entry(Text(gettext_noop("Penangan: %(name)s."), name=str(handler) if handler else _lazy("(tidak ada)"))))
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
