"""Cases: status workflow, choices, visibility, tracking codes and the service standard."""

import secrets

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scoping import ScopedQuerySet, scope_q
from core.blindindex import DigestIndexField
from core.crypto import EncryptedCharField, EncryptedTextField, blind_index, prefix_digests, prefix_query
from core.models import TimeStampedModel, VillageScopedModel
from people.models import name_hash, name_index, name_search_q, normalise_name

from .. import reference

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
            from .referrals import Referral, ReferralStatus  # referrals.py imports this module

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


def phone_tail_hash(phone: str) -> str:
    """Keyed hash of the last 8 digits of a phone number (0812…, +62812… and 62812… alike): the duplicate check and
    the list search find a complainant's phone by it (the number itself is sealed)."""
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    return blind_index(digits[-8:], "phone-tail") if len(digits) >= 8 else ""


def recruiter_index(name) -> str:
    """Keyed hashes of every word prefix of the recruiter's (sponsor's, calo's) name, sealed: how the case search
    finds it (core.blindindex, its own domain: a recruiter's name never matches a worker's or complainant's)."""
    return prefix_digests(normalise_name(str(name or "")).split(), "recruiter")


def recruiter_search_q(text):
    """Q for cases whose recruiter has a word starting with each word of `text` (None: nothing to search)."""
    digests = prefix_query(normalise_name(str(text or "")).split(), "recruiter")
    return models.Q(recruiter_index__has_digests=digests) if digests else None


def case_search_q(text):
    """Cases whose worker or complainant name has a word starting with each word of `text` (keyed prefix hashes,
    people.models), or None for a text with no word."""
    return name_search_q(text)


class Case(VillageScopedModel):
    AUDIT_SENSITIVE_FIELDS = frozenset({
        "worker_nik", "complainant_phone", "complainant_email", "complainant_address", "worker_phone",
        "phone_last4", "worker_nik_hash", "description", "outcome_note", "close_note", "worker_name",
        "complainant_name", "name_index", "worker_name_key", "phone_hash", "recruiter_name", "employer_name",
        "recruiter_index", "form_key",
    })
    AUDIT_READS = True
    # Names, phones, e-mail, NIK, the story and the notes are sealed (core.crypto) under the registered worker's
    # data key when the case names one, else under the case's own key ("cases.case"): erasing the worker destroys
    # both (cases.privacy.erase), so live rows, history rows and backups open to nothing. Names and the
    # complainant's phone are found by keyed hashes beside them (name_index, worker_name_key, phone_hash).
    # The recruiter (sponsor, calo) and employer names the worker's story gives are sealed the same way: often a
    # private person, named in someone else's complaint (the licensed P3MI stays plain in agency_name). The search
    # finds a recruiter by keyed word-prefix hashes (recruiter_index); nothing counts or groups cases by either name.
    DATA_SUBJECT = ("person", "self")

    tracking_code = models.CharField(_("kode lacak"), max_length=14, unique=True, default=new_tracking_code,
                                     editable=False)
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    priority = models.CharField(_("prioritas"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
    description = EncryptedTextField(_("apa yang terjadi"))
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
    complainant_name = EncryptedCharField(_("nama pengadu"), max_length=150)
    complainant_relation = models.CharField(_("hubungan dengan pekerja"), max_length=80, blank=True)
    complainant_organisation = models.CharField(_("nama lembaga pengadu"), max_length=200, blank=True)
    power_of_attorney = models.BooleanField(_("ada surat kuasa"), default=False)
    complainant_phone = EncryptedCharField(_("telepon/WhatsApp pengadu"), max_length=30, blank=True)
    complainant_email = EncryptedCharField(_("surel pengadu"), max_length=254, blank=True, validators=[validate_email])
    complainant_address = EncryptedTextField(_("alamat pengadu"), blank=True)
    # Last four digits of the complainant's phone: the second factor of the public tracking page.
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False)

    # The worker concerned (kept here even when never registered).
    worker_name = EncryptedCharField(_("nama pekerja"), max_length=150)
    worker_nik = EncryptedTextField(_("NIK pekerja"), blank=True)
    # Keyed hash of the NIK for exact duplicate search (the encrypted column is not searchable).
    worker_nik_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    worker_phone = EncryptedCharField(_("telepon pekerja"), max_length=30, blank=True)
    # Keyed hashes of the sealed names and phone (Case.hidden_columns): word prefixes of both names (the search),
    # the worker's whole name (duplicate check) and the last 8 digits of the complainant's phone.
    name_index = DigestIndexField(blank=True, default="", editable=False)
    worker_name_key = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    destination_country = CountryField(_("negara tujuan"), blank=True)
    agency_name = models.CharField(_("P3MI / agensi"), max_length=200, blank=True)
    recruiter_name = EncryptedCharField(_("perekrut / sponsor"), max_length=150, blank=True)
    employer_name = EncryptedCharField(_("pemberi kerja / majikan"), max_length=200, blank=True)
    recruiter_index = DigestIndexField(blank=True, default="", editable=False)  # recruiter_index(recruiter_name)
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
    outcome_note = EncryptedTextField(_("catatan hasil"), blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    # Closing (Perban BP2MI 6/2024 art. 30).
    close_reason = models.CharField(_("alasan penutupan"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = EncryptedTextField(_("keterangan penutupan"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    clarification_requested_at = models.DateTimeField(_("klarifikasi diminta"), null=True, blank=True)
    # The ministry's national complaint system.
    ministry_ticket = models.CharField(_("nomor tiket pengaduan kementerian"), max_length=60, blank=True)
    ministry_filed_at = models.DateField(_("tanggal dicatat di sistem kementerian"), null=True, blank=True)
    # The single use of the rendered public form the complaint came from (its token's random key, unique): a replay
    # or a double click finds this case instead of making a second one (cases.services.public). Kept on the case
    # itself, not in a row of its own (one INSERT less per complaint, issue 17.8/21.6; cases 0015 moved the keys of
    # the PublicFormUse rows here).
    form_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = CaseManager()
    history = HistoricalRecords(excluded_fields=["worker_nik", "name_index", "worker_name_key", "phone_hash",
                                                 "recruiter_index", "form_key"])

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        indexes = [models.Index(fields=["village", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.reference} {self.get_category_display()}"

    HIDDEN_SOURCES = frozenset({"worker_name", "complainant_name", "complainant_phone", "recruiter_name"})

    @staticmethod
    def hidden_columns(worker_name, complainant_name, complainant_phone="", recruiter_name="") -> dict:
        """The keyed hashes derived from the sealed names and phone (save() and the data migration alike)."""
        return {"name_index": name_index(f"{worker_name or ''} {complainant_name or ''}"),
                "worker_name_key": name_hash(worker_name or ""), "phone_hash": phone_tail_hash(complainant_phone),
                "recruiter_index": recruiter_index(recruiter_name)}

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or self.HIDDEN_SOURCES & set(fields):
            hidden = self.hidden_columns(self.worker_name, self.complainant_name, self.complainant_phone,
                                         self.recruiter_name)
            self.__dict__.update(hidden)
            if fields is not None:
                kwargs["update_fields"] = {*fields, *hidden}
        super().save(*args, **kwargs)

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
