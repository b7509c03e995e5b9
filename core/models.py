from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import ChoiceLabels
from accounts.scoping import ScopedManager

from .crypto import EncryptedCharField


class TimeStampedModel(ChoiceLabels, models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        abstract = True


class VillageScopedModel(TimeStampedModel):
    """A record that belongs to a village. Its scope is its village code (see accounts.scoping)."""

    # Django allows startswith on the related code, not on the FK column; the join is trimmed away.
    SCOPE_FIELD = "village__code"
    # Field names whose values never appear in the audit log (recorded as changed only).
    AUDIT_SENSITIVE_FIELDS: frozenset = frozenset()
    # Opening one of these records writes a read entry to the audit log.
    AUDIT_READS = False

    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan"),
        limit_choices_to={"level": 4},
    )

    objects = ScopedManager()

    class Meta:
        abstract = True

    @property
    def region_code(self):
        return self.village_id


class ThrottleCounter(models.Model):
    """Requests one client made in one fixed window of one throttle scope (core.throttle counts them)."""

    scope = models.CharField(max_length=40)
    # HMAC of the client address: the table never holds a raw IP.
    key = models.CharField(max_length=64)
    window = models.BigIntegerField()  # unix time // window length
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window"], name="throttle_counter_unique")]

    def __str__(self):
        return f"{self.scope} {self.key[:8]} {self.window}: {self.count}"


class KeyFingerprint(models.Model):
    """One row: proof of which encryption and hash keys wrote this database, never the keys themselves
    (core.checks compares it with the configured keys before the server starts)."""

    # A fixed text encrypted with the newest FIELD_ENCRYPTION_KEYS key: the configured keys must decrypt it.
    encryption_token = models.TextField()
    # HMAC-SHA256 of a fixed text with FIELD_HASH_KEY: another hash key gives another digest.
    hash_digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"key fingerprint {self.hash_digest[:8]}"


class DataKey(models.Model):
    """One person's data key (core.crypto: sealed fields). Stored encrypted under FIELD_ENCRYPTION_KEYS (so key
    rotation re-wraps it); erasing the person destroys it (crypto-shredding): `wrapped` is emptied for good."""

    subject_type = models.CharField(max_length=80)  # "people.person"
    subject_id = models.CharField(max_length=64, blank=True)
    # Named in every sealed token: random, so a key id is never reused (and a cached key never mistaken).
    kid = models.CharField(max_length=24, unique=True)
    wrapped = EncryptedCharField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="datakey_subject")]

    def __str__(self):
        state = "destroyed" if self.destroyed_at else "live"
        return f"data key {self.pk} of {self.subject_type}#{self.subject_id} ({state})"
