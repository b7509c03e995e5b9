"""The one spreadsheet writer: every CSV and XLSX the project hands out goes through `export_response`.

- Formula cells are neutralised (OWASP CSV injection): text that starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return gets a leading apostrophe, so a name typed as `=HYPERLINK(...)` in the public complaint
  form is shown as text and never run. Real numbers (int, float, Decimal) stay numbers, negative ones too;
  XLSX text cells are also typed as strings.
- XLSX sheets are typed and ready to work in: dates are date cells (DD/MM/YYYY), numbers are numbers, text
  is text; every column is as wide as its content (within limits), the header row is frozen and carries a
  filter. A sheet may also carry drop-down lists, header notes, text-formatted columns and empty formatted
  rows below the data (the import templates are written here too).
- CSV opens right in Indonesian Excel: UTF-8 with a BOM, `;` between cells and a decimal comma; the comma
  variant (`?pemisah=koma`, decimal point) is offered for other programs.
- Each export of records writes one EXPORT audit entry (UU 27/2022: personal data leaving the system) with
  the row count, the filter and the region code of what was exported: the deepest region holding every row,
  so the district officer of that region finds it in the audit log. Only published, suppressed aggregates
  (open data, `public=True`) are not audited: they hold no personal data and anyone may fetch them.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import actor_region, common_region, record

from .formatting import mask_digit_runs

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The query parameter choosing the CSV separator: `;` (Indonesian Excel) unless `?pemisah=koma`.
SEPARATOR_PARAM = "pemisah"
# Query parameters that say how to render, not what was chosen.
NOT_FILTERS = {"export", "page", "format", SEPARATOR_PARAM, "nik_lengkap"}
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 6, 60
WIDTH_SAMPLE_ROWS = 2000  # columns are sized from the header and the first rows
LISTS_SHEET = "_pilihan"  # the hidden sheet holding the drop-down lists' values


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
    """One worksheet: `rows` with the header row(s) at `bold_rows` (the last of them is the table's header: frozen,
    filtered). Templates may add `choices` ({column index: allowed values}: a drop-down list), `notes`
    ({column index: text}: a note on the header cell), `text_columns` (formatted as text, so Excel keeps a NIK's
    16 digits and a phone's leading 0), `blank_rows` (empty rows below the data carrying those formats and lists)
    and `muted_rows` (row indexes shown in grey italics, e.g. an example)."""

    title: str
    rows: list
    bold_rows: tuple = field(default=(0,))  # indexes of header rows
    choices: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    text_columns: tuple = ()
    blank_rows: int = 0
    muted_rows: tuple = ()


def cell_value(value):
    """A value as the XLSX cell holds it: numbers and dates typed, text neutralised; a time zone dropped (in
    local time), which Excel cannot store."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return value
    return neutralise(value)


def _display_width(value):
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = str(value)
    return max((len(line) for line in text.split("\n")), default=0)


def column_widths(rows, header_index=0):
    """Each column's width: the longest of its header and first rows' text, within MIN_WIDTH..MAX_WIDTH."""
    widths = {}
    for index, row in enumerate(rows[:WIDTH_SAMPLE_ROWS + header_index + 1]):
        for col, value in enumerate(row):
            width = _display_width(value) + (3 if index == header_index else 1)  # room for the filter button
            if width > widths.get(col, 0):
                widths[col] = width
    return {col: min(MAX_WIDTH, max(MIN_WIDTH, width)) for col, width in widths.items()}


def xlsx_bytes(sheets):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    muted = Font(italic=True, color="808080")
    wb = Workbook(write_only=True)
    lists = None  # a hidden sheet holding the drop-down lists' values
    for sheet in sheets:
        ws = wb.create_sheet(str(sheet.title)[:31])
        rows = sheet.rows if isinstance(sheet.rows, list) else list(sheet.rows)
        header = max(sheet.bold_rows) if sheet.bold_rows else -1
        width = max((len(r) for r in rows), default=0)
        for col, size in column_widths(rows, header).items():
            ws.column_dimensions[get_column_letter(col + 1)].width = size
        last_row = len(rows) + sheet.blank_rows
        if header >= 0 and width:
            ws.freeze_panes = f"A{header + 2}"
            ws.auto_filter.ref = f"A{header + 1}:{get_column_letter(width)}{max(last_row, header + 1)}"
        for col, values in sheet.choices.items():
            if lists is None:
                lists = wb.create_sheet(LISTS_SHEET)
                lists.sheet_state = "hidden"
                lists_columns = []
            lists_columns.append([str(v) for v in values])
            letter = get_column_letter(len(lists_columns))
            validation = DataValidation(
                type="list", formula1=f"='{LISTS_SHEET}'!${letter}$1:${letter}${max(1, len(values))}",
                allow_blank=True,
                showErrorMessage=True, errorTitle=str(rows[header][col]) if header >= 0 else None,
                error=_("Pilih dari daftar."))
            column = get_column_letter(col + 1)
            validation.add(f"{column}{header + 2}:{column}{max(last_row, header + 2)}")
            ws.data_validations.append(validation)
        text_columns = set(sheet.text_columns)
        for index, row in enumerate(rows):
            ws.append([_cell(ws, value, index, col, sheet, bold, muted, text_columns, Comment)
                       for col, value in enumerate(row)])
        for _index in range(sheet.blank_rows):
            ws.append([_blank(ws, col in text_columns) for col in range(width)])
    if lists is not None:
        longest = max(len(values) for values in lists_columns)
        for i in range(longest):
            lists.append([values[i] if i < len(values) else None for values in lists_columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(ws, value, index, col, sheet, bold, muted, text_columns, comment_class):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=cell_value(value))
    if isinstance(cell.value, str):
        # Text is text: openpyxl would otherwise store "=..." as a formula.
        cell.data_type = "s"
        cell.number_format = "@"
    elif isinstance(cell.value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell.value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif col in text_columns and index not in sheet.bold_rows:
        cell.number_format = "@"
    if index in sheet.bold_rows:
        cell.font = bold
        if index == max(sheet.bold_rows) and sheet.notes.get(col):
            cell.comment = comment_class(str(sheet.notes[col]), "Payung", width=320, height=140)
    elif index in sheet.muted_rows:
        cell.font = muted
    return cell


def _blank(ws, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=None)
    if text:
        cell.number_format = "@"
    return cell


def csv_dialect(request):
    """(separator, decimal mark) of a CSV download: `;` and `,` for Indonesian Excel unless `?pemisah=koma`."""
    chosen = request.GET.get(SEPARATOR_PARAM, "") if request is not None else ""
    return (",", ".") if chosen == "koma" else (";", ",")


def csv_value(value, decimal=","):
    """A value as a CSV cell: dates as 2026-11-23 (Excel reads it as a date in any language), a date and time
    in local time, decimals with the `decimal` mark, text neutralised."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = neutralise(value)
    if isinstance(value, (float, Decimal)) and decimal != ".":
        return str(value).replace(".", decimal)
    return value


def write_csv(target, headers, rows, delimiter=";", decimal=","):
    """Write neutralised rows to a file-like target; returns the number of data rows."""
    writer = csv.writer(target, delimiter=delimiter)
    writer.writerow([str(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([csv_value(v, decimal) for v in row])
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
        delimiter, decimal = csv_dialect(request)
        written = write_csv(response, headers, rows, delimiter=delimiter, decimal=decimal)
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
