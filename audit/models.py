from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet


class AuditImmutableError(Exception):
    pass


class Action(models.TextChoices):
    CREATE = "create", _("buat")
    UPDATE = "update", _("ubah")
    DELETE = "delete", _("hapus")
    READ = "read", _("baca data sensitif")
    REVEAL = "reveal", _("buka data terselubung")
    EXPORT = "export", _("ekspor")
    IMPORT = "import", _("impor")
    LOGIN = "login", _("masuk")
    LOGIN_FAILED = "login_failed", _("gagal masuk")
    LOGOUT = "logout", _("keluar")
    TRANSITION = "transition", _("perubahan status")
    OVERRIDE = "override", _("pengecualian berwenang")
    OTHER = "other", _("lainnya")


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("audit entries cannot be changed")

    def delete(self):
        raise AuditImmutableError("audit entries cannot be deleted")



class AuditEntry(models.Model):
    """Append-only: who did what to which record, where, and which fields changed."""

    # Scoped by the region the record belonged to, like everything else.
    SCOPE_FIELD = "region_code"

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, db_index=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("log audit")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit entries cannot be deleted")
