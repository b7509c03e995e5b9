"""The privacy app's hooks (core.registry privacy hooks, issue 19): a person's messaging consents and log."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from core import datakeys
from core.crypto import keyed_hash
from core.datakeys import update_where
from core.registry import ConsentEntry, PersonRecords

from .models import Consent, Conversation, InboundMessage, Message, NumberLanguage, OptOut, Status, number_hash
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


def _number_hash(person):
    phone = clean_phone(person.phone)
    return number_hash(phone) if phone else None


def records_for(person):
    """The person's messages (naming them or sent to their number), what their number sent us, a LAPOR exchange
    in progress, their number's opt-out and language: rows found by the number's keyed hash name no one."""
    found = _number_hash(person)
    messages = Message.objects.filter(person=person) | (Message.objects.filter(phone_hash=found) if found
                                                         else Message.objects.none())
    messages = list(messages.order_by("-created_at")[:200])
    sections = []
    if messages:
        sections.append(PersonRecords(
            title=_("Pesan WhatsApp/SMS"), order=70, refs=[("messaging.message", m.pk) for m in messages],
            rows=[{_("Waktu"): m.created_at, _("Ke"): m.to, _("Saluran"): m.get_channel_display(), _("Isi"): m.body,
                   _("Status"): m.get_status_display()} for m in messages]))
    if not found:
        return sections
    inbound = list(InboundMessage.objects.filter(phone_hash=found).order_by("-received_at")[:200])
    if inbound:
        sections.append(PersonRecords(
            title=_("Pesan masuk dari nomor warga"), order=71,
            refs=[("messaging.inboundmessage", m.pk) for m in inbound],
            rows=[{_("Waktu"): m.received_at, _("Dari"): m.phone, _("Saluran"): m.get_channel_display(),
                   _("Isi"): m.text} for m in inbound]))
    number = [{_("Catatan"): _("Percakapan LAPOR berjalan"), _("Nomor"): c.phone, _("Isi"): c.data,
               _("Waktu"): c.updated_at} for c in Conversation.objects.filter(phone_hash=found)]
    optouts = list(OptOut.objects.filter(phone_hash=found))
    number += [{_("Catatan"): _("Berhenti berlangganan pesan"), _("Nomor"): o.phone, _("Isi"): o.get_channel_display(),
                _("Waktu"): o.at} for o in optouts]
    number += [{_("Catatan"): _("Bahasa pesan"), _("Nomor"): n.phone, _("Isi"): n.get_language_display(),
                _("Waktu"): n.changed_at} for n in NumberLanguage.objects.filter(phone_hash=found)]
    if number:
        sections.append(PersonRecords(title=_("Nomor warga di layanan pesan"), order=72, rows=number,
                                      refs=[("messaging.optout", o.pk) for o in optouts]))
    return sections


def _sealed_text(model, name, text):
    """`text` as an encrypted column stores it (a pseudonym written with one statement for many rows)."""
    return model._meta.get_field(name).get_db_prep_save(text, connection)


def erase(pseudonyms):
    """A person's messages keep their channel, event, status and dates (the delivery statistics); the text, its
    parameters and the number are blanked, and one still waiting is not sent. Their messaging consents keep
    purpose and dates under the pseudonym. `pseudonyms`: {person id: pseudonym}."""
    ids = list(pseudonyms)
    Message.objects.filter(person_id__in=ids, status__in=[Status.QUEUED, Status.SENDING]).update(status=Status.FAILED)
    erased = Message.objects.filter(person_id__in=ids).update(body="", params={}, to="", phone_hash="")
    update_where(Consent, "person_id", ["given_by"],
                 [(_sealed_text(Consent, "given_by", p), pk) for pk, p in pseudonyms.items()])
    # The number (sealed under the destroyed key) and its keyed hash go: an erased person's consent can no longer
    # be found by the number, so it ends (nothing is sent on it again).
    Consent.objects.filter(person_id__in=ids, withdrawn_at=None).update(
        withdrawn_at=timezone.now(), withdrawn_how="penghapusan data pribadi")
    Consent.objects.filter(person_id__in=ids).update(phone="", phone_hash="")
    return erased


def erase_matching(people, pseudonyms):
    """Rows about the people's numbers that name no person (what the number sent us, a LAPOR exchange, replies and
    consents given without registration, its opt-out and language), found by the number's keyed hash: sealed under
    their own keys, which are destroyed (core.datakeys.shred_own), so they and every copy open to nothing. Counts
    stay (channel, dates, statuses); the exchange in progress is deleted; the opt-out keeps the number's keyed hash
    (the number stays opted out), the language row a hash that names no number. Returns the rows reached."""
    by_hash = {h: p.pk for p in people if (h := _number_hash(p))}
    if not by_hash:
        return 0
    hashes = list(by_hash)
    now = timezone.now()
    found = {model: list(queryset.values_list("pk", flat=True)) for model, queryset in (
        (InboundMessage, InboundMessage.objects.filter(phone_hash__in=hashes)),
        (Conversation, Conversation.objects.filter(phone_hash__in=hashes)),
        (OptOut, OptOut.objects.filter(phone_hash__in=hashes)),
        (NumberLanguage, NumberLanguage.objects.filter(phone_hash__in=hashes)),
        (Message, Message.objects.filter(phone_hash__in=hashes, person__isnull=True)),
        (Consent, Consent.objects.filter(phone_hash__in=hashes, person__isnull=True)),
    )}
    consent_people = dict(Consent.objects.filter(pk__in=found[Consent]).values_list("pk", "phone_hash"))
    for model, ids in found.items():
        datakeys.shred_own(model, ids)
    InboundMessage.objects.filter(pk__in=found[InboundMessage]).update(phone="", text="", phone_hash="")
    Conversation.objects.filter(pk__in=found[Conversation]).delete()
    # The opt-out keeps the number's keyed hash (the number itself is shredded): "STOP" outlives the erasure, so
    # the number is never messaged again if someone types it in later (a suppression entry: a keyed hash, no
    # number). The language row names no number any more (its hash is replaced: it is unique per number).
    update_where(OptOut, "id", ["phone"], [("", pk) for pk in found[OptOut]])
    update_where(NumberLanguage, "id", ["phone", "phone_hash"],
                 [("", keyed_hash(f"erased-number:numberlanguage:{pk}"), pk) for pk in found[NumberLanguage]])
    update_where(NumberLanguage.history.model, "id", ["phone", "phone_hash"],
                 [("", "", pk) for pk in found[NumberLanguage]])
    Message.objects.filter(pk__in=found[Message], status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.FAILED)
    Message.objects.filter(pk__in=found[Message]).update(body="", params={}, to="", phone_hash="")
    Consent.objects.filter(pk__in=found[Consent], withdrawn_at=None).update(
        withdrawn_at=now, withdrawn_how="penghapusan data pribadi")
    update_where(Consent, "id", ["given_by", "phone", "phone_hash"],
                 [(_sealed_text(Consent, "given_by", pseudonyms[by_hash[h]]), "", "", pk)
                  for pk, h in consent_people.items()])
    return sum(len(ids) for ids in found.values())
