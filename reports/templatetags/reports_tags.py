from html import escape

from django import template
from django.utils.formats import get_format, localize, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


def _num(value, sep=None):
    """What humanize's intcomma shows (the active language's thousand separator), for the dashboard's
    thousands of cells: an int is formatted with str.format, not through number_format's general path
    (measured: 5,000 intcomma calls were a sixth of the national dashboard's render time). `sep`: the
    separator, when the caller has read it once for many cells."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", sep if sep is not None else get_format("THOUSAND_SEPARATOR"))
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


# The tags below build the dashboard's many repeated cells in one pass of plain string formatting: through the
# template engine (or format_html per cell) a village page's cards and breakdown tables cost more than its SQL.
# Every text is escaped (html.escape, as Django's escape); numbers are formatted here and need none.

@register.simple_tag
def breakdown_rows(rows):
    """The rows of one breakdown table: label (escaped) and count."""
    return mark_safe(_breakdown_rows(rows, get_format("THOUSAND_SEPARATOR")))


def _breakdown_rows(rows, sep):
    return "".join(f'<tr><td>{escape(str(r["label"]))}</td><td class="text-end">{_num(r["value"], sep)}</td></tr>'
                   for r in rows)


def _figure(item, sep):
    """An indicator's value as the cards show it: "–" for none, "12,5%" for a share, else a grouped number."""
    if item["value"] is None:
        return "–"
    if item["unit"] == "%":
        return f"{localize(item['value'])}%"
    return _num(item["value"], sep)


@register.simple_tag
def headline_cards(items):
    """The headline figures' cards."""
    sep = get_format("THOUSAND_SEPARATOR")
    return mark_safe("".join(
        f'<div class="col-6 col-md-4 col-lg-3"><div class="card figure-card h-100" data-testid="headline" '
        f'data-key="{escape(i["key"])}"><div class="card-body p-2"><div class="value">{_figure(i, sep)}</div>'
        f'<div class="small" title="{escape(str(i["definition"]))}">{escape(str(i["label"]))}</div></div></div></div>'
        for i in items))


@register.simple_tag
def indicator_cards(items, chart_scripts):
    """Each indicator of a section: its value, definition, monthly chart and breakdown tables."""
    sep = get_format("THOUSAND_SEPARATOR")
    by, chart = _("Menurut %(l)s"), _("Grafik bulanan %(l)s")
    scripts = escape(str(chart_scripts))
    parts = []
    for item in items:
        label, key = escape(str(item["label"])), escape(item["key"])
        breakdowns = "".join(
            f'<details class="mt-2"><summary class="small">{by % {"l": escape(str(bd["label"]))}}</summary>'
            f'<table class="table table-sm small mb-0"><tbody>{_breakdown_rows(bd["rows"], sep)}</tbody></table>'
            f'</details>' for bd in item["breakdowns"])
        parts.append(
            f'<div class="col-12 col-lg-6"><div class="card h-100" data-testid="indicator" data-key="{key}">'
            f'<div class="card-body p-2"><h3 class="h6 mb-1">{label}: <span class="fw-bold">{_figure(item, sep)}'
            f'</span></h3><p class="small text-muted mb-2">{escape(str(item["definition"]))}</p>'
            f'<div class="chart-box" data-lazy-scripts="{scripts}"><canvas data-chart="{key}" role="img" '
            f'aria-label="{chart % {"l": label}}"></canvas></div>{breakdowns}</div></div></div>')
    return mark_safe("".join(parts))


@register.simple_tag
def child_rows(rows, child_url, year):
    """The rows of the children table: the child's name linked to its dashboard, then its numbers."""
    sep = get_format("THOUSAND_SEPARATOR")
    return mark_safe("".join(
        f'<tr><td><a href="{escape(child_url.get(r["code"], ""))}?tahun={year}">{escape(str(r["name"]))}</a></td>'
        + "".join(f'<td class="text-end">{_num(v, sep)}</td>' for v in r["values"]) + "</tr>"
        for r in rows))
