"""The monthly report of UU 18/2017 art. 42(d) (the village monitors departures and returns and reports them):
for each village with records, and for its regency, generated on the first of the month for the month before.

A village's report lists its people (name, masked NIK, destination, date); the regency's summary holds only
counts per village (no name, no NIK). Both are kept as XLSX and F4 PDF (215 × 330 mm) in private storage.
"""

import datetime
from collections import Counter, defaultdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from core.exports import Sheet, xlsx_bytes
from core.formatting import mask_nik
from migrants.models import Placement, Status
from regions.models import Region

from .models import MonthlyReport

ABROAD = (Status.DEPARTED, Status.WORKING)
RETURNED = (Status.RETURNED, Status.RETURNEE, Status.DEPORTED)
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
COUNTS = ("departures", "returns", "abroad", "failed", "complaints")
LABELS = {"departures": "Berangkat", "returns": "Pulang", "abroad": "Di luar negeri (akhir bulan)",
          "failed": "Gagal berangkat", "complaints": "Pengaduan"}


def previous_month(today=None):
    first = (today or timezone.localdate()).replace(day=1)
    last = first - datetime.timedelta(days=1)
    return last.year, last.month


def _bounds(year, month):
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def _person_row(p, day):
    country = p.destination_country.name if p.destination_country else ""
    return [p.person.name, mask_nik(p.person.nik), country, day.strftime("%d-%m-%Y") if day else ""]


def collect(year, month, villages=None):
    """{village code: {"departures": [rows], "returns": [...], "failed": [...], "abroad": n, "complaints": Counter}}
    for the villages with anything to report (or the `villages` given)."""
    start, end = _bounds(year, month)
    data = defaultdict(lambda: {"departures": [], "returns": [], "failed": [], "abroad": 0,
                                "complaints": Counter()})
    placements = Placement.objects.select_related("person")
    if villages is not None:
        placements = placements.filter(village_id__in=villages)
    for p in placements.filter(departure_date__range=(start, end)):
        data[p.village_id]["departures"].append(_person_row(p, p.departure_date))
    for p in placements.filter(actual_return__range=(start, end)):
        data[p.village_id]["returns"].append(_person_row(p, p.actual_return))
    failed_ids = set(Placement.history.filter(status=Status.FAILED, history_date__date__range=(start, end))
                     .values_list("id", flat=True))
    for p in placements.filter(pk__in=failed_ids, status=Status.FAILED):
        data[p.village_id]["failed"].append(_person_row(p, None))
    abroad = (Placement.objects.filter(departure_date__lte=end, status__in=ABROAD)
              | Placement.objects.filter(departure_date__lte=end, status__in=RETURNED, actual_return__gt=end))
    if villages is not None:
        abroad = abroad.filter(village_id__in=villages)
    for code in abroad.values_list("village_id", flat=True):
        data[code]["abroad"] += 1
    cases = Case.objects.filter(created_at__date__range=(start, end), village__isnull=False)
    if villages is not None:
        cases = cases.filter(village_id__in=villages)
    for code, category in cases.values_list("village_id", "category"):
        data[code]["complaints"][category] += 1
    for code in villages or ():
        data[code]  # a village asked for gets its (empty) report too
    return data


def _counts(item):
    return {"departures": len(item["departures"]), "returns": len(item["returns"]), "abroad": item["abroad"],
            "failed": len(item["failed"]), "complaints": sum(item["complaints"].values())}


def _category_labels():
    return {k: str(v) for k, v in Case._meta.get_field("category").choices}


def village_files(region, year, month, item):
    cats = _category_labels()
    head = ["Nama", "NIK (disamarkan)", "Negara tujuan", "Tanggal"]
    counts = _counts(item)
    complaints = [[cats.get(k, k), n] for k, n in sorted(item["complaints"].items())]
    sheets = [Sheet("Ringkasan", [["Uraian", "Jumlah"], *[[LABELS[k], counts[k]] for k in COUNTS]]),
              Sheet("Berangkat", [head, *item["departures"]]), Sheet("Pulang", [head, *item["returns"]]),
              Sheet("Gagal berangkat", [head[:3], *[r[:3] for r in item["failed"]]]),
              Sheet("Pengaduan", [["Jenis pengaduan", "Jumlah"], *complaints])]
    html = render_to_string("reports/monthly_report.html", {
        "region": region, "period": f"{MONTHS[month - 1]} {year}", "village": True, "counts": counts,
        "labels": LABELS, "keys": COUNTS, "item": item, "complaints": complaints})
    return counts, xlsx_bytes(sheets), html


def district_files(region, year, month, rows, complaints):
    """`rows`: [(village code, village name, counts)]. Counts only: no name, no NIK leaves the village."""
    cats = _category_labels()
    table = [[code, name, *[counts[k] for k in COUNTS]] for code, name, counts in rows]
    totals = {k: sum(counts[k] for _c, _n, counts in rows) for k in COUNTS}
    complaint_rows = [[cats.get(k, k), n] for k, n in sorted(complaints.items())]
    sheets = [Sheet("Ringkasan", [["Kode desa", "Desa", *[LABELS[k] for k in COUNTS]], *table,
                                  ["", "Jumlah", *[totals[k] for k in COUNTS]]]),
              Sheet("Pengaduan", [["Jenis pengaduan", "Jumlah"], *complaint_rows])]
    html = render_to_string("reports/monthly_report.html", {
        "region": region, "period": f"{MONTHS[month - 1]} {year}", "village": False, "counts": totals,
        "labels": LABELS, "keys": COUNTS, "table": table, "complaints": complaint_rows})
    return totals, xlsx_bytes(sheets), html


def _pdf(html):
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _keep(code, level, year, month, counts, xlsx, html):
    report = MonthlyReport.objects.filter(region_code=code, year=year, month=month).first() or MonthlyReport(
        region_code=code, level=level, year=year, month=month)
    for field in (report.xlsx, report.pdf):
        if field:
            field.delete(save=False)  # a regenerated month replaces its files
    report.figures = counts
    name = f"laporan-42d-{code}-{year}-{month:02d}"
    report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    report.pdf.save(f"{name}.pdf", ContentFile(_pdf(html)), save=False)
    report.save()
    return report


def generate(year, month, villages=None):
    """Generate (or regenerate) the month's reports: each village with records, and each regency above them.
    Returns the reports kept."""
    data = collect(year, month, villages)
    regions = Region.objects.in_bulk(list(data.keys()) + list({c[:5] for c in data}))
    kept, by_district = [], defaultdict(list)
    complaints = defaultdict(Counter)
    for code in sorted(data):
        region = regions.get(code)
        if region is None:
            continue
        counts, xlsx, html = village_files(region, year, month, data[code])
        with transaction.atomic():
            kept.append(_keep(code, 4, year, month, counts, xlsx, html))
        by_district[code[:5]].append((code, region.name, counts))
        complaints[code[:5]].update(data[code]["complaints"])
    for district, rows in sorted(by_district.items()):
        region = regions.get(district)
        if region is None:
            continue
        counts, xlsx, html = district_files(region, year, month, rows, complaints[district])
        with transaction.atomic():
            kept.append(_keep(district, 2, year, month, counts, xlsx, html))
    return kept
