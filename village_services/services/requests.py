"""Service requests: intake, requirements, status transitions and deadlines."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, snapshot
from core.crypto import keyed_hash

from ..models import (
    OPEN_STATUSES,
    Channel,
    RequestStatus,
    ServiceRequest,
)
from .common import (
    ALPHABET,
    TRACKING_CODE_LENGTH,
    _unique_code,
    add_working_days,
    clean_nik,
    clean_phone,
    local_today,
    normalise_code,
    working_days_between,
)
from .people import find_person, person_name, person_nik


def submit_request(*, service, applicant_name, nik="", phone="", purpose="", channel=Channel.COUNTER, actor=None,
                   person=None, received_at=None):
    """A new request. At the counter an operator records it; online a resident submits it (no actor),
    for a published service that accepts online requests, with NIK and phone required."""
    if channel == Channel.COUNTER:
        require_perm(actor, "services.take_request", service)
    elif not (service.is_active and service.is_published and service.accepts_online):
        raise ValidationError({"service": _("Layanan ini tidak menerima permohonan daring.")})
    errors = {}
    if not service.is_active:
        errors["service"] = [_("Layanan ini tidak aktif.")]
    name = (applicant_name or "").strip()
    if person is None and nik and channel == Channel.COUNTER:
        person = find_person(actor, service.village_id, nik)
    if not name and person is not None:
        name = person_name(person)
    if not name:
        errors["applicant_name"] = [_("Nama pemohon wajib diisi.")]
    try:
        nik = clean_nik(nik or (person_nik(person) if person is not None else ""))
        if channel == Channel.ONLINE and not nik:
            raise ValidationError({"nik": _("NIK wajib diisi.")})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        phone = clean_phone(phone, required=channel == Channel.ONLINE)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    due = add_working_days(timezone.localtime(received_at).date(), service.time_standard_days)
    with transaction.atomic():
        req = ServiceRequest(
            village_id=service.village_id, service=service, channel=channel, applicant_name=name[:150],
            applicant_nik=nik, applicant_nik_hash=keyed_hash(nik) if nik else "", applicant_phone=phone,
            purpose=(purpose or "").strip(), received_at=received_at, due_date=due,
            tracking_code=_unique_code(ServiceRequest, "tracking_code", TRACKING_CODE_LENGTH),
            handled_by=actor if channel == Channel.COUNTER else None,
        )
        if person is None and nik:
            # Online: link to the registered resident when the NIK matches (never shown to the resident).
            from people.models import Person

            person = Person.objects.filter(village_id=service.village_id).with_nik(nik).first()
        req.person = person
        req.save()
        log_create(actor, req, note=str(Channel(channel).label))
    return req


def set_requirements(actor, req, checked):
    """Tick off requirements; only names from the service's list are kept, in the list's order."""
    require_perm(actor, "services.process_request", req)
    wanted = set(checked or [])
    before = snapshot(req, ["requirements_checked"])
    req.requirements_checked = [r for r in req.service.requirement_list() if r in wanted]
    with transaction.atomic():
        req.save(update_fields=["requirements_checked", "updated_at"])
        log_update(actor, req, before)
    return req


def missing_requirements(req):
    return [r for r in req.service.requirement_list() if r not in req.requirements_checked]


TRANSITIONS = {
    RequestStatus.SUBMITTED: {RequestStatus.IN_PROCESS, RequestStatus.REJECTED, RequestStatus.CANCELLED},
    RequestStatus.IN_PROCESS: {RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED},
    RequestStatus.COMPLETED: set(),
    RequestStatus.REJECTED: set(),
    RequestStatus.CANCELLED: set(),
}


def transition_request(actor, req, status, note=""):
    require_perm(actor, "services.process_request", req)
    return apply_request_transition(actor, req, status, note)


def apply_request_transition(actor, req, status, note=""):
    """The transition itself, for a caller that has already asked its own permission (issuing a letter signed
    by the kepala desa completes the request it answers)."""
    status = RequestStatus(status)
    if status not in TRANSITIONS[RequestStatus(req.status)]:
        raise ValidationError({"status": _("Permohonan berstatus %(old)s tidak dapat diubah menjadi %(new)s.") % {
            "old": RequestStatus(req.status).label, "new": status.label}})
    if status == RequestStatus.COMPLETED and missing_requirements(req):
        raise ValidationError({"status": _("Persyaratan belum lengkap: %(missing)s.") % {
            "missing": "; ".join(missing_requirements(req))}})
    if status in (RequestStatus.REJECTED, RequestStatus.CANCELLED) and not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan alasan penolakan/pembatalan untuk pemohon.")})
    before = snapshot(req, ["status", "decision_note", "completed_at"])
    req.status = status
    if note:
        req.decision_note = note.strip()
    if status in (RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED):
        req.completed_at = timezone.now()
    req.handled_by = req.handled_by or actor
    with transaction.atomic():
        req.save()
        log_update(actor, req, before, action=Action.TRANSITION, note=note)
    return req


def overdue_q(today=None):
    return Q(status__in=OPEN_STATUSES, due_date__lt=today or local_today())


def elapsed_working_days(req, today=None):
    start = timezone.localtime(req.received_at).date()
    end = timezone.localtime(req.completed_at).date() if req.completed_at else (today or local_today())
    return working_days_between(start, end)


def is_overdue(req, today=None):
    if req.status in OPEN_STATUSES:
        return (today or local_today()) > req.due_date
    return bool(req.completed_at) and timezone.localtime(req.completed_at).date() > req.due_date


def find_request_by_code(raw):
    code = normalise_code(raw)
    if len(code) != TRACKING_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return ServiceRequest.objects.select_related("service", "village").filter(tracking_code=code).first()
