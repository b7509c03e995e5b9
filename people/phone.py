"""Phone numbers stored as E.164. Indonesian habits (`08…`, `628…`) become `+628…`; foreign numbers are
kept, since workers abroad use local SIMs (a `+` or `00` prefix marks them)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_phone(value: str) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    compact = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("62") and not compact.startswith("+"):
        compact = "+" + compact
    try:
        number = phonenumbers.parse(compact, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Nomor telepon '%(value)s' tidak dapat dibaca. Tulis seperti 0812xxxxxxx atau "
                                "+852xxxxxxxx untuk nomor luar negeri.") % {"value": text}, code="phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor telepon '%(value)s' tidak valid. Periksa jumlah digit dan kode negara.")
                              % {"value": text}, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_blank(text: str) -> str:
    """`text` as a stored phone number when it reads as one (a search box), else ""."""
    if sum(ch.isdigit() for ch in text or "") < 8 or any(ch.isalpha() for ch in text):
        return ""
    try:
        return normalise_phone(text)
    except ValidationError:
        return ""
