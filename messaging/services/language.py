"""The language a number's messages are written in: Indonesian unless the number (or staff, for a person) chose
English. Every change is audited (the number masked)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record

from ..models import Language, NumberLanguage, number_hash
from .consent import clean_phone, mask_phone

# A message that is only one of these words sets the number's language.
WORDS = {"ENGLISH": Language.ENGLISH, "INGGRIS": Language.ENGLISH, "INDONESIA": Language.INDONESIAN,
         "BAHASA": Language.INDONESIAN}


def language_for(phone):
    chosen = NumberLanguage.objects.filter(phone_hash=number_hash(phone)).values_list("language",
                                                                              flat=True).first()
    return chosen or settings.MESSAGING_LANGUAGE


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def set_language(actor, phone, language, *, how, region_code=None):
    """Set the language of `phone`'s messages. Returns the row, or None when nothing changed."""
    phone = clean_phone(phone)
    if not phone:
        raise ValidationError({"phone": _("Nomor: tidak ada nomor telepon yang dapat dikirimi pesan.")})
    if language not in Language.values:
        raise ValidationError({"language": _("Bahasa pesan: pilih Bahasa Indonesia atau Bahasa Inggris.")})
    row = NumberLanguage.objects.select_for_update().filter(phone_hash=number_hash(phone)).first()
    if row is None and language == settings.MESSAGING_LANGUAGE:
        return None  # the default already
    if row is not None and row.language == language:
        return None
    before = row.language if row else settings.MESSAGING_LANGUAGE
    row = row or NumberLanguage(phone=phone)
    row.language, row.how, row.changed_by, row.changed_at = language, how[:60], _actor(actor), timezone.now()
    row.save()
    record(_actor(actor), Action.UPDATE, row, region_code=region_code, object_repr=mask_phone(phone),
           changes={"language": [before, language]},
           note=_("Bahasa pesan diubah (%(how)s)") % {"how": how})
    return row
