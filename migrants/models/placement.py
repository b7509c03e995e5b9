"""The placement (penempatan) and its choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.blindindex import DigestIndexField
from core.crypto import EncryptedCharField, EncryptedTextField, blind_index, prefix_digests, prefix_query
from core.models import VillageScopedModel

from .agencies import Agency, Recruiter


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
    # E-PMI (KemenP2MI, November 2025) publishes separate requirement sets for these (lawbook/data/documents.json).
    REENTRY = "reentry", _("Re-entry (kembali ke pemberi kerja yang sama)")
    SSW = "ssw", _("SSW (Specified Skilled Worker, Jepang)")


def national_ref_hash(ref) -> str:
    """Keyed hash of a SISKOP2MI ID (trimmed): how a sealed ID is looked up."""
    return blind_index(str(ref or "").strip(), "national-ref")


def employer_words(name) -> list[str]:
    from people.models import normalise_name

    return normalise_name(str(name or "")).split()


def employer_index(name) -> str:
    """Keyed hashes of every word prefix of the employer's name (sealed): how the placement search finds it."""
    return prefix_digests(employer_words(name), "employer")


def employer_search_q(text):
    """Q for placements whose employer has a word starting with each word of `text` (None: nothing to search)."""
    digests = prefix_query(employer_words(text), "employer")
    return models.Q(employer_index__has_digests=digests) if digests else None


class Placement(VillageScopedModel):
    """One migration episode of a person."""

    AUDIT_READS = False
    # The worker's IDs in other systems and the free texts (which may name people) are sealed under the worker's
    # data key (core.crypto): erasure destroys it, and history rows or backups taken before open to nothing. The
    # SISKOP2MI ID is found by its keyed hash (imports match by it; one per person).
    DATA_SUBJECT = "person"
    # The employer's name and address (a household employer is a private person; both locate the worker) too:
    # the name is found by keyed word-prefix hashes (employer_index).
    AUDIT_SENSITIVE_FIELDS = frozenset({"national_id_ref", "national_id_ref_hash", "other_ref", "status_note",
                                        "override_reason", "employer_name", "employer_address", "employer_index"})

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
    employer_name = EncryptedCharField(_("nama pemberi kerja"), max_length=200, blank=True)
    employer_index = DigestIndexField(blank=True, default="", editable=False)  # employer_index(employer_name)
    employer_address = EncryptedTextField(_("alamat pemberi kerja"), blank=True)
    contract_start = models.DateField(_("mulai kontrak"), null=True, blank=True)
    contract_end = models.DateField(_("akhir kontrak"), null=True, blank=True)
    departure_date = models.DateField(_("tanggal berangkat"), null=True, blank=True, db_index=True)
    expected_return = models.DateField(_("perkiraan pulang"), null=True, blank=True, db_index=True)
    actual_return = models.DateField(_("tanggal pulang"), null=True, blank=True)
    national_id_ref = EncryptedCharField(_("ID SISKOP2MI"), max_length=60, blank=True,
                                         help_text=_("Nomor di sistem penempatan nasional, bila ada."))
    national_id_ref_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    other_ref = EncryptedCharField(_("nomor referensi lain"), max_length=100, blank=True)
    # Flags, not states (the issue): set by hand; lost contact is also computed from the contact log.
    lost_contact = models.BooleanField(_("hilang kontak"), default=False)
    non_procedural = models.BooleanField(_("non-prosedural"), default=False)
    # Codes of the risk flags that stand, recomputed by migrants.risk on every change; ",a,b," for filtering.
    flag_codes = models.CharField(max_length=300, blank=True, default="", editable=False)
    verified_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    override_reason = EncryptedTextField(_("alasan pengecualian"), blank=True)
    override_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("pengecualian oleh"))
    override_at = models.DateTimeField(_("waktu pengecualian"), null=True, blank=True)
    status_note = EncryptedTextField(_("catatan status"), blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicatat oleh"))

    # History is read per placement (by id), never searched by these columns: their indexes would only slow
    # every write (a 100,000-row import writes 100,000 history rows).
    history = HistoricalRecords(excluded_fields=["employer_index"], no_db_index=[
        "person", "status", "destination_country", "sector", "departure_date", "expected_return", "village",
        "agency", "recruiter", "created_by", "verified_by", "override_by", "national_id_ref_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        # The list pages sort newest first and filter by status and destination at national scope
        # (bench/reports_bench.py: 894 ms → 92 ms p95 on 1.05M placements with these).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="placement_newest"),
            # Bulk reads by other systems walk a cursor over (updated_at, id) (api: placements-bulk).
            models.Index(fields=["updated_at", "id"], name="placement_changed"),
            models.Index(fields=["status", "destination_country", "-created_at", "-id"], name="placement_status_dest"),
        ]
        # One placement per SISKOP2MI ID and person: an import matches by it, so a second row with the same
        # ID is the same placement (duplicates made before: migration 0005 kept the oldest).
        constraints = [
            models.UniqueConstraint(fields=["person", "national_id_ref_hash"],
                                    condition=~models.Q(national_id_ref_hash=""),
                                    name="placement_unique_national_ref_per_person"),
        ]

    def save(self, *args, **kwargs):
        for attname, value in self.hidden_columns(self.national_id_ref, self.employer_name).items():
            setattr(self, attname, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {c for f in update_fields
                                                            for c in self.HIDDEN_COLUMNS.get(f, [])}
        super().save(*args, **kwargs)

    HIDDEN_COLUMNS = {"national_id_ref": ["national_id_ref_hash"], "employer_name": ["employer_index"]}

    @staticmethod
    def hidden_columns(national_id_ref, employer_name) -> dict:
        """The keyed hashes that find a placement by its sealed values: the one derivation save() and the
        importer's bulk writes both use."""
        return {"national_id_ref_hash": national_ref_hash(national_id_ref),
                "employer_index": employer_index(employer_name)}

    def __str__(self):
        country = self.destination_country.name if self.destination_country else "?"
        return f"{self.person} → {country} ({self.get_status_display()})"

    @property
    def flags(self):
        return [code for code in self.flag_codes.split(",") if code]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:detail", args=[self.pk])
