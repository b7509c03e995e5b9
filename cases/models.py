"""Complaints and their handling: cases, timeline, referrals, social-security claims, attachments."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scoping import ScopedQuerySet, scope_q
from core.crypto import EncryptedTextField
from core.models import TimeStampedModel, VillageScopedModel

from . import reference

Category = models.TextChoices("Category", [(code.upper(), (code, label)) for code, (label, *_r) in
                                           reference.CATEGORIES.items()])


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Dokumen terverifikasi")
    IN_PROGRESS = "in_progress", _("Dalam proses")
    REFERRED = "referred", _("Dirujuk")
    CLARIFICATION = "clarification", _("Klarifikasi")
    SETTLEMENT = "settlement", _("Komitmen penyelesaian")
    MEDIATION = "mediation", _("Mediasi")
    SANCTION = "sanction", _("Rekomendasi sanksi")
    LITIGATION = "litigation", _("Litigasi")
    RESOLVED = "resolved", _("Selesai")
    CLOSED = "closed", _("Ditutup")


_HANDLING = {Status.REFERRED, Status.CLARIFICATION, Status.SETTLEMENT, Status.MEDIATION, Status.SANCTION,
             Status.LITIGATION, Status.RESOLVED, Status.CLOSED}
# The legal moves of the workflow. RESOLVED and CLOSED are final: a new complaint opens a new case.
TRANSITIONS = {
    # An urgent complaint (trafficking, violence) may be referred before its documents are verified.
    Status.RECEIVED: {Status.VERIFIED, Status.REFERRED, Status.CLARIFICATION, Status.CLOSED},
    Status.VERIFIED: {Status.IN_PROGRESS, Status.REFERRED, Status.CLARIFICATION, Status.CLOSED},
    Status.IN_PROGRESS: _HANDLING,
    Status.REFERRED: (_HANDLING - {Status.REFERRED}) | {Status.IN_PROGRESS},
    Status.CLARIFICATION: {Status.VERIFIED, Status.IN_PROGRESS, Status.REFERRED, Status.CLOSED},
    Status.SETTLEMENT: {Status.MEDIATION, Status.SANCTION, Status.LITIGATION, Status.RESOLVED, Status.CLOSED},
    Status.MEDIATION: {Status.SETTLEMENT, Status.SANCTION, Status.LITIGATION, Status.RESOLVED, Status.CLOSED},
    Status.SANCTION: {Status.LITIGATION, Status.RESOLVED, Status.CLOSED},
    Status.LITIGATION: {Status.RESOLVED, Status.CLOSED},
    Status.RESOLVED: set(),
    Status.CLOSED: set(),
}
OPEN_STATUSES = [s for s in Status.values if s not in (Status.RESOLVED, Status.CLOSED)]


class Priority(models.TextChoices):
    NORMAL = "normal", _("Biasa")
    HIGH = "high", _("Tinggi")
    URGENT = "urgent", _("Mendesak")


class Channel(models.TextChoices):
    WEB = "web", _("Formulir publik")
    PHONE = "phone", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    IN_PERSON = "in_person", _("Datang langsung")
    LETTER = "letter", _("Surat")
    EMAIL = "email", _("Surel")
    REGISTRY = "registry", _("Dari data penempatan")


class ComplainantRole(models.TextChoices):
    WORKER = "worker", _("Pekerja migran sendiri")
    FAMILY = "family", _("Anggota keluarga")
    ORGANISATION = "organisation", _("Lembaga dengan surat kuasa")


class CloseReason(models.TextChoices):
    # Perban BP2MI 6/2024 art. 30.
    DOCS_INCOMPLETE = "docs_incomplete", _("Dokumen tidak lengkap setelah 30 hari")
    NO_CLARITY = "no_clarity", _("Tidak ada kejelasan 15 hari kerja setelah diminta")
    UNREACHABLE = "unreachable", _("Pengadu tidak dapat dihubungi 60 hari")
    HANDED_OVER = "handed_over", _("Dilimpahkan ke instansi lain")
    NO_RESPONSE = "no_response", _("Tidak ada tanggapan 6 bulan")
    OTHER = "other", _("Lainnya")


def user_organisation_ids(user):
    if not user or not user.is_authenticated:
        return []
    return [m.organisation_id for m in user.active_memberships()
            if m.role == Role.ORGANISATION_STAFF and m.organisation_id]


class CaseQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Cases in the user's villages, or referred (not revoked) to one of the user's organisations."""
        # "village__code" (not "village_id"): Django refuses startswith on a ForeignKey column; this form
        # still compiles to a plain LIKE on cases_case.village_id without a join.
        # An organisation-staff membership carries a working area but grants no village scope (scope_q skips
        # it): those users see only what was referred to their organisation.
        q = scope_q(user, "village__code")
        orgs = user_organisation_ids(user)
        if orgs:
            referred = Referral.objects.filter(organisation_id__in=orgs).exclude(status=ReferralStatus.REVOKED)
            q |= models.Q(pk__in=referred.values("case_id"))
        return self.filter(q)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


CaseManager = models.Manager.from_queryset(CaseQuerySet)


def new_tracking_code():
    # 12 characters from a 31-letter alphabet without look-alikes (~59 bits): not guessable, easy to read aloud.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ2345679"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class ServiceStandard(TimeStampedModel):
    """Editable service standard per category: how many working days a case of it may take."""

    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("batas waktu (hari kerja)"))
    priority = models.CharField(_("prioritas awal"), max_length=10, choices=Priority.choices,
                                default=Priority.NORMAL)
    note = models.TextField(_("catatan / dasar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category"]
        verbose_name = _("standar layanan pengaduan")
        verbose_name_plural = _("standar layanan pengaduan")

    def __str__(self):
        return f"{self.get_category_display()}: {self.working_days}"


class Case(VillageScopedModel):
    AUDIT_SENSITIVE_FIELDS = frozenset({
        "worker_nik", "complainant_phone", "complainant_email", "complainant_address", "worker_phone",
        "phone_last4", "worker_nik_hash",
    })
    AUDIT_READS = True

    tracking_code = models.CharField(_("kode lacak"), max_length=14, unique=True, default=new_tracking_code,
                                     editable=False)
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    priority = models.CharField(_("prioritas"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
    description = models.TextField(_("apa yang terjadi"))
    since = models.DateField(_("sejak kapan"), null=True, blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="handled_cases", verbose_name=_("penangan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicatat oleh"))

    # Who complains.
    complainant_role = models.CharField(_("pengadu"), max_length=20, choices=ComplainantRole.choices,
                                        default=ComplainantRole.FAMILY)
    complainant_name = models.CharField(_("nama pengadu"), max_length=150)
    complainant_relation = models.CharField(_("hubungan dengan pekerja"), max_length=80, blank=True)
    complainant_organisation = models.CharField(_("nama lembaga pengadu"), max_length=200, blank=True)
    power_of_attorney = models.BooleanField(_("ada surat kuasa"), default=False)
    complainant_phone = models.CharField(_("telepon/WhatsApp pengadu"), max_length=30, blank=True)
    complainant_email = models.EmailField(_("surel pengadu"), blank=True)
    complainant_address = models.TextField(_("alamat pengadu"), blank=True)
    # Last four digits of the complainant's phone: the second factor of the public tracking page.
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False)

    # The worker concerned (kept here even when never registered).
    worker_name = models.CharField(_("nama pekerja"), max_length=150)
    worker_nik = EncryptedTextField(_("NIK pekerja"), blank=True)
    # Keyed hash of the NIK for exact duplicate search (the encrypted column is not searchable).
    worker_nik_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    worker_phone = models.CharField(_("telepon pekerja"), max_length=30, blank=True)
    destination_country = CountryField(_("negara tujuan"), blank=True)
    agency_name = models.CharField(_("P3MI / agensi"), max_length=200, blank=True)
    recruiter_name = models.CharField(_("perekrut / sponsor"), max_length=150, blank=True)
    employer_name = models.CharField(_("pemberi kerja / majikan"), max_length=200, blank=True)
    # Registry links when known (the identity fields above stay filled either way).
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="cases", verbose_name=_("warga"))
    placement = models.ForeignKey("migrants.Placement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="cases", verbose_name=_("penempatan"))
    agency = models.ForeignKey("migrants.Agency", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="cases", verbose_name=_("P3MI"))
    recruiter = models.ForeignKey("migrants.Recruiter", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="cases", verbose_name=_("perekrut"))

    # Outcome on resolving.
    wages_recovered = models.PositiveBigIntegerField(_("gaji yang berhasil dibayarkan (Rp)"), default=0)
    compensation = models.PositiveBigIntegerField(_("kompensasi (Rp)"), default=0)
    repatriated = models.BooleanField(_("dipulangkan"), default=False)
    documents_returned = models.BooleanField(_("dokumen dikembalikan"), default=False)
    claim_paid = models.BooleanField(_("klaim dibayar"), default=False)
    outcome_note = models.TextField(_("catatan hasil"), blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    # Closing (Perban BP2MI 6/2024 art. 30).
    close_reason = models.CharField(_("alasan penutupan"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("keterangan penutupan"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    clarification_requested_at = models.DateTimeField(_("klarifikasi diminta"), null=True, blank=True)
    # The ministry's national complaint system.
    ministry_ticket = models.CharField(_("nomor tiket pengaduan kementerian"), max_length=60, blank=True)
    ministry_filed_at = models.DateField(_("tanggal dicatat di sistem kementerian"), null=True, blank=True)

    objects = CaseManager()
    history = HistoricalRecords(excluded_fields=["worker_nik"])

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        indexes = [models.Index(fields=["village", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.reference} {self.get_category_display()}"

    @property
    def reference(self):
        return f"K-{self.pk or 0:05d}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    def allowed_transitions(self):
        return sorted(TRANSITIONS[Status(self.status)], key=Status.values.index)

    @property
    def has_share_consent(self):
        return self.consents.filter(kind=ConsentKind.SHARE, withdrawn_at__isnull=True).exists()

    @property
    def checklist_applies(self):
        return self.category in reference.CHECKLISTS


class ConsentKind(models.TextChoices):
    PROCESS = "process", _("Pengolahan data pengaduan")
    SHARE = "share", _("Berbagi data dengan lembaga rujukan")


class CaseChildQuerySet(models.QuerySet):
    """A record that belongs to a case is visible exactly when its case is."""

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


CaseChildManager = models.Manager.from_queryset(CaseChildQuerySet)


class Consent(models.Model):
    """A recorded consent (UU 27/2022): who gave it, when, for what purpose, to which text version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("jenis"), max_length=10, choices=ConsentKind.choices)
    given_by = models.CharField(_("diberikan oleh"), max_length=150)
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
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("jenis"), max_length=20, choices=EntryKind.choices, default=EntryKind.NOTE)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    text = models.TextField(_("uraian"))
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
    def region_code(self):
        return self.case.village_id


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
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals",
                                     verbose_name=_("lembaga tujuan"))
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    request = models.TextField(_("permintaan kepada lembaga"))
    sent_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("dikirim oleh"))
    consent_override = models.BooleanField(_("tanpa persetujuan pengadu"), default=False)
    override_reason = models.TextField(_("alasan tanpa persetujuan"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dijawab oleh"))
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completion_note = models.TextField(_("hasil penanganan"), blank=True)
    revoked_reason = models.TextField(_("alasan pembatalan"), blank=True)
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

    AUDIT_SENSITIVE_FIELDS = frozenset({"membership_number"})

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    placement = models.ForeignKey("migrants.Placement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="claims", verbose_name=_("penempatan"))
    claim_type = models.CharField(_("jenis klaim"), max_length=40, choices=ClaimType.choices)
    membership_number = models.CharField(_("nomor kepesertaan BPJS"), max_length=30, blank=True)
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    heir_name = models.CharField(_("nama ahli waris"), max_length=150, blank=True)
    heir_rank = models.CharField(_("urutan ahli waris"), max_length=20, choices=HeirRank.choices, blank=True)
    heir_relation = models.CharField(_("hubungan ahli waris"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=ClaimStatus.choices, default=ClaimStatus.PREPARING)
    due_date = models.DateField(_("target pengajuan"), null=True, blank=True)
    submitted_date = models.DateField(_("tanggal diajukan"), null=True, blank=True)
    paid_date = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("jumlah dibayar (Rp)"), default=0)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
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


class ChecklistItem(models.Model):
    """Death / repatriation checklist line of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(max_length=40)
    label = models.CharField(_("langkah"), max_length=250)
    done = models.BooleanField(_("selesai"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    note = models.CharField(_("keterangan"), max_length=250, blank=True)

    objects = CaseChildManager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="checklistitem_unique_code")]

    def __str__(self):
        return self.label

    @property
    def region_code(self):
        return self.case.village_id


def attachment_path(instance, filename):
    # The stored name is random; the sanitised original name is kept only as data.
    now = timezone.now()
    return f"cases/{now:%Y/%m}/{secrets.token_hex(16)}.{instance.extension}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    referral = models.ForeignKey(Referral, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=120)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildManager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.original_name

    @property
    def region_code(self):
        return self.case.village_id


class Notification(models.Model):
    """In-app notice for one user; the same text goes by e-mail when the user has an address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    # Makes a reminder idempotent: one "due soon" notice per case, user and due date.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="notification_unique_key")]

    def __str__(self):
        return self.message


class PublicSubmission(models.Model):
    """One public form submission by address (hashed): the throttle counts these, no cache needed."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


class PublicFormUse(models.Model):
    """The single use of one rendered public complaint form: its token's random key, unique, written in the
    transaction that creates the case, so a replayed or double-clicked form finds the first case instead of
    making a second one."""

    key = models.CharField(max_length=64, unique=True)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.key

