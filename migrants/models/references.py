"""National identifiers a placement gets in other systems, each with where it stands in being sent upward."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.models import TimeStampedModel

from .placement import Placement


class ReferenceState(models.TextChoices):
    """Where an identifier stands with the system above (the same states for a case's complaint numbers)."""

    TO_SEND = "to_send", _("Belum dikirim")
    SENT = "sent", _("Terkirim")
    ACKNOWLEDGED = "acknowledged", _("Diterima")
    ERROR = "error", _("Gagal")


NOT_SENT_UPWARD = (ReferenceState.TO_SEND, ReferenceState.ERROR)


class PlacementReferenceKind(models.TextChoices):
    ID_PMI = "id_pmi", _("ID PMI / nomor E-PMI")
    EKPMI = "ekpmi", _("Nomor kartu E-KPMI")
    NATIONAL = "national", _("Referensi sistem penempatan nasional")


class PlacementReference(TimeStampedModel):
    """One identifier of one kind per placement: its value (empty while still to be sent), its state and the
    date that state was reached."""

    SCOPE_FIELD = "placement__village__code"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="external_refs",
                                  verbose_name=_("penempatan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=PlacementReferenceKind.choices)
    value = models.CharField(_("nomor"), max_length=60, blank=True)
    state = models.CharField(_("status kirim"), max_length=12, choices=ReferenceState.choices,
                             default=ReferenceState.TO_SEND)
    state_on = models.DateField(_("tanggal status"))

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["placement_id", "kind"]
        verbose_name = _("identitas eksternal penempatan")
        verbose_name_plural = _("identitas eksternal penempatan")
        constraints = [models.UniqueConstraint(fields=["placement", "kind"], name="placementref_one_per_kind")]
        indexes = [models.Index(fields=["state"], name="placementref_state")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value or '-'} ({self.get_state_display()})"

    @property
    def region_code(self):
        return self.placement.village_id
