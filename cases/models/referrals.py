"""Referrals to organisations and BPJS Ketenagakerjaan claims, with their documents."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.crypto import EncryptedCharField, EncryptedTextField
from core.models import TimeStampedModel

from .. import reference
from .case import Case, CaseChildManager


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Terkirim")
    ACCEPTED = "accepted", _("Diterima lembaga")
    DECLINED = "declined", _("Ditolak lembaga")
    COMPLETED = "completed", _("Selesai ditangani")
    REVOKED = "revoked", _("Dibatalkan")


REFERRAL_TRANSITIONS = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.REVOKED},
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.REVOKED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.REVOKED: set(),
}


class Referral(models.Model):
    DATA_SUBJECT = ("case.person", "case")  # the texts sealed as the case is (core.crypto)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals",
                                     verbose_name=_("lembaga tujuan"))
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    request = EncryptedTextField(_("permintaan kepada lembaga"))
    sent_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("dikirim oleh"))
    consent_override = models.BooleanField(_("tanpa persetujuan pengadu"), default=False)
    override_reason = EncryptedTextField(_("alasan tanpa persetujuan"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dijawab oleh"))
    # What the organisation wrote when accepting (a decline keeps its reason, a completion its result).
    accept_note = EncryptedTextField(_("catatan penerimaan"), blank=True)
    decline_reason = EncryptedTextField(_("alasan penolakan"), blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completion_note = EncryptedTextField(_("hasil penanganan"), blank=True)
    revoked_reason = EncryptedTextField(_("alasan pembatalan"), blank=True)
    external_reference = models.CharField(_("nomor registrasi di lembaga"), max_length=60, blank=True)

    objects = CaseChildManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")

    def __str__(self):
        return f"{self.case.reference} → {self.organisation}"

    @property
    def region_code(self):
        return self.case.village_id

    @property
    def is_active(self):
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


ClaimType = models.TextChoices("ClaimType", [(code.upper(), (code, t[0])) for code, t in
                                             reference.CLAIM_TYPES.items()])
HeirRank = models.TextChoices("HeirRank", [(code.upper(), (code, label)) for code, label in reference.HEIR_ORDER])


class ClaimStatus(models.TextChoices):
    PREPARING = "preparing", _("Persiapan berkas")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFICATION = "verification", _("Verifikasi BPJS")
    PAID = "paid", _("Dibayar")
    REJECTED = "rejected", _("Ditolak")


CLAIM_TRANSITIONS = {
    ClaimStatus.PREPARING: {ClaimStatus.SUBMITTED},
    ClaimStatus.SUBMITTED: {ClaimStatus.VERIFICATION, ClaimStatus.PAID, ClaimStatus.REJECTED},
    ClaimStatus.VERIFICATION: {ClaimStatus.PAID, ClaimStatus.REJECTED},
    ClaimStatus.PAID: set(),
    ClaimStatus.REJECTED: set(),
}


class Claim(TimeStampedModel):
    """A BPJS Ketenagakerjaan claim (Permenaker 4/2023) prepared for a case."""

    AUDIT_SENSITIVE_FIELDS = frozenset({"membership_number", "heir_name", "rejection_reason"})
    DATA_SUBJECT = ("case.person", "case")  # heir, membership number and reasons sealed as the case is

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    placement = models.ForeignKey("migrants.Placement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="claims", verbose_name=_("penempatan"))
    claim_type = models.CharField(_("jenis klaim"), max_length=40, choices=ClaimType.choices)
    membership_number = EncryptedCharField(_("nomor kepesertaan BPJS"), max_length=30, blank=True)
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    heir_name = EncryptedCharField(_("nama ahli waris"), max_length=150, blank=True)
    heir_rank = models.CharField(_("urutan ahli waris"), max_length=20, choices=HeirRank.choices, blank=True)
    heir_relation = models.CharField(_("hubungan ahli waris"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=ClaimStatus.choices, default=ClaimStatus.PREPARING)
    due_date = models.DateField(_("target pengajuan"), null=True, blank=True)
    submitted_date = models.DateField(_("tanggal diajukan"), null=True, blank=True)
    paid_date = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("jumlah dibayar (Rp)"), default=0)
    rejection_reason = EncryptedTextField(_("alasan penolakan"), blank=True)
    bpjs_reference = models.CharField(_("nomor klaim di BPJS"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = CaseChildManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("klaim jaminan sosial")
        verbose_name_plural = _("klaim jaminan sosial")

    def __str__(self):
        return f"{self.get_claim_type_display()} ({self.case.reference})"

    @property
    def region_code(self):
        return self.case.village_id

    @property
    def program(self):
        return reference.CLAIM_TYPES[self.claim_type][1]

    @property
    def article(self):
        return reference.CLAIM_TYPES[self.claim_type][3]

    @property
    def is_open(self):
        return self.status in (ClaimStatus.PREPARING, ClaimStatus.SUBMITTED, ClaimStatus.VERIFICATION)


class ClaimDocument(models.Model):
    """One line of a claim's required-document checklist (copied from reference data at creation)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=40)
    label = models.CharField(_("dokumen"), max_length=250)
    article = models.CharField(_("dasar"), max_length=40, blank=True)
    provided = models.BooleanField(_("tersedia"), default=False)
    provided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["claim", "code"], name="claimdocument_unique_code")]

    def __str__(self):
        return self.label
