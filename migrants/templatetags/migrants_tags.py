from django import template

from migrants.risk import flag_choices

register = template.Library()
_LABELS = None


@register.filter
def flag_label(code):
    global _LABELS
    if _LABELS is None:
        _LABELS = dict(flag_choices())
    return _LABELS.get(code, code)


@register.filter
def rupiah(amount):
    """Rp 1.500.000"""
    if amount in (None, ""):
        return ""
    return "Rp " + f"{int(amount):,}".replace(",", ".")
