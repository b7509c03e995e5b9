from django import template
from django.utils.formats import get_format, number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


def _num(value):
    """What humanize's intcomma shows (the active language's thousand separator), for the dashboard's
    thousands of cells: an int is formatted with str.format, not through number_format's general path
    (measured: 5,000 intcomma calls were a sixth of the national dashboard's render time)."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return number_format(value, force_grouping=True)


@register.filter
def num(value):
    return _num(value)


@register.simple_tag
def number_cells(values):
    """One <td> per value of a table row, numbers right-aligned ("–" for none)."""
    sep = get_format("THOUSAND_SEPARATOR")
    cells = (f"{v:,}".replace(",", sep) if isinstance(v, int) else _num(v) for v in values)
    return mark_safe("".join(f'<td class="text-end">{c}</td>' for c in cells))  # numbers only: nothing to escape


@register.simple_tag
def breakdown_rows(rows):
    """The rows of one breakdown table: label (escaped) and count."""
    return format_html_join("", '<tr><td>{}</td><td class="text-end">{}</td></tr>',
                            ((r["label"], _num(r["value"])) for r in rows))
