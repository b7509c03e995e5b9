from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from core.crypto import SealableJSONField, SealableTextField, is_shredded


class AuditImmutableError(Exception):
    pass


def allow_rewrap(cursor):
    """For the rest of the current transaction, let the trigger through an UPDATE of label and note only."""
    if cursor.db.vendor == "postgresql":
        cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")


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


# The only columns ever rewritten, and then only as ciphertext of the same text (key rotation, the sealing migrations):
# on PostgreSQL the append-only trigger lets such an UPDATE through only inside a transaction that set
# payung.audit_rewrap and only when no other column changes (migrations 0004, 0005: changes only to ciphertext).
REWRAPPABLE = frozenset({"object_repr", "note", "changes"})


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("audit entries cannot be changed")

    def bulk_update(self, objs, fields, batch_size=None):
        """Key rotation (`rotate_encryption_keys`): the label and note written again with the newest key, the same
        text. Anything else is refused."""
        from django.db import connection, transaction

        if not set(fields) <= REWRAPPABLE:
            raise AuditImmutableError("audit entries cannot be changed")
        model = self.model
        columns = [model._meta.get_field(f) for f in fields]
        rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk] for obj in objs]
        sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in columns)
        with transaction.atomic(), connection.cursor() as cursor:
            allow_rewrap(cursor)
            cursor.executemany(f"UPDATE {model._meta.db_table} SET {sets} WHERE id = %s", rows)
        return len(rows)

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
    # The label, the note and the changed values of an entry about a person's record (its model names a DATA_SUBJECT)
    # may name the person, tell their story or say where they live: sealed under that person's data key
    # (audit.services.record), so the append-only row keeps nothing readable once the person is erased (the key
    # destroyed). Other entries' stay plain.
    object_repr = SealableTextField(_("objek"), max_length=200, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    changes = SealableJSONField(_("perubahan"), default=dict, blank=True)
    note = SealableTextField(_("catatan"), blank=True)
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
            from core.crypto import encrypted_fields, refuse_undecryptable

            for field in encrypted_fields(type(self)):  # a key problem is named as such first
                refuse_undecryptable(self.__dict__.get(field.attname), f"{self._meta.label}.{field.name}")
            raise AuditImmutableError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit entries cannot be deleted")

    @property
    def erased(self):
        """The entry was about a person since erased: its sealed label, note or changes open to nothing."""
        return any(is_shredded(value) for value in (self.object_repr, self.note, self.changes))

    def changes_text(self):
        """The changes as one line ("dusun: Krajan → Sumber; nik: diubah (disembunyikan)") for the access file."""
        parts = []
        for name, value in self.changes.items():
            if isinstance(value, dict) and value.get("changed"):
                parts.append(f"{name}: {_('diubah (disembunyikan)')}")
            elif isinstance(value, list) and len(value) == 2:
                parts.append(f"{name}: {'∅' if value[0] in (None, '') else value[0]} → "
                             f"{'∅' if value[1] in (None, '') else value[1]}")
            else:
                parts.append(f"{name}: {value}")
        return "; ".join(parts)
