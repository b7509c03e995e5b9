"""The person's rights over their data (UU 27/2022): requests, consents, erasures and breaches."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.crypto import EncryptedJSONField, EncryptedTextField
from core.models import TimeStampedModel, VillageScopedModel


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Akses dan salinan data")
    CORRECTION = "correction", _("Perbaikan data")
    ERASURE = "erasure", _("Penghapusan data")
    RESTRICTION = "restriction", _("Pembatasan pemrosesan")
    WITHDRAWAL = "withdrawal", _("Penarikan persetujuan")
    OBJECTION = "objection", _("Keberatan atas pemrosesan")


class RequestStatus(models.TextChoices):
    FILED = "filed", _("Diajukan")
    IDENTITY_CHECKED = "identity_checked", _("Identitas diperiksa")
    DONE = "done", _("Dipenuhi")
    REFUSED = "refused", _("Ditolak")


OPEN_REQUEST_STATUSES = (RequestStatus.FILED, RequestStatus.IDENTITY_CHECKED)


class RequestChannel(models.TextChoices):
    OFFICE = "office", _("Datang ke kantor desa")
    PORTAL = "portal", _("Portal publik")


class DataRequest(VillageScopedModel):
    """One request of a data subject, from filing to answer. The deadline is fixed at filing."""

    AUDIT_SENSITIVE_FIELDS = frozenset({"details", "contact"})

    kind = models.CharField(_("jenis permintaan"), max_length=12, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.FILED, db_index=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=RequestChannel.choices,
                               default=RequestChannel.OFFICE)
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("warga"))
    # What the requester wrote (and, for a correction, the field and new value); sealed under the person's key.
    details = EncryptedJSONField(_("rincian"), default=dict, blank=True)
    contact = EncryptedTextField(_("kontak pemohon"), blank=True)
    filed_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"), db_index=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=120)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("dicatat oleh"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("petugas penanggung jawab"))
    identity_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+", verbose_name=_("identitas diperiksa oleh"))
    identity_checked_at = models.DateTimeField(_("identitas diperiksa"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dinaikkan ke kabupaten"), null=True, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dijawab oleh"))
    answer = models.TextField(_("jawaban"), blank=True)
    tracking_code = models.CharField(_("kode lacak"), max_length=14, unique=True)

    history = HistoricalRecords(excluded_fields=["details", "contact"])

    DATA_SUBJECT = "person"

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def reference(self):
        return f"PDP-{self.pk or 0:05d}"

    @property
    def is_open(self):
        return self.status in OPEN_REQUEST_STATUSES

    def is_late(self, now=None):
        return self.is_open and (now or timezone.now()) > self.due_at

    def remaining(self, now=None):
        return self.due_at - (now or timezone.now())


class ConsentPurpose(models.TextChoices):
    COMPLAINT = "complaint", _("Pengolahan data pengaduan")
    REFERRAL = "referral", _("Berbagi data dengan lembaga rujukan")
    MESSAGES = "messages", _("Menerima pesan")
    STORY = "story", _("Publikasi kisah")
    OTHER = "other", _("Lainnya")


class Consent(TimeStampedModel):
    """A consent recorded in the register itself (others come from the apps' privacy hooks)."""

    SCOPE_FIELD = "person__village__code"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("warga"))
    purpose = models.CharField(_("tujuan"), max_length=12, choices=ConsentPurpose.choices)
    wording_version = models.CharField(_("versi teks"), max_length=20)
    given_at = models.DateTimeField(_("waktu"), default=timezone.now)
    channel = models.CharField(_("saluran"), max_length=20)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.wording_version})"

    @property
    def region_code(self):
        return self.person.village_id


class Erasure(models.Model):
    """That a person was erased: when, why, by whom, under which pseudonym (the person row keeps only it)."""

    SCOPE_FIELD = "village_code"

    person_id_erased = models.PositiveBigIntegerField(_("ID warga"), unique=True)
    village_code = models.CharField(_("kode desa"), max_length=13, db_index=True)
    pseudonym = models.CharField(_("nama samaran"), max_length=40)
    reason = models.CharField(_("alasan"), max_length=40)  # "request" or "retention:<rule>"
    request = models.ForeignKey(DataRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    erased_at = models.DateTimeField(_("dihapus"), default=timezone.now)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("dihapus oleh"))
    counts = models.JSONField(_("yang dihapus"), default=dict)

    objects = ScopedManager()

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("penghapusan data")
        verbose_name_plural = _("penghapusan data")

    def __str__(self):
        return self.pseudonym

    @property
    def region_code(self):
        return self.village_code


class Breach(TimeStampedModel):
    """A suspected failure of personal-data protection (UU 27/2022 art. 46): notify within 3 × 24 hours."""

    SCOPE_FIELD = "region_code"

    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("apa yang terjadi"))
    occurred_at = models.DateTimeField(_("terjadi"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("diketahui"))
    due_at = models.DateTimeField(_("batas pemberitahuan"))
    data_affected = models.TextField(_("data yang terungkap"))
    measures = models.TextField(_("upaya penanganan dan pemulihan"))
    suspect_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("akun yang diduga"))
    period_start = models.DateTimeField(_("periode mulai"), null=True, blank=True)
    period_end = models.DateTimeField(_("periode akhir"), null=True, blank=True)
    affected_people = models.JSONField(_("warga terdampak (ID)"), default=list, blank=True)
    notified_at = models.DateTimeField(_("diberitahukan"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("dicatat oleh"))

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("kegagalan pelindungan data")
        verbose_name_plural = _("kegagalan pelindungan data")

    def __str__(self):
        return self.title
