"""Reference data: agencies (P3MI) and field recruiters."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class Agency(TimeStampedModel):
    """A placement company (P3MI). Reference data: visible to every signed-in user so repeat offenders show."""

    # The licensed-company (P3MI) registry: public business data (a company's name, SIP3MI licence, address, office
    # phone), left plain on purpose (issue 19.3); a case's agency_name names it plain too.

    name = models.CharField(_("nama P3MI"), max_length=200)
    licence_number = models.CharField(_("nomor SIP3MI"), max_length=100, blank=True, db_index=True)
    licence_valid_from = models.DateField(_("SIP3MI berlaku sejak"), null=True, blank=True)
    licence_valid_until = models.DateField(_("SIP3MI berlaku sampai"), null=True, blank=True)
    licence_revoked = models.BooleanField(_("izin dicabut/dibekukan"), default=False)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("P3MI")
        verbose_name_plural = _("P3MI")

    def __str__(self):
        return self.name

    def licence_valid_on(self, day):
        """True when the SIP3MI covers `day` (the departure date)."""
        if self.licence_revoked or not self.licence_number or not self.licence_valid_until:
            return False
        if self.licence_valid_from and day < self.licence_valid_from:
            return False
        return day <= self.licence_valid_until

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:agency_detail", args=[self.pk])


class Recruiter(TimeStampedModel):
    """A field recruiter (sponsor/calo) and the agency they claim to work for."""

    # Not the P3MI registry (that is Agency): a field recruiter is usually a natural person, with a phone. Still plain:
    # issue 19.3 sealed the recruiter's name as a worker's case tells it (cases.Case.recruiter_name, under the
    # worker's key), not this register; whether a register of reported calo is a lawful enforcement register kept
    # plain or personal data to seal under each recruiter's own key is an open decision.

    name = models.CharField(_("nama"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    claimed_agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="recruiters",
        verbose_name=_("mengaku dari P3MI"),
    )
    home_region = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("wilayah asal/kerja"),
    )
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("perekrut lapangan")
        verbose_name_plural = _("perekrut lapangan")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:recruiter_detail", args=[self.pk])
