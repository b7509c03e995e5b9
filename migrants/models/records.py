"""Records kept on a placement: documents (UU 18/2017 art. 5 and 13), costs (Perban BP2MI 9/2020), contact log."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.crypto import EncryptedCharField, EncryptedTextField, blind_index
from core.formatting import rupiah
from core.models import TimeStampedModel

from .placement import Placement
from .storage import get_private_storage


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("KTP (kartu tanda penduduk)")
    KK = "kk", _("Kartu keluarga")
    MARITAL = "marital", _("Surat keterangan status perkawinan / buku nikah")
    PERMISSION = "permission", _("Surat izin suami/istri/orang tua/wali diketahui kepala desa")
    COMPETENCY = "competency", _("Sertifikat kompetensi kerja")
    HEALTH = "health", _("Surat keterangan sehat dan psikologi")
    PASSPORT = "passport", _("Paspor")
    VISA = "visa", _("Visa kerja")
    PLACEMENT_AGREEMENT = "placement_agreement", _("Perjanjian penempatan")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Perjanjian kerja")
    BPJS = "bpjs", _("Kepesertaan BPJS Ketenagakerjaan (JKK dan JKM)")
    ORIENTATION = "orientation", _("Orientasi pra-pemberangkatan (OPP)")
    # Asked only by the schemes whose list names them (lawbook topic "documents"): Perseorangan, E-PMI 2025.
    JKN = "jkn", _("Kepesertaan JKN (BPJS Kesehatan)")
    EMPLOYER_PROFILE = "employer_profile", _("Profil dan surat panggilan pemberi kerja")
    RISK_STATEMENT = "risk_statement", _("Surat pernyataan menanggung risiko (ditandatangani)")


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Belum ada")
    SUBMITTED = "submitted", _("Diserahkan")
    VERIFIED = "verified", _("Terverifikasi")
    EXPIRED = "expired", _("Kedaluwarsa")


def scan_path(instance, filename):
    # Opaque name: the original file name may itself hold personal data.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"placements/{instance.placement_id}/{uuid.uuid4().hex}.{ext}"


def record_number_hash(number) -> str:
    """Keyed hash of a document or receipt number (trimmed, upper case, spaces removed): how a sealed number is
    looked up (the placement search)."""
    return blind_index("".join(str(number or "").upper().split()), "record-number")


class PlacementDocument(TimeStampedModel):
    SCOPE_FIELD = "placement__village__code"
    AUDIT_READS = True
    # The number (passport, visa, contract) and the note are the worker's, sealed under their data key (core.crypto):
    # erasure destroys it, and history rows or backups taken before open to nothing. Found by its keyed hash.
    DATA_SUBJECT = "placement.person"
    AUDIT_SENSITIVE_FIELDS = frozenset({"number", "number_hash", "note"})

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("penempatan"))
    kind = models.CharField(_("dokumen"), max_length=24, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.MISSING)
    number = EncryptedCharField(_("nomor"), max_length=100, blank=True)
    number_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian"), upload_to=scan_path, storage=get_private_storage, blank=True,
                            max_length=200)
    scan_content_type = models.CharField(max_length=50, blank=True, editable=False)
    scan_size = models.PositiveIntegerField(default=0, editable=False)
    verified_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    note = EncryptedCharField(_("catatan"), max_length=255, blank=True)

    objects = ScopedManager()
    history = HistoricalRecords(no_db_index=["number_hash"])

    class Meta:
        ordering = ["placement", "id"]
        verbose_name = _("dokumen penempatan")
        verbose_name_plural = _("dokumen penempatan")
        constraints = [models.UniqueConstraint(fields=["placement", "kind"], name="placement_document_unique_kind")]
        # The daily expiry job (migrants.maintenance) looks for lapsed documents among millions.
        indexes = [models.Index(fields=["expires_on"], name="document_lapsing",
                                condition=models.Q(expires_on__isnull=False) & ~models.Q(status__in=["missing",
                                                                                                      "expired"]))]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.number_hash = record_number_hash(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "number_hash"}
        super().save(*args, **kwargs)

    @property
    def region_code(self):
        return self.placement.village_id


class CostComponent(models.TextChoices):
    TICKET = "ticket", _("Tiket keberangkatan/kepulangan")
    VISA = "visa", _("Visa kerja")
    TRAINING = "training", _("Pelatihan kerja")
    COMPETENCY = "competency", _("Sertifikat kompetensi")
    AGENCY_FEE = "agency_fee", _("Jasa perusahaan (P3MI)")
    PASSPORT = "passport", _("Paspor")
    POLICE = "police", _("Surat keterangan catatan kepolisian (SKCK)")
    SOCIAL_SECURITY = "social_security", _("Jaminan sosial")
    MEDICAL = "medical", _("Pemeriksaan kesehatan dan psikologi")
    LOCAL_TRANSPORT = "local_transport", _("Transportasi lokal")
    LODGING = "lodging", _("Penginapan")
    OTHER = "other", _("Lainnya")


class Collector(models.TextChoices):
    AGENCY = "agency", _("P3MI")
    RECRUITER = "recruiter", _("Perekrut lapangan (sponsor/calo)")
    TRAINING_CENTRE = "training_centre", _("Lembaga pelatihan (LPK/BLK)")
    GOVERNMENT = "government", _("Instansi pemerintah")
    OTHER = "other", _("Lainnya")


class CostItem(TimeStampedModel):
    SCOPE_FIELD = "placement__village__code"
    # The receipt number, the note and the collector's name are the worker's, sealed under their data key; the
    # receipt is found by its keyed hash. Amount, component and kind of collector stay plain (the overcharging
    # statistics).
    DATA_SUBJECT = "placement.person"
    AUDIT_SENSITIVE_FIELDS = frozenset({"receipt_number", "receipt_hash", "note", "collector_name"})

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="costs",
                                  verbose_name=_("penempatan"))
    component = models.CharField(_("komponen"), max_length=20, choices=CostComponent.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    collected_by = models.CharField(_("dipungut oleh"), max_length=20, choices=Collector.choices)
    collector_name = EncryptedCharField(_("nama pemungut"), max_length=150, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    receipt_number = EncryptedCharField(_("nomor kuitansi"), max_length=100, blank=True,
                                        help_text=_("Kosongkan bila tidak ada kuitansi."))
    receipt_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    note = EncryptedCharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))

    objects = ScopedManager()
    history = HistoricalRecords(no_db_index=["receipt_hash"])

    class Meta:
        ordering = ["placement", "paid_on", "id"]
        verbose_name = _("biaya")
        verbose_name_plural = _("biaya")

    def __str__(self):
        return f"{self.get_component_display()}: {rupiah(self.amount)}"

    def save(self, *args, **kwargs):
        self.receipt_hash = record_number_hash(self.receipt_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "receipt_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "receipt_hash"}
        super().save(*args, **kwargs)

    @property
    def region_code(self):
        return self.placement.village_id


class Channel(models.TextChoices):
    PHONE = "phone", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp/pesan")
    VISIT = "visit", _("Kunjungan ke keluarga")
    FAMILY = "family", _("Kabar dari keluarga")
    SOCIAL = "social", _("Media sosial")
    AGENCY = "agency", _("Melalui P3MI")
    MISSION = "mission", _("Melalui KBRI/KJRI")
    OTHER = "other", _("Lainnya")


class ContactLog(TimeStampedModel):
    SCOPE_FIELD = "placement__village__code"
    # Who was reached and what they said are the worker's (and their family's): sealed under the worker's data key.
    DATA_SUBJECT = "placement.person"
    AUDIT_SENSITIVE_FIELDS = frozenset({"contact_with", "note"})

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="contacts",
                                  verbose_name=_("penempatan"))
    contacted_on = models.DateField(_("tanggal"))
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    contact_with = EncryptedCharField(_("dengan siapa"), max_length=150,
                                      help_text=_("Pekerja sendiri, keluarga, P3MI, …"))
    note = EncryptedTextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("catatan kontak")
        verbose_name_plural = _("catatan kontak")

    def __str__(self):
        # No name: the audit log keeps this label after the worker's data key is destroyed.
        return f"{self.contacted_on} {self.get_channel_display()}"

    @property
    def region_code(self):
        return self.placement.village_id
