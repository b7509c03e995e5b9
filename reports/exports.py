"""Dashboard exports: XLSX for further work, PDF for the village or district meeting."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Sheet

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _name(region):
    return region.path_name if region is not None else _("Indonesia")


def dashboard_sheets(data, region):
    """The dashboard as XLSX sheets, written by core.exports (formula cells neutralised there)."""
    summary = [
        [_("Laporan pelindungan PMI"), _name(region)],
        [_("Kode wilayah"), data["code"] or "ID"],
        [_("Tahun"), data["year"]],
        [_("Dicetak"), timezone.localtime().strftime("%d-%m-%Y %H:%M")],
        [],
        [_("Bagian"), _("Indikator"), _("Nilai"), _("Satuan"), *MONTHS, _("Definisi")],
    ]
    for section in data["sections"]:
        for item in section["items"]:
            summary.append([section["label"], item["label"], item["value"], item["unit"],
                            *[("" if v is None else v) for v in item["trend"]], item["definition"]])
    details = [[_("Indikator"), _("Rincian"), _("Kategori"), _("Nilai")]]
    for section in data["sections"]:
        for item in section["items"]:
            for bd in item["breakdowns"]:
                for row in bd["rows"]:
                    details.append([item["label"], bd["label"], row["label"], row["value"]])
    sheets = [Sheet(_("Ringkasan"), summary, bold_rows=(5,)), Sheet(_("Rincian"), details)]
    if data["children"]:
        areas = [[_("Kode"), data["children"]["level_name"], *[c["label"] for c in data["children"]["columns"]]]]
        for row in data["children"]["rows"]:
            areas.append([row["code"], row["name"], *[("" if v is None else v) for v in row["values"]]])
        sheets.append(Sheet(_("Wilayah"), areas))
    return sheets


def dashboard_pdf(data, region, request=None):
    from weasyprint import HTML

    html = render_to_string("reports/print.html", {
        "data": data, "region": region, "name": _name(region), "months": MONTHS,
        "printed": timezone.localtime(),
    }, request=request)
    base = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base).write_pdf()
