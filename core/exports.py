"""The one spreadsheet writer: every CSV and XLSX the project hands out goes through `export_response`.

- Formula cells are neutralised (OWASP CSV injection): text that starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return gets a leading apostrophe, so a name typed as `=HYPERLINK(...)` in the public complaint
  form is shown as text and never run. Real numbers (int, float, Decimal) stay numbers, negative ones too;
  XLSX text cells are also typed as strings.
- Each export of records writes one EXPORT audit entry (UU 27/2022: personal data leaving the system) with
  the row count, the filter and the region code of what was exported: the deepest region holding every row,
  so the district officer of that region finds it in the audit log. Only published, suppressed aggregates
  (open data, `public=True`) are not audited: they hold no personal data and anyone may fetch them.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min
from django.http import HttpResponse
from django.utils import timezone

from audit.models import Action
from audit.services import actor_region, common_region, record

from .formatting import mask_digit_runs

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Query parameters that say how to render, not what was chosen.
NOT_FILTERS = {"export", "page", "format"}


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass
class Sheet:
    title: str
    rows: list
    bold_rows: tuple = field(default=(0,))  # indexes of header rows


def xlsx_bytes(sheets):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(str(sheet.title)[:31])
        for index, row in enumerate(sheet.rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=neutralise(value))
                if isinstance(cell.value, str):
                    # Text is text: openpyxl would otherwise store "=..." as a formula.
                    cell.data_type = "s"
                    cell.number_format = "@"
                if index in sheet.bold_rows:
                    cell.font = bold
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_csv(target, headers, rows):
    """Write neutralised rows to a file-like target; returns the number of data rows."""
    writer = csv.writer(target)
    writer.writerow([str(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        count += 1
    return count


# --- Audit ---------------------------------------------------------------------------------------------------


def queryset_region_and_count(queryset):
    """(region code, row count) of a scoped queryset in one query: the lowest and highest region codes
    share the prefix every row shares."""
    scope_field = getattr(queryset.model, "SCOPE_FIELD", "village__code")
    figures = queryset.order_by().aggregate(n=Count("pk"), lo=Min(scope_field), hi=Max(scope_field))
    return common_region([figures["lo"], figures["hi"]]) or "", figures["n"]


def _mask(value):
    # A NIK or KK (or a long part of one) typed into the search box must not reach the log whole.
    return mask_digit_runs(value, min_length=10)


def filters_text(request, filters=None):
    """"key=value, ..." of the filters: the list's FilterSet.active_filters() when given, else the query string."""
    if filters is not None:
        return ", ".join(f"{key}={_mask(str(value))}" for key, value in sorted(filters.items())
                         if value not in (None, ""))
    if request is None:
        return ""
    return ", ".join(f"{key}={_mask(value)}" for key, values in sorted(request.GET.lists())
                     if key not in NOT_FILTERS for value in values if value)


def record_export(request, *, object_type, description, fmt, row_count, region_code, object_id="", filename="",
                  filters=None):
    """The EXPORT audit entry every export writes (also for PDFs of the same data)."""
    actor = getattr(request, "user", None)
    if region_code is None:
        region_code = actor_region(actor)
    note = f"{description} — {row_count} baris ({fmt.upper()})"
    chosen = filters_text(request, filters)
    if chosen:
        note += f"; saringan: {chosen}"
    return record(actor, Action.EXPORT, object_type=object_type, object_id=object_id, object_repr=filename,
                  region_code=region_code, note=note, request=request)


# --- The response ---------------------------------------------------------------------------------------------


def export_response(request, *, fmt, name, object_type, description, headers=None, rows=(), sheets=None,
                    queryset=None, region_code=None, row_count=None, object_id="", public=False, stamp=True,
                    filters=None):
    """A CSV or XLSX download of `headers` + `rows` (or XLSX `sheets`), audited unless `public`.

    Give `queryset` (the scoped queryset the rows come from) so the audit entry carries its row count and
    the region holding every row; otherwise give `region_code` (None: the exporter's own region). Give `filters`
    (the list FilterSet's `active_filters()`) so the entry names the filter applied, not the raw query string."""
    if queryset is not None:
        region, counted = queryset_region_and_count(queryset)
        if region_code is None and counted:
            region_code = region  # else None: an empty export is recorded under the exporter's own region
        row_count = counted if row_count is None else row_count
    suffix = timezone.localtime().strftime("-%Y%m%d-%H%M") if stamp else ""
    filename = f"{name}{suffix}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # BOM: Excel opens UTF-8 CSV correctly
        written = write_csv(response, headers, rows)
    else:
        if sheets is None:
            rows = list(rows)
            sheets = [Sheet(name, [headers, *rows])]
            written = len(rows)
        else:
            written = sum(len(s.rows) - len(s.bold_rows) for s in sheets)
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if not public:
        record_export(request, object_type=object_type, description=description, fmt=fmt,
                      row_count=written if row_count is None else row_count, region_code=region_code,
                      object_id=object_id, filename=filename, filters=filters)
    return response
