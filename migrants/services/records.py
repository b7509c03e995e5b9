"""Records kept on a placement: documents and scans, costs, the contact log, and monitoring lists."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_create, log_read, log_update, snapshot
from core.uploads import SCAN_TYPES, check_file, check_files

from ..models import (
    ContactLog,
    CostItem,
    DocumentStatus,
    Status,
)
from .lifecycle import ABROAD, PRE_DEPARTURE, _user, recompute_flags


def validate_scan(upload):
    """PDF/JPEG/PNG by content (core.uploads): the error under the form's "scan" field."""
    try:
        return check_file(upload, label=_("Pindaian"), types=SCAN_TYPES)[0]
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages})


@transaction.atomic
def update_document(actor, document, *, status=None, number=None, issued_on=None, expires_on=None, scan=None,
                    note=None, request=None):
    require_perm(actor, "migrants.edit_document", document, _("Peran Anda tidak dapat mengubah dokumen di desa ini."))
    placement = document.placement
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("Tanggal berlaku harus sesudah tanggal terbit.")})
    if status == DocumentStatus.VERIFIED:
        require_perm(actor, "migrants.verify_document", document,
                     _("Hanya operator desa ini yang dapat memverifikasi dokumen."))
    mime = validate_scan(scan) if scan else None
    before = snapshot(document)
    for name, value in (("number", number), ("issued_on", issued_on), ("expires_on", expires_on), ("note", note)):
        if value is not None:
            setattr(document, name, value)
    if status is not None:
        document.status = status
        if status == DocumentStatus.VERIFIED:
            document.verified_by = actor
            document.verified_at = timezone.now()
    lapsed = document.expires_on and document.expires_on < timezone.localdate()
    if lapsed and document.status == DocumentStatus.VERIFIED:
        document.status = DocumentStatus.EXPIRED
    if scan:
        old_name = document.scan.name if document.scan else ""
        document.scan.save(f"scan.{SCAN_TYPES[mime]}", scan, save=False)
        document.scan_content_type = mime
        document.scan_size = scan.size
        if document.status == DocumentStatus.MISSING:
            document.status = DocumentStatus.SUBMITTED
        if old_name:
            document.scan.storage.delete(old_name)
    document.save()
    log_update(actor, document, before, request=request)
    recompute_flags(placement)
    return document


def checklist_field(document_pk, name):
    """The name of one document's field on the one-page checklist (forms.DocumentChecklistForm), under which
    update_documents reports that document's errors."""
    return f"d{document_pk}_{name}"


@transaction.atomic
def update_documents(actor, placement, changes, *, request=None):
    """The checklist filled and verified on one page: `changes` maps each changed document of `placement` to its
    new fields (update_document's keywords). Everything is checked first (dates, scans, the cap on files in one
    submission, who may verify), every error named under the document's field; then all are saved or none."""
    require_perm(actor, "migrants.edit_document", placement, _("Peran Anda tidak dapat mengubah dokumen di desa ini."))
    errors = {}
    for document, fields in changes.items():
        if fields.get("scan"):
            try:
                check_file(fields["scan"], label=_("Pindaian %(kind)s") % {"kind": document.get_kind_display()},
                           types=SCAN_TYPES)
            except ValidationError as exc:
                errors[checklist_field(document.pk, "scan")] = exc.messages
        if document.placement_id != placement.pk:
            raise ValidationError(_("Dokumen ini bukan milik penempatan tersebut."))
        issued, expires = fields.get("issued_on"), fields.get("expires_on")
        if issued and expires and expires < issued:
            errors[checklist_field(document.pk, "expires_on")] = [_("Tanggal berlaku harus sesudah tanggal terbit.")]
        if fields.get("status") == DocumentStatus.VERIFIED and document.status != DocumentStatus.VERIFIED:
            require_perm(actor, "migrants.verify_document", document,
                         _("Hanya operator desa ini yang dapat memverifikasi dokumen."))
    scans = [fields["scan"] for fields in changes.values() if fields.get("scan")]
    if scans and not errors:
        try:  # at most MAX_UPLOADS_PER_SUBMISSION files, MAX_UPLOAD_TOTAL_BYTES together
            check_files(scans, label=_("Pindaian"), types=SCAN_TYPES)
        except ValidationError as exc:
            errors["__all__"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return [update_document(actor, document, request=request, **fields) for document, fields in changes.items()]


def open_scan(actor, document, request=None):
    """Viewing a scan is a read of personal data: audited. The caller already scoped the document; it streams
    the returned file (core.actions.stream)."""
    log_read(actor, document, request=request, note=_("Pindaian dokumen dibuka"))
    return document.scan


@transaction.atomic
def add_cost(actor, placement, *, request=None, **data):
    require_perm(actor, "migrants.add_cost", placement, _("Peran Anda tidak dapat mencatat biaya di desa ini."))
    cost = CostItem(placement=placement, recorded_by=_user(actor), **data)
    cost.full_clean()
    cost.save()
    log_create(actor, cost, request=request)
    recompute_flags(placement)
    return cost


@transaction.atomic
def delete_cost(actor, cost, *, request=None):
    require_perm(actor, "migrants.delete_cost", cost, _("Peran Anda tidak dapat mengubah biaya di desa ini."))
    placement = cost.placement
    from audit.services import log_delete

    log_delete(actor, cost, request=request)
    cost.delete()
    recompute_flags(placement)


@transaction.atomic
def log_contact(actor, placement, *, request=None, **data):
    require_perm(actor, "migrants.log_contact", placement, _("Peran Anda tidak dapat mencatat kontak di desa ini."))
    if data.get("contacted_on") and data["contacted_on"] > timezone.localdate():
        raise ValidationError({"contacted_on": _("Tanggal kontak tidak boleh di masa depan.")})
    entry = ContactLog(placement=placement, recorded_by=_user(actor), **data)
    entry.full_clean()
    entry.save()
    log_create(actor, entry, request=request)
    return entry


def lost_contact_days():
    return int(getattr(settings, "MIGRANTS_LOST_CONTACT_DAYS", 90))


def monitoring(qs, which, today=None, days=None):
    """The art. 42 d lists, applied to an already scoped queryset."""
    today = today or timezone.localdate()
    if which == "departing":
        start = today.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        return qs.filter(Q(status__in=PRE_DEPARTURE, departure_date__gte=start, departure_date__lt=end)
                         | Q(status=Status.DEPARTED, departure_date__gte=start, departure_date__lt=end))
    if which == "abroad":
        return qs.filter(status__in=ABROAD)
    if which == "due":
        end = today + datetime.timedelta(days=30)
        return qs.filter(status__in=ABROAD).filter(
            Q(expected_return__gte=today, expected_return__lte=end)
            | Q(expected_return__isnull=True, contract_end__gte=today, contract_end__lte=end))
    if which == "overdue":
        return qs.filter(status__in=ABROAD, contract_end__lt=today, actual_return__isnull=True)
    if which == "lost":
        cutoff = today - datetime.timedelta(days=days or lost_contact_days())
        return qs.filter(status__in=ABROAD).annotate(last_contact=Max("contacts__contacted_on")).filter(
            Q(lost_contact=True) | Q(last_contact__lt=cutoff)
            | Q(last_contact__isnull=True, departure_date__lt=cutoff))
    raise ValueError(which)


MONITORING_LISTS = ("departing", "abroad", "due", "overdue", "lost")
