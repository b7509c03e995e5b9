"""Messages to families and staff by WhatsApp or SMS: consent per number and purpose, the message log, the
templates (data, reviewed on a screen), per-village switches and what comes in."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField


def number_hash(phone) -> str:
    """Keyed hash of a number as stored (+62…): how a sealed number is found (the same as people's phone_hash, so
    a person's messages and consents are found by their number too)."""
    from people.models import phone_hash

    return phone_hash(phone or "")


class NumberHashed(models.Model):
    """A record found by its (sealed) number: `phone_hash` is kept beside it on every save."""

    NUMBER_FIELD = "phone"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.phone_hash = number_hash(getattr(self, self.NUMBER_FIELD))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.NUMBER_FIELD in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_hash"}
        super().save(*args, **kwargs)


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class Purpose(models.TextChoices):
    COMPLAINT = "complaint", _("Kabar pengaduan")
    SERVICES = "services", _("Layanan desa (surat siap diambil)")
    PLACEMENT = "placement", _("Kabar penempatan (paspor, pemantauan)")
    STAFF = "staff", _("Pemberitahuan untuk petugas")
    # An answer to a message the number itself just sent (STATUS, help, LAPOR steps, STOP confirmation).
    REPLY = "reply", _("Jawaban atas pesan masuk")


class Event(models.TextChoices):
    COMPLAINT_RECEIVED = "complaint_received", _("Pengaduan diterima")
    CASE_STATUS_CHANGED = "case_status_changed", _("Status pengaduan berubah")
    REFERRAL_ANSWERED = "referral_answered", _("Rujukan dijawab")
    CLAIM_STATUS_CHANGED = "claim_status_changed", _("Status klaim berubah")
    LETTER_READY = "letter_ready", _("Surat siap diambil")
    PASSPORT_EXPIRING = "passport_expiring", _("Paspor habis dalam 6 bulan sebelum berangkat")
    NO_CONTACT = "no_contact", _("Pemantauan: tidak ada kabar")
    STAFF_NEW_COMPLAINT = "staff_new_complaint", _("Petugas: pengaduan baru di desa")
    REPLY = "reply", _("Jawaban atas pesan masuk")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("Bahasa Inggris")


class Status(models.TextChoices):
    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim ke gateway")
    DELIVERED = "delivered", _("Sampai")
    READ = "read", _("Dibaca")
    FAILED = "failed", _("Gagal")


# Numbers are personal data (issue 19 point 3): every number column is encrypted (sealed under the person's data key
# where the record names a person) and found by its keyed hash `phone_hash`; nothing here keeps a number in clear.
# The Gammu SMS daemon's own tables get the number only while the daemon needs it (messaging.gateways.gammu).
# What a number sends or is sent (message bodies and parameters, inbound texts, LAPOR answers, consent givers) is
# sealed too: under the person's data key where the row names a person, else under the row's own key
# (DATA_SUBJECT ending in "self"); erasing a person destroys the own keys of the rows found by their number's hash
# (messaging.privacy.erase_matching), so those rows and any copy of them open to nothing.


class Consent(NumberHashed):
    """One number's consent to messages for one purpose: who gave it, when, how, on which wording."""

    DATA_SUBJECT = ("person", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"phone", "phone_hash"})

    phone = EncryptedCharField(_("nomor"), max_length=20)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("saluran pesan"), max_length=10, choices=Channel.choices, default=Channel.WHATSAPP)
    given_by = EncryptedCharField(_("diberikan oleh"), max_length=150)
    given_at = models.DateTimeField(_("waktu"), default=timezone.now)
    how = models.CharField(_("cara"), max_length=60, help_text=_("formulir pengaduan publik, pendaftaran warga, ..."))
    wording_version = models.CharField(_("versi naskah"), max_length=20)
    wording = models.TextField(_("naskah yang disetujui"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="message_consents")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="message_consents")
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    withdrawn_how = models.CharField(_("cara penarikan"), max_length=60, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["phone_hash", "purpose"], condition=models.Q(withdrawn_at=None),
                                               name="messaging_one_active_consent")]

    def __str__(self):
        return f"{mask_number(self.phone)} {self.get_purpose_display()}"


class OptOut(NumberHashed):
    """A number that replied STOP/BERHENTI: nothing goes to it, and what it sends is not recorded."""

    DATA_SUBJECT = "self"
    phone = EncryptedCharField(max_length=20)
    phone_hash = models.CharField(max_length=64, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    def __str__(self):
        return mask_number(self.phone)


def mask_number(phone):
    """+62812****7890: enough to recognise a number in a log, not to dial it."""
    phone = str(phone or "")
    return f"{phone[:6]}****{phone[-4:]}" if len(phone) > 10 else "****"


class NumberLanguage(NumberHashed):
    """The language a number's messages are written in (no row: settings.MESSAGING_LANGUAGE, Indonesian). Set by
    the number itself (ENGLISH / INDONESIA), by staff on the person's page, by a staff member for their own alerts,
    or by the language of the public form the consent was given on."""

    DATA_SUBJECT = "self"
    phone = EncryptedCharField(_("nomor"), max_length=20)
    phone_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("bahasa pesan"), max_length=5, choices=Language.choices)
    how = models.CharField(_("cara"), max_length=60)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(_("diubah"), default=timezone.now)
    history = HistoricalRecords()

    def __str__(self):
        return f"{mask_number(self.phone)} {self.language}"


class MessageTemplate(models.Model):
    """The text of one message, Indonesian and English: an event's message, or an automatic reply to what a
    number sent (event "reply": help, STOP confirmation, STATUS answer, the LAPOR questions). Placeholders:
    {kode} {status} {tautan} {tanggal} {desa}, and a few replies' own (services.templates.EXTRA_PLACEHOLDERS);
    services.templates.check_text refuses any other, so nothing sensitive can be put in."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    event = models.CharField(_("peristiwa"), max_length=30, choices=Event.choices)
    purpose = models.CharField(_("keperluan"), max_length=20, choices=Purpose.choices)
    text_id = models.TextField(_("teks Bahasa Indonesia"))
    text_en = models.TextField(_("teks Bahasa Inggris"))
    # The name of the template approved at Meta (WhatsApp business-initiated messages must use one).
    wa_template = models.CharField(_("nama templat WhatsApp"), max_length=60, blank=True)
    reviewed_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("templat pesan")

    def __str__(self):
        return self.code


class EventSwitch(models.Model):
    """An event switched off (or back on) for one village; no row means on."""

    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30, choices=Event.choices)
    enabled = models.BooleanField(default=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "event"], name="messaging_one_switch")]

    def __str__(self):
        return f"{self.village_id} {self.event} {self.enabled}"


class Message(NumberHashed):
    """One outgoing message and its fate. `key` goes to gateways that take an idempotency id; `dedupe` makes
    one event queue one message per recipient."""

    NUMBER_FIELD = "to"
    DATA_SUBJECT = ("person", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"to", "phone_hash", "body", "params"})

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dedupe = models.CharField(max_length=120, null=True, blank=True, unique=True)
    to = EncryptedCharField(_("ke"), max_length=20)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("peristiwa"), max_length=30, choices=Event.choices)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    template = models.CharField(_("templat"), max_length=40, blank=True)
    language = models.CharField(max_length=5, default="id")
    body = EncryptedTextField(_("isi"))
    params = EncryptedJSONField(default=dict, blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    village = models.ForeignKey("regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    reason = models.CharField(_("alasan dari gateway"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    gateway_id = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("sampai"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gagal"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_event_display()} → {mask_number(self.to)}"


class WebhookDelivery(models.Model):
    """A webhook event already handled (gateway + its id): a repeated delivery is answered and ignored."""

    key = models.CharField(max_length=200, unique=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.key


class InboundMessage(NumberHashed):
    """A message a number sent us (never from an opted-out number)."""

    DATA_SUBJECT = "self"
    channel = models.CharField(max_length=10, choices=Channel.choices)
    phone = EncryptedCharField(max_length=20)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    text = EncryptedTextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.channel} {mask_number(self.phone)}"


class Conversation(NumberHashed):
    """A LAPOR exchange in progress: which question comes next and the answers so far (encrypted)."""

    DATA_SUBJECT = "self"
    phone = EncryptedCharField(max_length=20)
    phone_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    step = models.CharField(max_length=20)
    data = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{mask_number(self.phone)} {self.step}"
