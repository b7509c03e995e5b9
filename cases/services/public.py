"""The public complaint form: throttle, single-use form keys, staff intake from a form, tracking."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from core.uploads import check_files

from ..models import (
    Case,
    Channel,
    Status,
)
from .common import _digits
from .intake import CASE_EXTRA_FIELDS, find_duplicates, intake_case, record_intake
from .referrals import ATTACHMENT_LABEL, add_attachment

PUBLIC_WINDOW_SECONDS = 3600
TRACK_FAILURES_PER_HOUR = 20


def public_limit():
    return getattr(settings, "CASES_PUBLIC_SUBMISSIONS_PER_HOUR", 5)


def case_for_form_key(key):
    """The case an earlier submission of the same rendered public form created, or None."""
    if not key:
        return None
    return Case.objects.filter(form_key=key).first()


def code_for_form_key(key):
    """The tracking code of the case an earlier submission of the same rendered form created, or None: a narrow
    read, asked only when a post of the public form is refused."""
    if not key:
        return None
    return Case.objects.filter(form_key=key).values_list("tracking_code", flat=True).first()


def complaint_fields(cleaned, channel):
    """intake_case's arguments from a complaint form's cleaned data (staff or public): the complainant consents
    in their own name, and the form's own fields (token, attachments, confirmation) are left out."""
    fields = {k: v for k, v in cleaned.items() if k in CASE_EXTRA_FIELDS and v not in (None, "")}
    fields.update(village=cleaned["village"], category=cleaned["category"], description=cleaned["description"],
                  channel=channel, consent_process=cleaned.get("consent_process", False),
                  consent_share=cleaned.get("consent_share", False), consent_given_by=cleaned["complainant_name"],
                  consent_messages=cleaned.get("consent_messages", False))
    return fields


@dataclass
class StaffIntake:
    """What staff_intake did: `case` is None while `duplicates` wait for the user's confirmation."""
    case: Case | None
    duplicates: list


def staff_intake(actor, cleaned, *, confirm_new=False):
    """The staff intake form in one step. Open cases that may be the same complaint stop it (nothing written)
    until the user confirms; then the case and its attachments are recorded together or not at all. The form's
    attachments field has already checked every file and the per-submission cap."""
    duplicates = list(find_duplicates(actor, village=cleaned["village"], worker_name=cleaned["worker_name"],
                                      worker_nik=cleaned["worker_nik"],
                                      complainant_phone=cleaned["complainant_phone"]))
    if duplicates and not confirm_new:
        return StaffIntake(None, duplicates)
    fields = complaint_fields(cleaned, cleaned["channel"])
    if cleaned.get("received_on"):
        # A complaint received on an earlier day is dated in office hours of that day.
        fields["received_at"] = timezone.make_aware(dt.datetime.combine(cleaned["received_on"], dt.time(9)))
    with transaction.atomic():
        case = intake_case(actor, **fields)
        for upload in cleaned.get("attachments") or ():
            add_attachment(actor, case, upload)
    return StaffIntake(case, duplicates)


@dataclass
class Sent:
    """What submit_public_complaint did: `case` is the complaint; `created` is False when the same rendered form
    had been sent before (a replay or a double click), and `case` is the one that first post created."""
    case: Case
    created: bool = True


def submit_public_complaint(cleaned, *, form_key=""):
    """A complaint from the public form (its cleaned data): consent is mandatory, attachments all-or-nothing.
    Returns a Sent.

    `form_key` (the random part of the form's token) makes the form single-use: a replay or a double click
    returns the case the first submission created. The key is stored on the case (unique, Case.form_key): a
    second submission of the same form fails on it with an IntegrityError (a concurrent one once the first
    commits), writes nothing and finds the first case.

    The handlers are told and `complaint_received` sent by the background task (intake_case's
    announce_later), so the family's answer never waits on an e-mail server."""
    try:
        return Sent(_submit_public_complaint(complaint_fields(cleaned, Channel.WEB),
                                             cleaned.get("attachments") or (), form_key))
    except IntegrityError:
        earlier = case_for_form_key(form_key)
        if earlier is None:
            raise
        return Sent(earlier, created=False)


@transaction.atomic
def _submit_public_complaint(data, files, form_key):
    if not data.get("consent_process"):
        raise ValidationError({"consent_process": _("Persetujuan pengolahan data wajib dicentang agar pengaduan "
                                                    "dapat ditangani.")})
    uploads = list(files)
    check_files(uploads, label=ATTACHMENT_LABEL)
    data = {**data, "channel": Channel.WEB}
    # A second submission of the same form stops at the case's INSERT (its unique form key), before any file.
    case = record_intake(None, announce_later=True, form_key=form_key or None, **data)
    for upload in uploads:
        add_attachment(None, case, upload, description=_("Dikirim pengadu melalui formulir publik"))
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
