"""Empowerment of prospective migrants, migrants' families and returnees (UU 18/2017 art. 42 e)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.crypto import EncryptedCharField, EncryptedTextField
from core.models import TimeStampedModel, VillageScopedModel
from people.models import name_hash, name_index


class TargetGroup(models.TextChoices):
    PROSPECTIVE = "prospective", _("Calon PMI")
    FAMILY = "family", _("Keluarga PMI")
    RETURNEE = "returnee", _("Purna PMI")
    MIXED = "mixed", _("Campuran")


class ProgramStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    RUNNING = "running", _("Berjalan")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class Program(VillageScopedModel):
    title = models.CharField(_("nama program"), max_length=200)
    target_group = models.CharField(_("sasaran"), max_length=20, choices=TargetGroup.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=150, blank=True,
                                 help_text=_("Mis. KOPI Jatinom, Infest, Disnaker."))
    description = models.TextField(_("uraian"), blank=True)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("kuota peserta"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProgramStatus.choices,
                              default=ProgramStatus.PLANNED)
    outcome_summary = models.TextField(_("hasil program"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("program pemberdayaan")
        verbose_name_plural = _("program pemberdayaan")

    def __str__(self):
        return self.title


class ProgramSession(TimeStampedModel):
    SCOPE_FIELD = "program__village__code"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    topic = models.CharField(_("materi"), max_length=200)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    facilitator = models.CharField(_("narasumber/fasilitator"), max_length=150, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self):
        return f"{self.topic} ({self.date:%d/%m/%Y})"

    @property
    def region_code(self):
        return self.program.village_id


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Terdaftar")
    COMPLETED = "completed", _("Lulus/selesai")
    DROPPED = "dropped", _("Mengundurkan diri")


class Outcome(models.TextChoices):
    NONE = "", _("Belum dicatat")
    STARTED_BUSINESS = "started_business", _("Memulai usaha")
    GREW_BUSINESS = "grew_business", _("Mengembangkan usaha")
    EMPLOYED = "employed", _("Bekerja di dalam negeri")
    SAFE_DEPARTURE = "safe_departure", _("Berangkat lewat jalur resmi")
    CERTIFIED = "certified", _("Memperoleh sertifikat")
    OTHER = "other", _("Lainnya")


class Enrolment(TimeStampedModel):
    SCOPE_FIELD = "program__village__code"
    # Name, phone and outcome note are sealed (core.crypto) under the registered person's data key when the
    # participant is linked to one, else under the enrolment's own key ("empowerment.enrolment"); erasing the
    # person destroys both (empowerment.privacy). The duplicate check finds a name by its keyed hash (name_key).
    DATA_SUBJECT = ("person", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"name", "phone", "outcome_note", "name_key"})

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="program_enrolments", verbose_name=_("warga terdaftar"))
    name = EncryptedCharField(_("nama peserta"), max_length=150)
    name_key = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)  # name_hash
    participant_group = models.CharField(_("kelompok peserta"), max_length=20, choices=TargetGroup.choices)
    phone = EncryptedCharField(_("telepon"), max_length=30, blank=True)
    enrolled_on = models.DateField(_("tanggal daftar"))
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True, default="")
    outcome_note = EncryptedTextField(_("catatan hasil"), blank=True)

    objects = ScopedManager()
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        ordering = ["enrolled_on", "id"]  # the name is sealed: pages sort by it with `by_name`
        verbose_name = _("peserta program")
        verbose_name_plural = _("peserta program")

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        self.name_key = name_hash(self.name or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def region_code(self):
        return self.program.village_id


class Attendance(models.Model):
    SCOPE_FIELD = "session__program__village__code"

    session = models.ForeignKey(ProgramSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("hadir"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")]

    def __str__(self):
        return f"{self.enrolment} — {self.session}"


class Sector(models.TextChoices):
    FOOD = "food", _("Kuliner / olahan pangan")
    TRADE = "trade", _("Perdagangan / warung")
    AGRICULTURE = "agriculture", _("Pertanian / peternakan / perikanan")
    CRAFT = "craft", _("Kerajinan / konveksi")
    SERVICES = "services", _("Jasa")
    TOURISM = "tourism", _("Wisata desa")
    OTHER = "other", _("Lainnya")


class RevenueBand(models.TextChoices):
    # Monthly gross revenue bands (micro business scale, UU 20/2008 as amended by PP 7/2021).
    UNDER_5M = "lt5", _("< Rp 5 juta/bulan")
    FROM_5_TO_25M = "5-25", _("Rp 5–25 juta/bulan")
    FROM_25_TO_100M = "25-100", _("Rp 25–100 juta/bulan")
    OVER_100M = "gt100", _("> Rp 100 juta/bulan")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Berjalan")
    PAUSED = "paused", _("Berhenti sementara")
    CLOSED = "closed", _("Tutup")


class Enterprise(VillageScopedModel):
    """A returnee's business, and which programs helped it."""

    # The owner's name and the free texts are sealed (core.crypto) under the registered owner's data key, else under
    # the enterprise's own key ("empowerment.enterprise"); erasing the owner destroys both (empowerment.privacy).
    # The owner's name is found by keyed word-prefix hashes (owner_index, people.models.name_index).
    DATA_SUBJECT = ("owner", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"owner_name", "owner_index", "description", "support_received"})

    owner = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="enterprises", verbose_name=_("pemilik (warga terdaftar)"))
    owner_name = EncryptedCharField(_("nama pemilik"), max_length=150)
    owner_index = models.TextField(blank=True, default="", editable=False)  # name_index(owner_name): the search
    business_name = models.CharField(_("nama usaha"), max_length=150)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    description = EncryptedTextField(_("uraian usaha"), blank=True)
    started_on = models.DateField(_("mulai usaha"))
    workers = models.PositiveIntegerField(_("jumlah pekerja"), default=1)
    revenue_band = models.CharField(_("omzet"), max_length=10, choices=RevenueBand.choices)
    support_received = EncryptedTextField(_("dukungan yang diterima"), blank=True,
                                          help_text=_("Modal, pelatihan, pendampingan, pemasaran, dsb."))
    programs = models.ManyToManyField(Program, blank=True, related_name="enterprises",
                                      verbose_name=_("program yang membantu"))
    status = models.CharField(_("status"), max_length=10, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.ACTIVE)

    history = HistoricalRecords(excluded_fields=["owner_index"])

    class Meta:
        ordering = ["business_name"]
        verbose_name = _("usaha purna PMI")
        verbose_name_plural = _("usaha purna PMI")

    def __str__(self):
        return f"{self.business_name} ({self.owner_name})"

    def save(self, *args, **kwargs):
        self.owner_index = name_index(self.owner_name or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "owner_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "owner_index"}
        super().save(*args, **kwargs)


def by_name(rows):
    """Enrolments sorted by their (sealed, so decrypted here) name, case aside."""
    return sorted(rows, key=lambda row: (str(row.name).casefold(), row.pk or 0))
