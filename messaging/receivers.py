"""What the lower apps announce, turned into messages (each one needs consent and the village's switch on)."""

from django.dispatch import receiver
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.permissions import members_with_role
from cases import signals as case_signals
from cases.rules import CASE_WORKER_ROLES
from people.contact_consent import contact_consent_given
from village_services import signals as service_signals

from .models import Consent, Event, Purpose
from .services.consent import give_consent
from .services.inbound import track_link
from .services.language import set_language
from .services.outbound import queue_event
from .services.templates import choice_label


@receiver(contact_consent_given)
def record_consent(sender, *, phone, purposes, given_by, how, actor=None, person=None, case=None, wording="",
                   wording_version="", **kwargs):
    for purpose in purposes:
        give_consent(actor, phone=phone, purpose=purpose, given_by=given_by, how=how, wording=wording,
                     wording_version=wording_version, person=person, case=case)
    # A family that filed the public form in English gets English messages (staff entering a form in English
    # say nothing about the family's language; Indonesian is the default and needs no row).
    if actor is None and (get_language() or "").startswith("en"):
        set_language(None, phone, "en", how="bahasa formulir publik",
                     region_code=getattr(case, "village_id", None) or getattr(person, "village_id", None))


def _case_values(case, status=""):
    return {"kode": case.tracking_code, "status": status, "tautan": track_link()}


@receiver(case_signals.complaint_received)
def complaint_received(sender, *, case, actor=None, **kwargs):
    queue_event(Event.COMPLAINT_RECEIVED, to=case.complainant_phone, values=_case_values(case), village=case.village,
                case=case, person=case.person, dedupe=f"complaint_received:{case.pk}")
    alert_staff(case)


def alert_staff(case):
    """Staff of the village who chose WhatsApp alerts (a STAFF consent tied to their account)."""
    staff = members_with_role(CASE_WORKER_ROLES, obj=case)
    consents = Consent.objects.filter(purpose=Purpose.STAFF, withdrawn_at=None, user__in=staff)
    for consent in consents:
        queue_event(Event.STAFF_NEW_COMPLAINT, to=consent.phone, values=_case_values(case), village=case.village,
                    case=case, user=consent.user, dedupe=f"staff_new_complaint:{case.pk}:{consent.user_id}")


@receiver(case_signals.case_status_changed)
def case_status_changed(sender, *, case, old, new, actor=None, **kwargs):
    # The history row of this change makes the key: one message per move, even to a status seen before.
    stamp = case.history.order_by("-history_id").values_list("history_id", flat=True).first()
    queue_event(Event.CASE_STATUS_CHANGED, to=case.complainant_phone,
                values=_case_values(case, choice_label(case, "status")), village=case.village, case=case,
                person=case.person, dedupe=f"case_status:{case.pk}:{stamp}")


@receiver(case_signals.referral_answered)
def referral_answered(sender, *, referral, accepted, actor=None, **kwargs):
    case = referral.case
    status = _("diterima lembaga rujukan") if accepted else _("belum dapat diterima; petugas mencari jalan lain")
    queue_event(Event.REFERRAL_ANSWERED, to=case.complainant_phone, values=_case_values(case, status),
                village=case.village, case=case, person=case.person, dedupe=f"referral_answered:{referral.pk}")


@receiver(case_signals.claim_status_changed)
def claim_status_changed(sender, *, claim, old, new, actor=None, **kwargs):
    case = claim.case
    queue_event(Event.CLAIM_STATUS_CHANGED, to=case.complainant_phone,
                values=_case_values(case, choice_label(claim, "status")), village=case.village, case=case,
                person=case.person, dedupe=f"claim_status:{claim.pk}:{new}")


@receiver(service_signals.letter_ready)
def letter_ready(sender, *, letter, request, actor=None, **kwargs):
    phone = getattr(request, "applicant_phone", "") or getattr(letter.person, "phone", "")
    queue_event(Event.LETTER_READY, to=phone, values={"kode": request.tracking_code, "desa": letter.village.name},
                village=letter.village, person=letter.person, dedupe=f"letter_ready:{letter.pk}")
