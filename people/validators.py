"""Field validators on the models, so the forms, the API serializers and the importer refuse the same values."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def validate_birth_date(value):
    if value > timezone.localdate():
        raise ValidationError(_("Tanggal lahir tidak boleh di masa depan. Periksa tahun lahir pada KTP."),
                              code="future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("Tanggal lahir sebelum tahun 1900 tidak mungkin. Periksa tahun lahir pada KTP."),
                              code="too_early")
