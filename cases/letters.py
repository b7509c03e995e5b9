"""The referral letter (surat rujukan) as PDF, rendered by WeasyPrint from an HTML template."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import services


def referral_letter_html(referral, user):
    case = referral.case
    expected, attached = services.referral_documents(referral)
    chronology = case.timeline.exclude(kind="assignment").order_by("at", "id")
    return render_to_string("cases/referral_letter.html", {
        "referral": referral, "case": case, "expected": expected, "attached": attached, "chronology": chronology,
        "user": user, "today": timezone.localdate(),
        "consents": case.consents.filter(withdrawn_at__isnull=True),
    })


def referral_letter_pdf(referral, user):
    from weasyprint import HTML

    return HTML(string=referral_letter_html(referral, user)).write_pdf()
