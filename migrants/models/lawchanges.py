"""What a change of law did to the village's open placements (lawbook: a rule added, changed or switched)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import VillageScopedModel

from .placement import Placement


class FlagChange(VillageScopedModel):
    """One flag added to or removed from one open placement by the re-evaluation after a change of law.

    Written by migrants.reevaluation in bulk (one row per placement and flag that moved); the rule's title and
    citation are copied so the list still reads right after the rule gets a newer version."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="flag_changes",
                                  verbose_name=_("penempatan"))
    code = models.CharField(_("tanda risiko"), max_length=40)
    added = models.BooleanField(_("ditambahkan"))
    rule = models.ForeignKey("lawbook.Rule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("aturan"))
    rule_title = models.CharField(_("aturan"), max_length=200, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("perubahan tanda karena perubahan hukum")
        verbose_name_plural = _("perubahan tanda karena perubahan hukum")
        indexes = [models.Index(fields=["village", "-created_at"], name="flagchange_village_newest")]
