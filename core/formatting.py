"""How values are shown, one way everywhere: money as `Rp 1.500.000`, a NIK or KK masked as `3505**********01`,
an Indonesian phone number as people write it (`0812-3456-7890`), a date as `4 Agustus 2026`.

Templates show them through the same functions: `{% load payung_money %}{{ amount|rupiah }}`,
`{{ phone|phone }}`; dates in templates follow DATE_FORMAT (payung/formats) by themselves.
"""

import re


def thousands(number) -> str:
    """1500000 -> '1.500.000' (Indonesian grouping, whatever the active language); for a message whose text
    already says "Rp"."""
    number = int(number)
    sign = "-" if number < 0 else ""
    return f"{sign}{abs(number):,}".replace(",", ".")


def rupiah(value) -> str:
    """1500000 -> 'Rp 1.500.000'; an empty or unreadable value -> ''."""
    try:
        return "Rp " + thousands(value)
    except (TypeError, ValueError):
        return ""


def clean_nik(value) -> str:
    """Digits only: villages type NIK with spaces, dots or dashes."""
    text = str(value or "").strip()
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def mask_nik(nik) -> str:
    """`3505**********01`: enough to tell records apart on screen, not enough to reuse."""
    nik = clean_nik(nik)
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


def mask_digit_runs(text, min_length=16) -> str:
    """`text` with every run of at least `min_length` digits (a NIK or KK) masked by `mask_nik`."""
    pattern = re.compile(rf"(?<!\d)\d{{{min_length},}}(?!\d)")
    return pattern.sub(lambda match: mask_nik(match.group()), text or "")


def phone(value) -> str:
    """An Indonesian number as people write it: +62 812 3456 7890, 6281234567890 or 0812 3456 7890 ->
    '0812-3456-7890' (groups of 4 from the left after the 0); a landline with its area code, 0342-801234,
    keeps the code apart. Anything else (a foreign number, letters) is shown as typed."""
    text = str(value or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+") and not digits.startswith("62"):
        return text
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if not digits.startswith("0") or not 9 <= len(digits) <= 13 or any(ch.isalpha() for ch in text):
        return text
    if digits.startswith("08"):
        return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))
    # A landline: the big cities' area codes have 3 digits with the 0 (Jakarta 021, Surabaya 031 ...), the rest 4.
    area = 3 if digits[:3] in {"021", "022", "024", "031", "061"} else 4
    return f"{digits[:area]}-{digits[area:]}"


def long_date(value) -> str:
    """'4 Agustus 2026' in the active language (DATE_FORMAT): for texts built in Python (messages, e-mails)."""
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT") if value else ""
