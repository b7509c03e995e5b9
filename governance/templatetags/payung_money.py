from django import template

register = template.Library()


@register.filter
def rupiah(value):
    """1500000 -> 'Rp 1.500.000' (the project's money format)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if number < 0 else ""
    return f"Rp {sign}{abs(number):,}".replace(",", ".")
