"""How values are shown, one way everywhere: money as `Rp 1.500.000`, a NIK or KK masked as `3505**********01`.

Templates show money through the same function: `{% load payung_money %}{{ amount|rupiah }}`.
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
