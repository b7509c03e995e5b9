"""Notifications to users: in-app and by e-mail, due reminders and the daily digest."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.formatting import long_date

from .. import signals
from ..models import (
    Case,
    Category,
    Claim,
    ClaimStatus,
    Notification,
    Status,
)
from ..texts import Text, indonesian
from .arrivals import complaint_handlers, stale_untaken
from .common import _case_url


def notify(user, message, *, case=None, url="", key="", email=True):
    """An in-app notice, and the same by e-mail when the user has an address. A repeated key adds nothing.

    The one way to tell a user something (a further channel hooks in here). `message` is plain text or a
    `cases.texts.Text` (message key and parameters): the app then shows it in the reader's language; the
    e-mail and `message` keep the Indonesian text."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    stored = {"text_key": message.msgid, "text_params": message.stored_params()} if isinstance(message, Text) else {}
    message = indonesian(message) if isinstance(message, Text) else message
    notification = Notification.objects.create(user=user, case=case, message=str(message)[:300], url=url, key=key,
                                               **stored)
    if email and user.email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL
        send_mail(f"[Payung] {str(message)[:120]}", f"{message}\n\n{link}\n", None, [user.email], fail_silently=True)
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return notification


def _notify_assignment(case, handler):
    notify(handler, Text(gettext_noop("Anda ditugaskan menangani kasus %(ref)s (%(cat)s)."), ref=case.reference,
                         cat=Category(case.category).label), case=case, url=_case_url(case))


def notify_new_complaint(case, actor=None):
    """Tell the village's handlers (else the regency's officers, arrivals.complaint_handlers) at once that a
    complaint arrived, in the app and by e-mail. The person who recorded it and an assigned handler already
    know. Returns the users told."""
    message = Text(gettext_noop("Pengaduan baru %(ref)s dari %(village)s: %(cat)s. Belum ada yang menangani."),
                   ref=case.reference, village=case.village, cat=Category(case.category).label)
    told = []
    for user in complaint_handlers(case):
        if user.pk in (getattr(actor, "pk", None), case.handler_id):
            continue
        if notify(user, message, case=case, url=_case_url(case), key=f"new:case:{case.pk}"):
            told.append(user)
    return told


def announce_complaint(case, actor=None):
    """What a new complaint sets off beyond its own record: its handlers told (notify_new_complaint) and
    `complaint_received` sent (messages to the complainant and staff, webhooks). intake_case calls it, or the
    background task cases.tasks.announce_complaint for the public form."""
    notify_new_complaint(case, actor)
    signals.complaint_received.send(sender=Case, case=case, actor=actor)


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
                                                                       "date": long_date(case.due_date)}
        if notify(case.handler, message, case=case, url=_case_url(case),
                  key=f"due:case:{case.pk}:{case.due_date.isoformat()}"):
            sent += 1
    claims = Claim.objects.filter(status__in=[ClaimStatus.PREPARING, ClaimStatus.SUBMITTED, ClaimStatus.VERIFICATION],
                                  due_date__lte=horizon, case__handler__isnull=False).select_related("case__handler")
    for claim in claims:
        message = _("Klaim %(t)s untuk kasus %(ref)s jatuh tempo %(date)s.") % {
            "t": claim.get_claim_type_display(), "ref": claim.case.reference,
            "date": long_date(claim.due_date)}
        if notify(claim.case.handler, message, case=claim.case, url=_case_url(claim.case),
                  key=f"due:claim:{claim.pk}:{claim.due_date.isoformat()}"):
            sent += 1
    return sent


def send_daily_digest(today=None):
    """One e-mail per handler with an address: open, overdue and due-soon cases, unread notices, and the
    complaints in their villages that nobody has taken for more than 2 working days."""
    from accounts.models import User

    today = today or timezone.localdate()
    sent = 0
    untaken_by_user = {}
    for case in stale_untaken(today):
        for user in complaint_handlers(case):
            untaken_by_user.setdefault(user.pk, []).append(case)
    handlers = User.objects.filter(is_active=True, handled_cases__status__in=[
        s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED)]).exclude(email="").distinct()
    recipients = {u.pk: u for u in handlers}
    recipients.update({u.pk: u for u in User.objects.filter(pk__in=untaken_by_user, is_active=True)
                       .exclude(email="")})
    site = settings.SITE_URL.rstrip("/")
    for user in recipients.values():
        cases = list(Case.objects.open().filter(handler=user).order_by("due_date"))
        overdue = [c for c in cases if c.due_date and c.due_date < today]
        soon = [c for c in cases if c.due_date and today <= c.due_date <= today + dt.timedelta(days=2)]
        untaken = untaken_by_user.get(user.pk, [])
        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
        lines = [_("Ringkasan harian Payung, %(date)s") % {"date": long_date(today)}, "",
                 _("Kasus terbuka: %(n)s") % {"n": len(cases)}, _("Lewat batas waktu: %(n)s") % {"n": len(overdue)},
                 _("Jatuh tempo 2 hari ke depan: %(n)s") % {"n": len(soon)},
                 _("Pengaduan belum ditangani lebih dari 2 hari kerja: %(n)s") % {"n": len(untaken)},
                 _("Pemberitahuan belum dibaca: %(n)s") % {"n": unread}, ""]
        for case in overdue + soon:
            lines.append(f"- {case.reference} {case.get_category_display()} ({long_date(case.due_date)}) "
                         f"{site}{_case_url(case)}")
        if untaken:
            lines += ["", _("Pengaduan yang belum diambil siapa pun:")]
            lines += [f"- {c.reference} {c.village} {c.get_category_display()} "
                      f"({long_date(timezone.localdate(c.received_at))}) {site}{_case_url(c)}" for c in untaken]
        send_mail(_("[Payung] Ringkasan harian kasus"), "\n".join(lines), None, [user.email], fail_silently=True)
        sent += 1
    return sent


def run_daily(today=None):
    """The daily job: due reminders, then the digest. Returns (reminders, digests)."""
    return send_due_reminders(today), send_daily_digest(today)
