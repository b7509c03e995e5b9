"""Files attached to a case (optionally to one of its claims or referrals)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedCharField

from .case import Case, CaseChildManager
from .referrals import Claim, Referral


def attachment_path(instance, filename):
    # The stored name is random; the sanitised original name is kept only as data.
    now = timezone.now()
    return f"cases/{now:%Y/%m}/{secrets.token_hex(16)}.{instance.extension}"


class Attachment(models.Model):
    DATA_SUBJECT = ("case.person", "case")  # names and descriptions sealed as the case is (core.crypto)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    referral = models.ForeignKey(Referral, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = EncryptedCharField(_("nama berkas"), max_length=120)
    description = EncryptedCharField(_("keterangan"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildManager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.original_name

    @property
    def region_code(self):
        return self.case.village_id
