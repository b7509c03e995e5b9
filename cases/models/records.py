"""Records kept on a case: consents, timeline entries and checklist items."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import ChoiceLabels
from core.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField

from .case import Case, CaseChildManager, Channel, ConsentKind


class Consent(ChoiceLabels, models.Model):
    """A recorded consent (UU 27/2022): who gave it, when, for what purpose, to which text version."""

    DATA_SUBJECT = ("case.person", "case")  # sealed as the case is (core.crypto)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("jenis"), max_length=10, choices=ConsentKind.choices)
    given_by = EncryptedCharField(_("diberikan oleh"), max_length=150)
    given_at = models.DateTimeField(_("waktu"), default=timezone.now)
    purpose = models.TextField(_("tujuan"))
    text_version = models.CharField(_("versi teks"), max_length=20)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)

    objects = CaseChildManager()

    class Meta:
        ordering = ["given_at"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.given_by}"

    @property
    def region_code(self):
        return self.case.village_id


class EntryKind(models.TextChoices):
    NOTE = "note", _("Catatan")
    CALL = "call", _("Telepon")
    VISIT = "visit", _("Kunjungan")
    DOCUMENT = "document", _("Dokumen")
    MEETING = "meeting", _("Pertemuan")
    STATUS = "status", _("Perubahan status")
    REFERRAL = "referral", _("Rujukan")
    CLAIM = "claim", _("Klaim")
    ASSIGNMENT = "assignment", _("Penugasan")


# Entries a person writes (the form and the API); the others are written by the workflow itself.
MANUAL_ENTRY_KINDS = (EntryKind.NOTE, EntryKind.CALL, EntryKind.VISIT, EntryKind.DOCUMENT, EntryKind.MEETING)
# Longest free text (description, timeline entry) the forms accept; the API accepts no more.
TEXT_MAX_LENGTH = 5000

# Entries that count as contact with the complainant (for the "unreachable 60 days" closing rule).
CONTACT_KINDS = {EntryKind.CALL, EntryKind.VISIT, EntryKind.MEETING}


class TimelineEntry(models.Model):
    DATA_SUBJECT = ("case.person", "case")  # text and its parts sealed as the case is (core.crypto)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("jenis"), max_length=20, choices=EntryKind.choices, default=EntryKind.NOTE)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    text = EncryptedTextField(_("uraian"))
    # An entry Payung writes (a status change, a referral answer) also keeps its sentences as message keys and
    # parameters (cases.texts.compose), so each reader sees it in their own language; typed notes stay as typed.
    text_parts = EncryptedJSONField(default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("oleh"))
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("catatan perkembangan")
        verbose_name_plural = _("linimasa kasus")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    @property
    def shown(self):
        """The entry in the reader's language (as written when it has no stored parts)."""
        from ..texts import render_parts

        return render_parts(self.text_parts) if self.text_parts else self.text

    @property
    def region_code(self):
        return self.case.village_id


class ChecklistItem(models.Model):
    """Death / repatriation checklist line of a case."""

    DATA_SUBJECT = ("case.person", "case")  # the note sealed as the case is (core.crypto)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(max_length=40)
    label = models.CharField(_("langkah"), max_length=250)
    done = models.BooleanField(_("selesai"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    note = EncryptedCharField(_("keterangan"), max_length=250, blank=True)

    objects = CaseChildManager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="checklistitem_unique_code")]

    def __str__(self):
        return self.label

    @property
    def region_code(self):
        return self.case.village_id
