"""Placement imports: one uploaded file and its outcome."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    READY = "ready", _("siap disimpan")
    RUNNING = "running", _("sedang disimpan")
    DONE = "done", _("selesai")


class PlacementImport(models.Model):
    """A checked import file awaiting (or past) its commit; the checked rows themselves are in the encrypted
    preview file named by `token`. The commit claims it with a conditional UPDATE (ready → running), so a
    second press of "Simpan semua" or a retry while the first runs is refused instead of writing twice; it
    becomes done in the transaction that writes the rows, and a failed commit gives it back (ready)."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("berkas"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.READY)
    claim = models.CharField(max_length=32, blank=True)  # who holds the running commit
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    people_create = models.PositiveIntegerField(default=0)
    people_update = models.PositiveIntegerField(default=0)
    placements_create = models.PositiveIntegerField(default=0)
    placements_update = models.PositiveIntegerField(default=0)
    recruiters_create = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor penempatan")
        verbose_name_plural = _("impor penempatan")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
