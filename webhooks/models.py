"""Receiving systems registered by an administrator, and every delivery of an event to one of them.

A delivery keeps the JSON payload without NIK; an endpoint entitled to NIKs gets them added at sending time (and
each such sending is audited), so the delivery log never holds one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.crypto import EncryptedCharField


class AdminOnlyQuerySet(models.QuerySet):
    """Receiving systems and their deliveries belong to no region: they are visible to whoever manages them
    (system administrators) and to nobody else, so another user's answer is a 404 like a missing record."""

    def visible_to(self, user):
        from accounts.permissions import has_perm

        return self if has_perm(user, "webhooks.manage_endpoints") else self.none()


class Event(models.TextChoices):
    PLACEMENT_CREATED = "placement.created", _("Penempatan dicatat")
    PLACEMENT_DEPARTED = "placement.departed", _("PMI berangkat")
    PLACEMENT_RETURNED = "placement.returned", _("PMI pulang")
    CASE_OPENED = "case.opened", _("Kasus dibuka")
    CASE_CLOSED = "case.closed", _("Kasus ditutup")
    CLAIM_DECIDED = "claim.decided", _("Klaim diputuskan")


class Endpoint(models.Model):
    # The signing secret never reaches the audit log (nor the history table): an entry says only that it changed.
    AUDIT_SENSITIVE_FIELDS = frozenset({"secret"})

    name = models.CharField(_("nama sistem"), max_length=100)
    url = models.URLField(_("alamat penerima (URL)"), max_length=500)
    secret = EncryptedCharField(_("rahasia penandatangan"), help_text=_(
        "Dipakai untuk tanda tangan HMAC-SHA256 di header X-Payung-Signature."))
    events = models.JSONField(_("peristiwa"), default=list, blank=True)
    region_prefix = models.CharField(_("wilayah (awalan kode)"), max_length=13, blank=True, help_text=_(
        "Hanya peristiwa di wilayah ini, mis. 35.05; kosong = semua wilayah."))
    entitled_to_nik = models.BooleanField(_("berhak menerima NIK"), default=False)
    active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdminOnlyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("sistem penerima webhook")
        verbose_name_plural = _("sistem penerima webhook")

    def __str__(self):
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    SENDING = "sending", _("sedang dikirim")
    DELIVERED = "delivered", _("terkirim")
    FAILED = "failed", _("gagal")


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries",
                                 verbose_name=_("sistem penerima"))
    event = models.CharField(_("peristiwa"), max_length=30, choices=Event.choices)
    object_type = models.CharField(_("jenis data"), max_length=60)
    object_id = models.CharField(_("ID data"), max_length=40)
    region_code = models.CharField(_("wilayah"), max_length=13, blank=True)
    payload = models.JSONField(_("isi"), default=dict)  # without NIK, always
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_status_code = models.PositiveIntegerField(_("kode HTTP terakhir"), null=True, blank=True)
    last_error = models.CharField(_("kesalahan terakhir"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        indexes = [models.Index(fields=["object_type", "object_id"], name="delivery_record"),
                   models.Index(fields=["endpoint", "status"], name="delivery_endpoint_status")]

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.get_status_display()})"
