"""The privacy app's hooks (core.registry privacy hooks, issue 19): a person's messaging consents and log."""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from core.registry import ConsentEntry, PersonRecords

from .models import Message, number_hash
from .services.consent import clean_phone, consents_of_person, mask_phone


def consents_for(person):
    return [ConsentEntry(
        purpose=str(consent.get_purpose_display()), wording_version=consent.wording_version,
        given_at=consent.given_at, channel=f"{consent.get_channel_display()} ({consent.how})",
        recorded_by=str(consent.recorded_by) if consent.recorded_by else consent.given_by,
        withdrawn_at=consent.withdrawn_at, source=str(_("Pesan WhatsApp/SMS")),
    ) for consent in consents_of_person(person).order_by("-given_at")]


def withdraw_consents(person, actor):
    count = 0
    for consent in consents_of_person(person).filter(withdrawn_at=None):
        consent.withdrawn_at, consent.withdrawn_how = timezone.now(), "permintaan subjek data"
        consent.save(update_fields=["withdrawn_at", "withdrawn_how"])
        record(actor, Action.UPDATE, consent, region_code=person.village_id,
               object_repr=f"{mask_phone(consent.phone)} {consent.get_purpose_display()}",
               note=_("Persetujuan pesan ditarik atas permintaan subjek data"))
        count += 1
    return count


def records_for(person):
    phone = clean_phone(person.phone)
    messages = Message.objects.filter(person=person) | (Message.objects.filter(phone_hash=number_hash(phone)) if phone
                                                         else Message.objects.none())
    rows = [{_("Waktu"): m.created_at, _("Ke"): m.to, _("Saluran"): m.get_channel_display(),
             _("Isi"): m.body, _("Status"): m.get_status_display()} for m in messages.order_by("-created_at")[:200]]
    return [PersonRecords(title=_("Pesan WhatsApp/SMS"), rows=rows, order=70)] if rows else []


def erase(pseudonyms):
    """A person's messages keep their channel, event, status and dates (the delivery statistics); the text, its
    parameters and the number are blanked, and one still waiting is not sent. Their messaging consents keep
    purpose and dates under the pseudonym. `pseudonyms`: {person id: pseudonym}."""
    from core.datakeys import update_where

    from .models import Consent, Status

    ids = list(pseudonyms)
    Message.objects.filter(person_id__in=ids, status__in=[Status.QUEUED, Status.SENDING]).update(status=Status.FAILED)
    erased = Message.objects.filter(person_id__in=ids).update(body="", params={}, to="", phone_hash="")
    update_where(Consent, "person_id", ["given_by"], [(p, pk) for pk, p in pseudonyms.items()])
    # The number (sealed under the destroyed key) and its keyed hash go: an erased person's consent can no longer
    # be found by the number, so it ends (nothing is sent on it again).
    Consent.objects.filter(person_id__in=ids, withdrawn_at=None).update(
        withdrawn_at=timezone.now(), withdrawn_how="penghapusan data pribadi")
    Consent.objects.filter(person_id__in=ids).update(phone="", phone_hash="")
    return erased
