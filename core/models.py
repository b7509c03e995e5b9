from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedManager


class TimeStampedModel(models.Model):
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
