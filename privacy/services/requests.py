"""The register of data-subject requests: filing, identity check, answer, escalation — each step audited."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import members_with_role, require_perm
from audit.models import Action
from audit.services import log_create, log_update, snapshot
from core.registry import privacy_hooks

from .. import deadlines
from ..models import DataRequest, RequestChannel, RequestKind, RequestStatus
from .consents import withdraw_all
from .erasure import erase_person, refuse_if_held

# Fields of a person a correction request may change (the registry's own form fields, NIK/KK included).
CORRECTABLE_FIELDS = ("name", "nik", "kk", "birth_place", "birth_date", "dusun", "rt", "rw", "address", "phone",
                      "marital_status", "education")
OFFICER_ROLES = (Role.VILLAGE_OPERATOR,)


def _tracking_code():
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ2345679"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def notify_users(users, subject, url, key=""):
    """The notice of the privacy app: an e-mail to each user with an address (cases' in-app notices are above
    this app; the request list's "perlu tindakan" count on the home page is the in-app side)."""
    link = f"{settings.SITE_URL.rstrip('/')}{url}"
    sent = 0
    for user in users:
        if user.email:
            send_mail(f"[Payung] {subject}"[:150], f"{subject}\n\n{link}\n", None, [user.email], fail_silently=True)
            sent += 1
    return sent


def _request_url(data_request):
    return reverse("privacy:request", args=[data_request.pk])


@transaction.atomic
def file_request(actor, *, kind, village, person=None, details=None, contact="", channel=RequestChannel.OFFICE,
                 request=None):
    """Register a request. From the portal (`actor` None) it waits for the village to check identity."""
    if actor is not None:
        require_perm(actor, "privacy.file_request", getattr(village, "code", village))
    if kind not in RequestKind.values:
        raise ValidationError({"kind": [_("Jenis permintaan tidak dikenal: pilih salah satu dari daftar.")]})
    details = dict(details or {})
    if kind == RequestKind.CORRECTION:
        field = details.get("field", "")
        if field not in CORRECTABLE_FIELDS:
            raise ValidationError({"field": [_("Data yang diperbaiki: pilih salah satu dari daftar.")]})
        if not str(details.get("value", "")).strip():
            raise ValidationError({"value": [_("Nilai baru: isi nilai yang benar.")]})
    now = timezone.now()
    officers = list(members_with_role(OFFICER_ROLES, obj=getattr(village, "code", village)))
    data_request = DataRequest(
        kind=kind, village_id=getattr(village, "code", village), person=person, details=details, contact=contact,
        channel=channel, filed_at=now, due_at=deadlines.due_at(kind, now), legal_basis=str(deadlines.LEGAL_BASIS[kind]),
        filed_by=_user(actor), officer=officers[0] if officers else None, tracking_code=_tracking_code(),
        # A person at the office shows an identity card to the operator who files the request.
        status=RequestStatus.IDENTITY_CHECKED if actor is not None and person is not None else RequestStatus.FILED,
        identity_checked_by=_user(actor) if actor is not None and person is not None else None,
        identity_checked_at=now if actor is not None and person is not None else None,
    )
    data_request.save()
    log_create(actor, data_request, request=request)
    notify_users(officers, _("Permintaan subjek data %(ref)s (%(kind)s): jawab sebelum %(due)s.") % {
        "ref": data_request.reference, "kind": data_request.get_kind_display(),
        "due": timezone.localtime(data_request.due_at).strftime("%d-%m-%Y %H:%M")}, _request_url(data_request))
    return data_request


@transaction.atomic
def check_identity(actor, data_request, *, person, request=None):
    """The village saw the requester's identity card and links the request to the registered person."""
    require_perm(actor, "privacy.answer_request", data_request)
    require_perm(actor, "privacy.answer_request", person)
    if not data_request.is_open:
        raise ValidationError({"status": [_("Permintaan ini sudah dijawab.")]})
    before = snapshot(data_request)
    data_request.person = person
    data_request.status = RequestStatus.IDENTITY_CHECKED
    data_request.identity_checked_by = _user(actor)
    data_request.identity_checked_at = timezone.now()
    data_request.save()
    log_update(actor, data_request, before, request=request, action=Action.TRANSITION)
    return data_request


def _correct(actor, data_request, person, request):
    from people.services import update_person

    field, value = data_request.details["field"], data_request.details["value"]
    if field == "birth_date":
        from datetime import date

        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({"value": [_("Nilai baru: tanggal lahir ditulis TTTT-BB-HH.")]}) from None
    # The registry's own edit keeps the old value in the person's history and the audit log.
    update_person(actor, person, request=request, **{field: value})
    notes = 0
    for _app, function in privacy_hooks("on_corrected"):
        notes += function(person, actor, [field]) or 0
    return _("Data %(field)s diperbaiki; %(n)d lembaga rujukan diberi tahu.") % {"field": field, "n": notes}


def answer_request(actor, data_request, *, grant=True, answer="", request=None):
    """Carry out (or refuse, with a reason) a request whose requester's identity was checked."""
    require_perm(actor, "privacy.answer_request", data_request)
    if grant and data_request.kind == RequestKind.ERASURE and data_request.person is not None and data_request.is_open:
        refuse_if_held(actor, data_request.person, request)  # recorded even though nothing else is written
    return _answer(actor, data_request, grant, answer, request)


@transaction.atomic
def _answer(actor, data_request, grant, answer, request):
    if not data_request.is_open:
        raise ValidationError({"status": [_("Permintaan ini sudah dijawab.")]})
    if data_request.status != RequestStatus.IDENTITY_CHECKED or data_request.person is None:
        raise ValidationError({"status": [_("Periksa identitas pemohon dan tautkan ke warga terdaftar dahulu.")]})
    if not grant and not answer.strip():
        raise ValidationError({"answer": [_("Jawaban: tulis alasan penolakan.")]})
    person = data_request.person
    outcome = ""
    if grant:
        kind = data_request.kind
        if kind == RequestKind.CORRECTION:
            outcome = _correct(actor, data_request, person, request)
        elif kind == RequestKind.ERASURE:
            erase_person(actor, person, reason="request", data_request=data_request, request=request)
            data_request.refresh_from_db()  # its details are now erased with the key: never re-seal them
            outcome = _("Data pribadi dihapus; kunci data dimusnahkan.")
        elif kind == RequestKind.WITHDRAWAL:
            outcome = _("%(n)d persetujuan ditarik.") % {"n": withdraw_all(actor, person)}
        elif kind == RequestKind.ACCESS:
            outcome = _("Berkas akses disiapkan (PDF dan JSON).")
        elif kind == RequestKind.RESTRICTION:
            outcome = _("Pemrosesan dibatasi: data hanya disimpan, tidak diolah untuk keperluan lain.")
        elif kind == RequestKind.OBJECTION:
            outcome = _("Keberatan diterima dan dicatat.")
    before = snapshot(data_request)
    data_request.status = RequestStatus.DONE if grant else RequestStatus.REFUSED
    data_request.answer = "\n".join(t for t in (str(outcome), answer.strip()) if t)
    data_request.answered_at = timezone.now()
    data_request.answered_by = _user(actor)
    data_request.save()
    log_update(actor, data_request, before, request=request, action=Action.TRANSITION)
    return data_request


def escalate_late(now=None) -> int:
    """Late open requests go to the district: its officers are told once, and the request shows it."""
    now = now or timezone.now()
    count = 0
    for data_request in DataRequest.objects.filter(status__in=[RequestStatus.FILED, RequestStatus.IDENTITY_CHECKED],
                                                   due_at__lt=now, escalated_at__isnull=True):
        with transaction.atomic():
            before = snapshot(data_request)
            data_request.escalated_at = now
            data_request.save()
            log_update(None, data_request, before, action=Action.TRANSITION,
                       note=_("Terlambat: dinaikkan ke kabupaten"))
            district = data_request.village_id.rsplit(".", 2)[0]
            officers = members_with_role((Role.DISTRICT_OFFICER,), obj=district)
            due = timezone.localtime(data_request.due_at).strftime("%d-%m-%Y %H:%M")
            notify_users(officers, _("Permintaan subjek data %(ref)s terlambat (batas %(due)s): mohon ditangani.") % {
                "ref": data_request.reference, "due": due}, _request_url(data_request))
        count += 1
    return count
