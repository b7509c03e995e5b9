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
