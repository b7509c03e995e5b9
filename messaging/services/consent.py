"""Consent per number and purpose, and opting out (STOP/BERHENTI). Both are audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from people.contact_consent import MESSAGES_CONSENT_TEXT, MESSAGES_CONSENT_VERSION
from people.phone import normalise_phone

from ..models import Consent, OptOut, Purpose, mask_number, number_hash


def clean_phone(value):
    try:
        return normalise_phone(value)
    except Exception:  # noqa: BLE001 - an unreadable number is simply not one we can message
        return ""


mask_phone = mask_number  # +62812****7890 (messaging.models)


def _repr(consent):
    return f"{mask_phone(consent.phone)} {consent.get_purpose_display()}"


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def give_consent(actor, *, phone, purpose, given_by, how, channel="whatsapp", wording=None, wording_version=None,
                 person=None, case=None, user=None):
    """Record consent (the earlier active one for the same number and purpose is replaced). A new consent
    also ends an earlier opt-out of the number: the person asked again, in writing."""
    phone = clean_phone(phone)
    if not phone or purpose not in Purpose.values:
        return None
    now = timezone.now()
    for old in Consent.objects.select_for_update().filter(phone_hash=number_hash(phone), purpose=purpose,
                                                          withdrawn_at=None):
        old.withdrawn_at, old.withdrawn_how = now, "diganti persetujuan baru"
        old.save(update_fields=["withdrawn_at", "withdrawn_how"])
    OptOut.objects.filter(phone_hash=number_hash(phone)).delete()
    consent = Consent.objects.create(
        phone=phone, purpose=purpose, channel=channel, given_by=(given_by or "")[:150], given_at=now, how=how[:60],
        wording=str(wording or MESSAGES_CONSENT_TEXT), wording_version=wording_version or MESSAGES_CONSENT_VERSION,
        recorded_by=_actor(actor), person=person, case=case, user=user)
    region = getattr(person, "village_id", None) or getattr(case, "village_id", None)
    record(_actor(actor), Action.CREATE, consent, region_code=region, object_repr=_repr(consent),
           note=_("Persetujuan pesan dicatat: %(p)s (%(how)s)") % {"p": consent.get_purpose_display(), "how": how})
    return consent


def has_consent(phone, purpose):
    if purpose == Purpose.REPLY:  # an answer to what the number itself just sent
        return not is_opted_out(phone)
    active = Consent.objects.filter(phone_hash=number_hash(phone), purpose=purpose, withdrawn_at=None)
    return active.exists() and not is_opted_out(phone)


def is_opted_out(phone):
    return OptOut.objects.filter(phone_hash=number_hash(phone)).exists()


def consent_channel(phone, purpose, default):
    consent = Consent.objects.filter(phone_hash=number_hash(phone), purpose=purpose, withdrawn_at=None).first()
    return consent.channel if consent else default


@transaction.atomic
def opt_out(phone, *, channel, how):
    """STOP/BERHENTI: every consent of the number ends now, nothing queued for it goes out. Returns True when
    the number was not opted out before."""
    from .outbound import cancel_queued

    phone = clean_phone(phone) or phone
    now = timezone.now()
    withdrawn = []
    for consent in Consent.objects.select_for_update().filter(phone_hash=number_hash(phone), withdrawn_at=None):
        consent.withdrawn_at, consent.withdrawn_how = now, how[:60]
        consent.save(update_fields=["withdrawn_at", "withdrawn_how"])
        withdrawn.append(consent)
        record(None, Action.UPDATE, consent, region_code=consent.person.village_id if consent.person else None,
               object_repr=_repr(consent),
               note=_("Persetujuan pesan ditarik: %(how)s") % {"how": how})
    _optout, created = OptOut.objects.get_or_create(phone_hash=number_hash(phone),
                                                    defaults={"phone": phone, "channel": channel, "at": now})
    cancel_queued(phone, reason=_("Nomor berhenti berlangganan (BERHENTI)."))
    if created and not withdrawn:
        record(None, Action.OTHER, object_type="messaging.optout", object_id=str(_optout.pk),
               object_repr=mask_phone(phone),
               note=_("Nomor berhenti berlangganan pesan: %(how)s") % {"how": how})
    return created


def consents_of_person(person):
    phones = {p for p in [person.phone] if p}
    return Consent.objects.filter(person=person) | Consent.objects.filter(
        phone_hash__in=[number_hash(p) for p in phones])
