"""Village services (SOP catalogue), service requests, and the letters they issue.

UU 18/2017 art. 42(1)(c): the village facilitates the population-administration requirements of
prospective migrants. The letters issued here (family permission, statement for a prospective
migrant) are what brokers forge, so every issued letter is an immutable snapshot with a number that
never repeats or skips and a short code anyone can verify.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from core.models import VillageScopedModel


class PageSize(models.TextChoices):
    A4 = "A4", _("A4 (210 × 297 mm)")
    F4 = "F4", _("F4 / folio (215 × 330 mm)")


class PlacementState(models.TextChoices):
    """A placement status a letter states, as the groups of migrants' lifecycle statuses it covers."""

    CANDIDATE = "candidate", _("Calon PMI (belum berangkat)")
    ABROAD = "abroad", _("Sedang bekerja di luar negeri")
    RETURNED = "returned", _("Purna PMI (sudah pulang)")
    DECEASED = "deceased", _("Meninggal dunia")


# migrants.models.Status values per state (strings, so this module does not import an app above it).
PLACEMENT_STATE_STATUSES = {
    PlacementState.CANDIDATE: ("interest", "verified", "process", "ready"),
    PlacementState.ABROAD: ("departed", "working"),
    PlacementState.RETURNED: ("returned", "returnee", "deported"),
    PlacementState.DECEASED: ("deceased",),
}


class Service(VillageScopedModel):
    """One SOP of the village's service catalogue, copied from the default set and edited by the village."""

    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    eligibility = models.TextField(_("yang dapat mengajukan"))
    requirements = models.TextField(_("persyaratan"), help_text=_("Satu persyaratan per baris."))
    steps = models.TextField(_("alur/langkah"), help_text=_("Satu langkah per baris."))
    responsible_officer = models.CharField(_("petugas penanggung jawab"), max_length=150)
    time_standard_days = models.PositiveSmallIntegerField(
        _("standar waktu (hari kerja)"), default=1,
        help_text=_("Lama penyelesaian sejak persyaratan lengkap, dalam hari kerja."),
    )
    fee = models.PositiveIntegerField(_("biaya (Rp)"), default=0, help_text=_("0 berarti gratis."))
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    letter_type = models.ForeignKey(
        "LetterType", on_delete=models.SET_NULL, null=True, blank=True, related_name="services",
        verbose_name=_("surat yang diterbitkan"),
    )
    is_published = models.BooleanField(_("tampil di halaman publik"), default=True)
    accepts_online = models.BooleanField(_("dapat diajukan daring"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village_id", "order", "name"]
        verbose_name = _("layanan (SOP)")
        verbose_name_plural = _("katalog layanan (SOP)")
        constraints = [models.UniqueConstraint(fields=["village", "code"], name="service_unique_code_per_village")]

    def __str__(self):
        return self.name

    def requirement_list(self):
        return [line.strip() for line in self.requirements.splitlines() if line.strip()]

    def step_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Letterhead(VillageScopedModel):
    """The village letterhead. Versions are never edited: a change adds a new row, so an issued
    letter keeps printing with the letterhead it was issued under."""

    government_lines = models.TextField(
        _("baris kop"),
        help_text=_("Misalnya: PEMERINTAH KABUPATEN BLITAR / KECAMATAN ... / DESA ... (satu per baris)"),
    )
    address = models.CharField(_("alamat kantor desa"), max_length=250)
    contact = models.CharField(_("telepon / surel / laman"), max_length=250, blank=True)
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=True)
    logo_type = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["village_id", "-id"]
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self):
        return self.lines()[-1] if self.lines() else str(self.village_id)

    def lines(self):
        return [line.strip() for line in self.government_lines.splitlines() if line.strip()]

    def logo_data_uri(self):
        if not self.logo:
            return ""
        import base64

        return f"data:{self.logo_type};base64,{base64.b64encode(bytes(self.logo)).decode()}"


class LetterType(VillageScopedModel):
    """A kind of letter the village issues: its template text, numbering pattern and signer."""

    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama jenis surat"), max_length=200)
    title = models.CharField(_("judul pada surat"), max_length=200, help_text=_("Misalnya: SURAT KETERANGAN"))
    number_pattern = models.CharField(
        _("pola nomor"), max_length=120, default="474/{seq}/{village_code}/{year}",
        help_text=_("Wajib memuat {seq} dan {year}. Boleh memuat {month}, {roman_month}, {village_code}, {type_code}."),
    )
    body = models.TextField(
        _("isi surat"), help_text=_("Teks surat dengan isian bernama, misalnya {nama}, {nik}, {tujuan}, {p3mi}."),
    )
    # Who signs is not a property of the type: the letter carries the name and position of the kepala desa who
    # signed it (issue 22.2).
    states_placement = models.CharField(
        _("menyatakan status penempatan"), max_length=12, choices=PlacementState.choices, blank=True,
        help_text=_("Bila surat ini menyatakan status penempatan warga (misalnya calon PMI), surat hanya dapat "
                    "diterbitkan untuk penempatan yang sedang berstatus itu."),
    )
    page_size = models.CharField(_("ukuran kertas"), max_length=2, choices=PageSize.choices, default=PageSize.F4)
    is_active = models.BooleanField(_("aktif"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village_id", "name"]
        verbose_name = _("jenis surat")
        verbose_name_plural = _("jenis surat")
        constraints = [models.UniqueConstraint(fields=["village", "code"], name="lettertype_unique_code_per_village")]

    def __str__(self):
        return self.name


class LetterCounter(models.Model):
    """The last number issued per (village, letter type, year). Locked with SELECT ... FOR UPDATE
    inside the issuing transaction, so numbers never repeat and a rolled-back issue never skips one."""

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    letter_type = models.ForeignKey(LetterType, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "letter_type", "year"], name="lettercounter_unique"),
        ]

    def __str__(self):
        return f"{self.letter_type_id}/{self.year}: {self.last_seq}"


class Channel(models.TextChoices):
    COUNTER = "counter", _("Loket (operator)")
    ONLINE = "online", _("Daring (warga)")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    IN_PROCESS = "in_process", _("Diproses")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_PROCESS)
# What the button that moves a request to a status says: the action, not the state it leads to.
REQUEST_ACTIONS = {
    RequestStatus.SUBMITTED: _("Kembalikan ke antrean"),
    RequestStatus.IN_PROCESS: _("Proses"),
    RequestStatus.COMPLETED: _("Selesaikan"),
    RequestStatus.REJECTED: _("Tolak"),
    RequestStatus.CANCELLED: _("Batalkan"),
}


class ServiceRequest(VillageScopedModel):
    """A request for one service, taken at the counter or submitted online by a resident."""

    AUDIT_SENSITIVE_FIELDS = frozenset({"applicant_nik", "applicant_nik_hash", "applicant_phone", "applicant_name",
                                        "purpose", "decision_note"})
    AUDIT_READS = True
    # The applicant's name, NIK, phone, purpose and the decision note are sealed (core.crypto) under the registered
    # person's data key when the request names one, else under the request's own key ("services.servicerequest"):
    # erasure destroys both (village_services.privacy), so live rows, history rows and backups open to nothing.
    DATA_SUBJECT = ("person", "self")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("layanan"))
    tracking_code = models.CharField(_("kode lacak"), max_length=16, unique=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.COUNTER)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED, db_index=True,
    )
    applicant_name = EncryptedCharField(_("nama pemohon"), max_length=150)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="service_requests",
        verbose_name=_("warga terdaftar"),
    )
    # NIK is personal data (UU 27/2022): stored encrypted, looked up by keyed hash only.
    applicant_nik = EncryptedTextField(_("NIK pemohon"), blank=True)
    applicant_nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    applicant_phone = EncryptedCharField(_("nomor HP"), max_length=20, blank=True)
    purpose = EncryptedTextField(_("keperluan / keterangan"), blank=True)
    requirements_checked = models.JSONField(_("persyaratan terpenuhi"), default=list, blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    due_date = models.DateField(_("batas waktu"), db_index=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    decision_note = EncryptedTextField(_("catatan keputusan"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("petugas"),
    )

    history = HistoricalRecords(excluded_fields=["applicant_nik", "applicant_phone"])

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("permohonan layanan")
        verbose_name_plural = _("permohonan layanan")

    def __str__(self):
        return f"{self.tracking_code} — {self.service}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class LetterStatus(models.TextChoices):
    """draft -> checked (sekretaris desa) -> signed (kepala desa: the number is taken) -> valid (issued: the
    signed PDF's hash recorded by the signature provider); a draft or checked letter can be sent back with a
    note (returned), revised, and checked again."""

    DRAFT = "draft", _("Konsep")
    RETURNED = "returned", _("Dikembalikan")
    CHECKED = "checked", _("Diperiksa sekretaris desa")
    SIGNED = "signed", _("Ditandatangani")
    VALID = "valid", _("Terbit")
    REVOKED = "revoked", _("Dicabut")


# Letters the operator may still revise; letters that carry a number (signed, issued or revoked).
EDITABLE_LETTER_STATUSES = (LetterStatus.DRAFT, LetterStatus.RETURNED)
NUMBERED_LETTER_STATUSES = (LetterStatus.SIGNED, LetterStatus.VALID, LetterStatus.REVOKED)


class Letter(VillageScopedModel):
    """An issued letter: everything printed is a snapshot taken at issue, so later edits of the type,
    template or letterhead never change it. Only revocation changes it, with a reason, audited."""

    # The body and the filled values contain the holder's NIK and address.
    AUDIT_SENSITIVE_FIELDS = frozenset({"body", "values", "holder_name", "holder_nik_hash", "return_note",
                                        "revocation_reason"})
    AUDIT_READS = True
    # The holder's name, body, values and the return and revocation notes are sealed (core.crypto) under the holder's
    # data key when the letter names a registered person, else under the letter's own key ("services.letter"):
    # erasure destroys both (village_services.privacy).
    DATA_SUBJECT = ("person", "self")

    letter_type = models.ForeignKey(LetterType, on_delete=models.PROTECT, related_name="letters",
                                    verbose_name=_("jenis surat"))
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="letters", verbose_name=_("permohonan"))
    letterhead = models.ForeignKey(Letterhead, on_delete=models.PROTECT, related_name="letters")
    # Links for finding a person's letters; what the letter says lives in the snapshot fields below.
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="letters", verbose_name=_("warga"))
    placement = models.ForeignKey("migrants.Placement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="letters", verbose_name=_("penempatan"))
    # Taken only when the kepala desa signs (empty on drafts): numbers never repeat and never skip.
    number = models.CharField(_("nomor surat"), max_length=120, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    seq = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    issued_on = models.DateField(_("tanggal surat"), null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("dibuat oleh"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("diperiksa oleh"))
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("ditandatangani oleh"))
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("dikembalikan oleh"))
    return_note = EncryptedTextField(_("catatan pengembalian"), blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("diterbitkan oleh"))
    title = models.CharField(_("judul"), max_length=200)
    type_name = models.CharField(_("jenis surat"), max_length=200)
    holder_name = EncryptedCharField(_("nama pemegang"), max_length=150)
    # The keyed hash of the NIK the values give (core.blindindex.keyed_hash of the cleaned NIK, as a request's
    # applicant_nik_hash and a person's nik_hash): how a letter drafted for someone not (yet) registered is found for
    # that person's access file and erasure (village_services.privacy).
    holder_nik_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    # Encrypted at rest: the text prints the holder's NIK, address and destination.
    body = EncryptedTextField(_("isi surat"))
    values = EncryptedJSONField(_("isian"), default=dict)
    signer_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    page_size = models.CharField(_("ukuran kertas"), max_length=2, choices=PageSize.choices)
    verification_code = models.CharField(_("kode verifikasi"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT,
                              db_index=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicabut oleh"))
    revocation_reason = EncryptedTextField(_("alasan pencabutan"), blank=True)
    # Generated when the issue form renders and sent back with it: a replay of the same form (double click,
    # a retry after a lost answer) finds this letter instead of issuing another.
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["body", "values"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="letter_unique_number_per_village"),
            models.UniqueConstraint(fields=["letter_type", "year", "seq"], name="letter_unique_seq_per_type_year"),
        ]

    def __str__(self):
        return self.number or str(_("Konsep surat %(type)s untuk %(name)s") % {"type": self.type_name,
                                                                               "name": self.holder_name})

    @property
    def is_valid(self):
        return self.status == LetterStatus.VALID

    @property
    def is_numbered(self):
        return self.status in NUMBERED_LETTER_STATUSES

    @property
    def is_editable(self):
        return self.status in EDITABLE_LETTER_STATUSES


class LetterSignature(models.Model):
    """The signed PDF of an issued letter as the signature provider returned it, with its SHA-256 and the
    provider's signature (village_services.signing). Kept apart from the letter so lists never load it; the PDF
    prints the holder's NIK, so it is sealed at rest like the letter's text."""

    AUDIT_SENSITIVE_FIELDS = frozenset({"pdf"})
    # Under the holder's data key, else (a letter naming no registered person) under the letter's own key, as the
    # letter's text is: erasure destroys both (village_services.privacy).
    DATA_SUBJECT = ("letter.person", "letter")
    SCOPE_FIELD = "letter__village__code"

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, primary_key=True, related_name="signature")
    provider = models.CharField(_("penyedia tanda tangan elektronik"), max_length=40)
    key_id = models.CharField(_("sidik kunci"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF bertanda tangan"), max_length=64)
    signature = models.TextField(_("tanda tangan (base64)"), blank=True)
    pdf = EncryptedTextField(_("PDF bertanda tangan (base64)"))
    signed_at = models.DateTimeField(_("ditandatangani secara elektronik"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("tanda tangan elektronik surat")
        verbose_name_plural = _("tanda tangan elektronik surat")

    def __str__(self):
        return f"{self.provider}:{self.pdf_sha256[:12]}"
