"""What numbers send us: STOP/BERHENTI, STATUS <code>, LAPOR (a guided exchange or a one-message draft),
ENGLISH/INDONESIA (the language of the number's messages), help.

Every answer is a reply template (MessageTemplate, event "reply": data reviewed on the screen) in the number's
language. A webhook delivery is handled once (WebhookDelivery holds its key). A number that opted out gets a
STOP reminder and nothing of what it sent is kept."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.services import intake_case
from core import throttle
from people.models import Person
from regions.models import Region

from ..models import Conversation, InboundMessage, MessageTemplate, Purpose, WebhookDelivery, number_hash
from .consent import clean_phone, give_consent, is_opted_out, opt_out
from .countries import country_code
from .language import WORDS as LANGUAGE_WORDS
from .language import language_for, set_language
from .outbound import queue_reply
from .templates import choice_label, render

STOP_WORDS = {"STOP", "BERHENTI", "UNSUBSCRIBE"}
LAPOR_WORDS = {"LAPOR", "1"}
STATUS_WORDS = {"STATUS", "2"}
STEPS = ("village", "worker", "country", "story")
CONVERSATION_TTL = dt.timedelta(hours=24)
DRAFT_MIN_WORDS = 4


# The reply template asking each step's question.
QUESTIONS = {"village": "reply_ask_village", "worker": "reply_ask_worker", "country": "reply_ask_country",
             "story": "reply_ask_story"}


def first_delivery(key):
    """True the first time a webhook delivery key is seen."""
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


@transaction.atomic
def receive(channel, key, sender, text, *, profile_name=""):
    """Handle one inbound message; returns what was done ("duplicate", "stop", "opted_out", "status", "lapor",
    "complaint", "help", ...)."""
    if key and not first_delivery(f"{channel}:{key}"):
        return "duplicate"
    phone = clean_phone(sender) or sender
    text = (text or "").strip()
    words = text.split()
    first = words[0].upper().strip(".,!") if words else ""
    if first in STOP_WORDS:
        opt_out(phone, channel=channel, how=_("balasan %(word)s lewat %(channel)s") % {"word": first,
                                                                                       "channel": channel})
        queue_reply(phone, channel, "reply_stop", stop_notice=True)
        Conversation.objects.filter(phone_hash=number_hash(phone)).delete()
        return "stop"
    if is_opted_out(phone):
        queue_reply(phone, channel, "reply_opted_out", stop_notice=True)
        return "opted_out"
    inbound = InboundMessage.objects.create(channel=channel, phone=phone, text=text[:2000])
    if first in STATUS_WORDS:
        return _status(phone, channel, words[1:])
    if len(words) == 1 and first in LANGUAGE_WORDS:
        set_language(None, phone, LANGUAGE_WORDS[first], how=_("balasan %(word)s lewat %(channel)s") % {
            "word": first, "channel": channel})
        queue_reply(phone, channel, "reply_language")
        return "language"
    conversation = Conversation.objects.filter(phone_hash=number_hash(phone)).first()
    if conversation and conversation.updated_at < timezone.now() - CONVERSATION_TTL:
        conversation.delete()
        conversation = None
    if first in LAPOR_WORDS:
        if conversation:
            conversation.delete()
        return _start(phone, channel, " ".join(words[1:]), profile_name, inbound)
    if conversation:
        return _answer(conversation, text, inbound)
    queue_reply(phone, channel, "reply_help")
    return "help"


def _status(phone, channel, rest):
    code = "".join(rest).upper().replace("-", "")
    if not code:
        queue_reply(phone, channel, "reply_status_usage")
        return "status"
    decision = throttle.hit("messaging-status", phone, limit=settings.MESSAGING_STATUS_PER_HOUR, window=3600)
    if not decision.allowed:
        return "throttled"
    formatted = f"{code[:4]}-{code[4:8]}-{code[8:]}" if len(code) == 12 else code
    case = Case.objects.filter(tracking_code=formatted).first()
    # Only the number that filed the complaint hears about it; any other number gets the unknown-code answer.
    if case is None or clean_phone(case.complainant_phone) != phone:
        queue_reply(phone, channel, "reply_status_unknown")
        return "status"
    throttle.refund(decision)
    queue_reply(phone, channel, "reply_status", {"kode": case.tracking_code, "status": choice_label(case, "status"),
                                                 "tautan": track_link()}, case=case)
    return "status"


def track_link():
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("cases:public_track")


def _known_village(phone):
    person = Person.objects.with_phone(phone).only("village_id", "name").first()  # phone sealed: its keyed hash
    return (person.village_id, person.name) if person else (None, "")


def _start(phone, channel, rest, profile_name, inbound):
    data = {"name": profile_name[:150]}
    village, person_name = _known_village(phone)
    if village:
        data["village"] = village
    if len(rest.split()) >= DRAFT_MIN_WORDS:
        # One free-text message: a draft complaint for the village to complete.
        data["story"] = rest
        data["draft"] = True
        if village:
            data["worker"] = person_name or _("(belum diisi: dari pesan)")
            data["country"] = ""
            return _file(phone, channel, data, inbound)
    conversation = Conversation.objects.create(phone=phone, channel=channel, step="", data=data)
    queue_reply(phone, channel, "reply_lapor_start")
    return _ask_next(conversation, inbound)


def _ask_next(conversation, inbound):
    data = conversation.data
    for step in STEPS:
        if step not in data:
            conversation.step = step
            conversation.save()
            queue_reply(conversation.phone, conversation.channel, QUESTIONS[step])
            return "lapor"
    conversation.delete()
    return _file(conversation.phone, conversation.channel, data, inbound)


def _answer(conversation, text, inbound):
    step, data = conversation.step, dict(conversation.data)
    if not text:  # a picture or a sticker: the same question again
        queue_reply(conversation.phone, conversation.channel, QUESTIONS[step])
        return "lapor"
    if step == "village":
        matches = villages_named(text)
        if len(matches) != 1:
            listing = "; ".join(f"{r.code} {r.name}" for r in matches[:5])
            if matches:
                queue_reply(conversation.phone, conversation.channel, "reply_village_many", {"pilihan": listing})
            else:
                queue_reply(conversation.phone, conversation.channel, "reply_village_unknown")
            conversation.save()
            return "lapor"
        data["village"] = matches[0].code
    elif step == "worker":
        data["worker"] = text[:150]
    elif step == "country":
        data["country"] = text[:60]
    elif step == "story":
        data["story"] = text[:2000]
    conversation.data = data
    return _ask_next(conversation, inbound)


def lapor_wording(phone):
    """The consent a LAPOR exchange records is the wording of its opening reply, in the number's language; its
    version names the template's reviewed edit."""
    template = MessageTemplate.objects.filter(code="reply_lapor_start").first()
    if template is None:
        return {}
    edit = template.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return {"wording": render(template, language_for(phone), {}), "wording_version": f"lapor-{edit or 0}"}


def villages_named(text):
    text = " ".join(text.split())
    villages = Region.objects.filter(level=4)
    if settings.MESSAGING_AREA:
        villages = villages.filter(code__startswith=settings.MESSAGING_AREA)
    by_code = villages.filter(code=text)
    if by_code:
        return list(by_code)
    return list(villages.filter(name__iexact=text).order_by("code")[:10])


def _file(phone, channel, data, inbound):
    decision = throttle.hit("messaging-complaint", phone, limit=settings.MESSAGING_COMPLAINTS_PER_DAY, window=86400)
    if not decision.allowed:
        queue_reply(phone, channel, "reply_limit", {"jumlah": settings.MESSAGING_COMPLAINTS_PER_DAY})
        return "throttled"
    name = data.get("name") or _("Pengadu lewat %(channel)s") % {"channel": channel}
    country = country_code(data.get("country", ""))
    story = data["story"]
    if data.get("country") and not country:
        story += "\n" + _("Negara (ditulis pengadu): %(c)s") % {"c": data["country"]}
    if data.get("draft"):
        story = _("[Draf dari pesan %(channel)s: lengkapi data pekerja dan kategori.]") % {"channel": channel} + \
            "\n" + story
    try:
        with transaction.atomic():
            give_consent(None, phone=phone, purpose=Purpose.COMPLAINT, given_by=name, channel=channel,
                         how=_("LAPOR lewat %(channel)s") % {"channel": channel}, **lapor_wording(phone))
            case = intake_case(None, village=data["village"], category="other", description=story,
                               channel="whatsapp" if channel == "whatsapp" else "phone", complainant_name=name,
                               complainant_phone=phone, worker_name=data.get("worker") or _("(belum diisi)"),
                               destination_country=country, consent_process=True, consent_given_by=name)
    except ValidationError:
        throttle.refund(decision)
        queue_reply(phone, channel, "reply_invalid")
        return "invalid"
    inbound.case = case
    inbound.save(update_fields=["case"])
    return "complaint"
