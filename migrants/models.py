"""Placements (penempatan): one migration episode of a person, with papers, costs, contacts and flags.

UU 18/2017 art. 42 b, c, d: the village verifies and registers prospective migrants, checks their papers,
and monitors departure and return.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.models import TimeStampedModel, VillageScopedModel


class PrivateStorage(FileSystemStorage):
    """Scans live under PRIVATE_MEDIA_ROOT, never under a served URL: views stream them after a scope check.

    The location is read on every use so a changed setting (tests, deployments) is honoured.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; stream them through a scoped view")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


# --- Reference data: agencies (P3MI) and field recruiters ------------------------------------------

class Agency(TimeStampedModel):
    """A placement company (P3MI). Reference data: visible to every signed-in user so repeat offenders show."""

    name = models.CharField(_("nama P3MI"), max_length=200)
    licence_number = models.CharField(_("nomor SIP3MI"), max_length=100, blank=True, db_index=True)
    licence_valid_from = models.DateField(_("SIP3MI berlaku sejak"), null=True, blank=True)
    licence_valid_until = models.DateField(_("SIP3MI berlaku sampai"), null=True, blank=True)
    licence_revoked = models.BooleanField(_("izin dicabut/dibekukan"), default=False)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("P3MI")
        verbose_name_plural = _("P3MI")

    def __str__(self):
        return self.name

    def licence_valid_on(self, day):
        """True when the SIP3MI covers `day` (the departure date)."""
        if self.licence_revoked or not self.licence_number or not self.licence_valid_until:
            return False
        if self.licence_valid_from and day < self.licence_valid_from:
            return False
        return day <= self.licence_valid_until

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:agency_detail", args=[self.pk])


class Recruiter(TimeStampedModel):
    """A field recruiter (sponsor/calo) and the agency they claim to work for."""

    name = models.CharField(_("nama"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    claimed_agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="recruiters",
        verbose_name=_("mengaku dari P3MI"),
    )
    home_region = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("wilayah asal/kerja"),
    )
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("perekrut lapangan")
        verbose_name_plural = _("perekrut lapangan")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:recruiter_detail", args=[self.pk])


# --- Placement ------------------------------------------------------------------------------------

class Status(models.TextChoices):
    INTEREST = "interest", _("Minat tercatat")
    VERIFIED = "verified", _("Terverifikasi desa")
    PROCESS = "process", _("Proses pra-penempatan")
    READY = "ready", _("Siap berangkat")
    DEPARTED = "departed", _("Berangkat")
    WORKING = "working", _("Bekerja")
    RETURNED = "returned", _("Pulang")
    RETURNEE = "returnee", _("Purna PMI")
    FAILED = "failed", _("Gagal berangkat")
    CANCELLED = "cancelled", _("Dibatalkan")
    DECEASED = "deceased", _("Meninggal dunia")
    DEPORTED = "deported", _("Dideportasi/dipulangkan")


class ProcessStep(models.TextChoices):
    SELECTION = "selection", _("Seleksi")
    MEDICAL = "medical", _("Pemeriksaan kesehatan dan psikologi")
    TRAINING = "training", _("Pelatihan")
    CONTRACTS = "contracts", _("Perjanjian penempatan dan kerja")
    VISA = "visa", _("Visa kerja")
    SOCIAL_SECURITY = "social_security", _("Jaminan sosial")
    ORIENTATION = "orientation", _("Orientasi pra-pemberangkatan")


class Sector(models.TextChoices):
    DOMESTIC = "domestic", _("Pekerja rumah tangga")
    CAREGIVER = "caregiver", _("Perawat lansia/orang sakit (caregiver)")
    FACTORY = "factory", _("Pabrik/manufaktur")
    PLANTATION = "plantation", _("Perkebunan/pertanian")
    CONSTRUCTION = "construction", _("Konstruksi")
    FISHING = "fishing", _("Awak kapal perikanan")
    SEAFARER = "seafarer", _("Pelaut niaga")
    HOSPITALITY = "hospitality", _("Perhotelan/restoran")
    HEALTHCARE = "healthcare", _("Tenaga kesehatan")
    OTHER = "other", _("Lainnya")


class Position(models.TextChoices):
    """Job titles; the first ten are the zero-cost jobs of Perban BP2MI 9/2020."""

    HOUSEKEEPER = "housekeeper", _("Penata laksana rumah tangga")
    BABYSITTER = "babysitter", _("Pengasuh bayi")
    ELDERLY_CARER = "elderly_carer", _("Perawat lansia")
    COOK = "cook", _("Juru masak")
    FAMILY_DRIVER = "family_driver", _("Sopir keluarga")
    GARDENER = "gardener", _("Perawat taman")
    CHILD_CARER = "child_carer", _("Pengasuh anak")
    CLEANER = "cleaner", _("Petugas kebersihan")
    FARM_WORKER = "farm_worker", _("Pekerja ladang/perkebunan")
    FISHING_CREW = "fishing_crew", _("Awak kapal perikanan migran")
    FACTORY_OPERATOR = "factory_operator", _("Operator pabrik")
    CONSTRUCTION_WORKER = "construction_worker", _("Pekerja konstruksi")
    SEAFARER = "seafarer", _("Pelaut niaga")
    HOSPITALITY_STAFF = "hospitality_staff", _("Staf hotel/restoran")
    NURSE = "nurse", _("Perawat")
    OTHER = "other", _("Lainnya")


class EmployerType(models.TextChoices):
    COMPANY = "company", _("Perusahaan/badan hukum")
    HOUSEHOLD = "household", _("Perseorangan/rumah tangga")
    VESSEL = "vessel", _("Kapal")


class Scheme(models.TextChoices):
    P_TO_P = "p2p", _("P to P (melalui P3MI)")
    G_TO_G = "g2g", _("G to G")
    G_TO_P = "g2p", _("G to P")
    OWN_COMPANY = "company", _("Untuk kepentingan perusahaan sendiri")
    INDIVIDUAL = "individual", _("Perseorangan (mandiri)")
    SPSK = "spsk", _("SPSK (Sistem Penempatan Satu Kanal, Arab Saudi)")


class Placement(VillageScopedModel):
    """One migration episode of a person."""

    # `village_id__startswith` is not a lookup Django allows on a foreign key (core's default); the join to
    # the region's code is trimmed by Django, so this filters on the same column.
    SCOPE_FIELD = "village__code"

    AUDIT_READS = False

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="placements", verbose_name=_("warga")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTEREST,
                              db_index=True)
    process_step = models.CharField(_("tahap pra-penempatan"), max_length=20, choices=ProcessStep.choices,
                                    blank=True)
    destination_country = CountryField(_("negara tujuan"), blank=True, db_index=True)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, blank=True, db_index=True)
    position = models.CharField(_("jabatan"), max_length=24, choices=Position.choices, blank=True)
    position_detail = models.CharField(_("keterangan jabatan"), max_length=150, blank=True)
    employer_type = models.CharField(_("jenis pemberi kerja"), max_length=10, choices=EmployerType.choices,
                                     blank=True)
    scheme = models.CharField(_("skema penempatan"), max_length=12, choices=Scheme.choices, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="placements",
                               verbose_name=_("P3MI"))
    recruiter = models.ForeignKey(Recruiter, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="placements", verbose_name=_("perekrut lapangan"))
    employer_name = models.CharField(_("nama pemberi kerja"), max_length=200, blank=True)
    employer_address = models.TextField(_("alamat pemberi kerja"), blank=True)
    contract_start = models.DateField(_("mulai kontrak"), null=True, blank=True)
    contract_end = models.DateField(_("akhir kontrak"), null=True, blank=True)
    departure_date = models.DateField(_("tanggal berangkat"), null=True, blank=True, db_index=True)
    expected_return = models.DateField(_("perkiraan pulang"), null=True, blank=True, db_index=True)
    actual_return = models.DateField(_("tanggal pulang"), null=True, blank=True)
    national_id_ref = models.CharField(_("ID SISKOP2MI"), max_length=60, blank=True,
                                       help_text=_("Nomor di sistem penempatan nasional, bila ada."))
    other_ref = models.CharField(_("nomor referensi lain"), max_length=100, blank=True)
    # Flags, not states (the issue): set by hand; lost contact is also computed from the contact log.
    lost_contact = models.BooleanField(_("hilang kontak"), default=False)
    non_procedural = models.BooleanField(_("non-prosedural"), default=False)
    # Codes of the risk flags that stand, recomputed by migrants.risk on every change; ",a,b," for filtering.
    flag_codes = models.CharField(max_length=300, blank=True, default="", editable=False)
    verified_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    override_reason = models.TextField(_("alasan pengecualian"), blank=True)
    override_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("pengecualian oleh"))
    override_at = models.DateTimeField(_("waktu pengecualian"), null=True, blank=True)
    status_note = models.TextField(_("catatan status"), blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicatat oleh"))

    # History is read per placement (by id), never searched by these columns: their indexes would only slow
    # every write (a 100,000-row import writes 100,000 history rows).
    history = HistoricalRecords(no_db_index=[
        "person", "status", "destination_country", "sector", "departure_date", "expected_return", "village",
        "agency", "recruiter", "created_by", "verified_by", "override_by"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        # The list pages sort newest first and filter by status and destination at national scope
        # (bench/reports_bench.py: 894 ms → 92 ms p95 on 1.05M placements with these).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="placement_newest"),
            models.Index(fields=["status", "destination_country", "-created_at", "-id"], name="placement_status_dest"),
        ]
        # One placement per SISKOP2MI ID and person: an import matches by it, so a second row with the same
        # ID is the same placement (duplicates made before: migration 0005 kept the oldest).
        constraints = [
            models.UniqueConstraint(fields=["person", "national_id_ref"], condition=~models.Q(national_id_ref=""),
                                    name="placement_unique_national_ref_per_person"),
        ]

    def __str__(self):
        country = self.destination_country.name if self.destination_country else "?"
        return f"{self.person} → {country} ({self.get_status_display()})"

    @property
    def flags(self):
        return [code for code in self.flag_codes.split(",") if code]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:detail", args=[self.pk])


# --- Documents (UU 18/2017 art. 5 and 13) ------------------------------------------------------------

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


class PlacementDocument(TimeStampedModel):
    SCOPE_FIELD = "placement__village__code"
    AUDIT_READS = True

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("penempatan"))
    kind = models.CharField(_("dokumen"), max_length=24, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.MISSING)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    scan = models.FileField(_("pindaian"), upload_to=scan_path, storage=get_private_storage, blank=True,
                            max_length=200)
    scan_content_type = models.CharField(max_length=50, blank=True, editable=False)
    scan_size = models.PositiveIntegerField(default=0, editable=False)
    verified_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

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

    @property
    def region_code(self):
        return self.placement.village_id


# --- Costs (Perban BP2MI 9/2020) -------------------------------------------------------------------

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

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="costs",
                                  verbose_name=_("penempatan"))
    component = models.CharField(_("komponen"), max_length=20, choices=CostComponent.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    collected_by = models.CharField(_("dipungut oleh"), max_length=20, choices=Collector.choices)
    collector_name = models.CharField(_("nama pemungut"), max_length=150, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    receipt_number = models.CharField(_("nomor kuitansi"), max_length=100, blank=True,
                                      help_text=_("Kosongkan bila tidak ada kuitansi."))
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "paid_on", "id"]
        verbose_name = _("biaya")
        verbose_name_plural = _("biaya")

    def __str__(self):
        return f"{self.get_component_display()}: Rp {self.amount:,}".replace(",", ".")

    @property
    def region_code(self):
        return self.placement.village_id


# --- Monitoring: contact log -----------------------------------------------------------------------

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

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="contacts",
                                  verbose_name=_("penempatan"))
    contacted_on = models.DateField(_("tanggal"))
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    contact_with = models.CharField(_("dengan siapa"), max_length=150,
                                    help_text=_("Pekerja sendiri, keluarga, P3MI, …"))
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("catatan kontak")
        verbose_name_plural = _("catatan kontak")

    def __str__(self):
        return f"{self.contacted_on} {self.get_channel_display()}: {self.contact_with}"

    @property
    def region_code(self):
        return self.placement.village_id


# --- Imports ---------------------------------------------------------------------------------------------

class ImportStatus(models.TextChoices):
    READY = "ready", _("siap disimpan")
    RUNNING = "running", _("sedang disimpan")
    DONE = "done", _("selesai")


class PlacementImport(models.Model):
    """A checked import file awaiting (or past) its commit; the checked rows themselves are in the encrypted
    preview file named by `token`. The commit claims it with a conditional UPDATE (ready → running), so a
    second press of "Simpan semua" or a retry while the first runs is refused instead of writing twice; it
    becomes done in the transaction that writes the rows, and a failed commit gives it back (ready)."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("berkas"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.READY)
    claim = models.CharField(max_length=32, blank=True)  # who holds the running commit
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    people_create = models.PositiveIntegerField(default=0)
    people_update = models.PositiveIntegerField(default=0)
    placements_create = models.PositiveIntegerField(default=0)
    placements_update = models.PositiveIntegerField(default=0)
    recruiters_create = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor penempatan")
        verbose_name_plural = _("impor penempatan")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

