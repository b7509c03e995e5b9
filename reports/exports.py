"""Dashboard exports: XLSX for further work, PDF for the village or district meeting."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _name(region):
    return region.path_name if region is not None else _("Indonesia")


def dashboard_xlsx(data, region):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ringkasan")
    bold = Font(bold=True)
    ws.append([_("Laporan pelindungan PMI"), _name(region)])
    ws.append([_("Kode wilayah"), data["code"] or "ID"])
    ws.append([_("Tahun"), data["year"]])
    ws.append([_("Dicetak"), timezone.localtime().strftime("%d-%m-%Y %H:%M")])
    ws.append([])
    ws.append([_("Bagian"), _("Indikator"), _("Nilai"), _("Satuan"), *MONTHS, _("Definisi")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for section in data["sections"]:
        for item in section["items"]:
            ws.append([section["label"], item["label"], item["value"], item["unit"],
                       *[("" if v is None else v) for v in item["trend"]], item["definition"]])
    ws2 = wb.create_sheet(_("Rincian"))
    ws2.append([_("Indikator"), _("Rincian"), _("Kategori"), _("Nilai")])
    for cell in ws2[1]:
        cell.font = bold
    for section in data["sections"]:
        for item in section["items"]:
            for bd in item["breakdowns"]:
                for row in bd["rows"]:
                    ws2.append([item["label"], bd["label"], row["label"], row["value"]])
    if data["children"]:
        ws3 = wb.create_sheet(_("Wilayah"))
        ws3.append([_("Kode"), data["children"]["level_name"], *[c["label"] for c in data["children"]["columns"]]])
        for cell in ws3[1]:
            cell.font = bold
        for row in data["children"]["rows"]:
            ws3.append([row["code"], row["name"], *[("" if v is None else v) for v in row["values"]]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def dashboard_pdf(data, region, request=None):
    from weasyprint import HTML

    html = render_to_string("reports/print.html", {
        "data": data, "region": region, "name": _name(region), "months": MONTHS,
        "printed": timezone.localtime(),
    }, request=request)
    base = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base).write_pdf()
