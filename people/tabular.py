"""Spreadsheet output shared by the people and migrants lists: XLSX and CSV, formula cells neutralised,
every export audited (UU 27/2022: a list of personal data leaving the system is recorded)."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone

from accounts.scoping import user_scope_codes
from audit.models import Action
from audit.services import record

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Numbers we write ourselves (amounts, negative numbers) stay numbers; only text is neutralised.
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def xlsx_bytes(headers, rows, sheet_title="Data"):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    ws.append([str(h) for h in headers])
    for row in rows:
        # Every text cell is written as a string value, never a formula (openpyxl treats "=..." as formula).
        ws.append([_xlsx_cell(ws, neutralise(v)) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.number_format = "@"
    return cell


def csv_text(headers, rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buf.getvalue()


def export_response(actor, *, headers, rows, fmt, name, object_type, description, request=None):
    """Build the file and write one EXPORT audit entry naming what was exported and how many rows."""
    rows = list(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        body = "\ufeff" + csv_text(headers, rows)  # BOM: Excel opens UTF-8 CSV correctly
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
        filename = f"{name}-{stamp}.csv"
    else:
        response = HttpResponse(
            xlsx_bytes(headers, rows, name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"{name}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    codes = user_scope_codes(actor)
    region = codes[0] if codes and len(codes) == 1 else ""
    record(actor, Action.EXPORT, object_type=object_type, object_id="", object_repr=filename, region_code=region,
           note=f"{description} — {len(rows)} baris ({fmt.upper()})", request=request)
    return response
