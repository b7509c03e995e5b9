"""A case's numbers in the complaint systems above (SISKOP2MI, LAPOR!), each with its state of being sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from migrants.models import ReferenceState

from .case import Case, CaseChildManager


class CaseReferenceKind(models.TextChoices):
    SISKOP2MI = "siskop2mi", _("Nomor pengaduan SISKOP2MI")
    LAPOR = "lapor", _("Nomor tiket LAPOR!")


class CaseReference(TimeStampedModel):
    """One number of one kind per case: its value (empty while still to be sent), its state and that state's
    date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="external_refs",
                             verbose_name=_("kasus"))
    kind = models.CharField(_("jenis"), max_length=10, choices=CaseReferenceKind.choices)
    value = models.CharField(_("nomor"), max_length=60, blank=True)
    state = models.CharField(_("status kirim"), max_length=12, choices=ReferenceState.choices,
                             default=ReferenceState.TO_SEND)
    state_on = models.DateField(_("tanggal status"))

    objects = CaseChildManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_id", "kind"]
        verbose_name = _("nomor eksternal kasus")
        verbose_name_plural = _("nomor eksternal kasus")
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="caseref_one_per_kind")]
        indexes = [models.Index(fields=["state"], name="caseref_state")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value or '-'} ({self.get_state_display()})"

    @property
    def region_code(self):
        return self.case.village_id
