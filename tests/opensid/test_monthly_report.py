"""The monthly art. 42(d) report: village and regency, XLSX and F4 PDF, kept, downloadable by the officers above,
no NIK or name in the regency's summary."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from migrants.models import Status
from reports import monthly
from reports.models import MonthlyReport
from tests.conftest import JATINOM
from tests.factories import CaseFactory, PlacementRowFactory, make_nik


@pytest.fixture
def month_of_records(make_person, jatinom_operator, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    first = today.replace(day=1)
    siti = make_person(nik=make_nik(serial="0701"), name="Siti Berangkat")
    PlacementRowFactory(person=siti, destination_country="TW", status=Status.WORKING, departure_date=first)
    rina = make_person(nik=make_nik(serial="0702"), name="Rina Pulang")
    PlacementRowFactory(person=rina, destination_country="HK", status=Status.RETURNED,
                        departure_date=datetime.date(2024, 1, 5), actual_return=first)
    dewi = make_person(nik=make_nik(serial="0703"), name="Dewi Gagal")
    PlacementRowFactory(person=dewi, destination_country="MY", status=Status.FAILED)
    CaseFactory(actor=jatinom_operator)
    return today.year, today.month


def test_village_and_regency_reports_hold_the_months_figures(month_of_records):
    year, month = month_of_records
    kept = monthly.generate(year, month)
    assert sorted((r.region_code, r.level) for r in kept) == [("35.05", 2), (JATINOM, 4)]
    village = MonthlyReport.objects.get(region_code=JATINOM)
    assert village.figures == {"departures": 1, "returns": 1, "abroad": 1, "failed": 1, "complaints": 1}
    wb = load_workbook(io.BytesIO(village.xlsx.read()))
    assert [r[0] for r in wb["Berangkat"].iter_rows(min_row=2, values_only=True)] == ["Siti Berangkat"]
    assert wb["Berangkat"].cell(2, 2).value == "3505**********01"
    assert MonthlyReport.objects.get(region_code="35.05").figures == village.figures


def test_the_regency_summary_carries_no_name_and_no_nik(month_of_records):
    year, month = month_of_records
    monthly.generate(year, month)
    district = MonthlyReport.objects.get(region_code="35.05")
    wb = load_workbook(io.BytesIO(district.xlsx.read()))
    cells = {str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert not any("Siti" in c or "Rina" in c or "3505" in c and "*" in c or re.fullmatch(r"\d{16}", c)
                   for c in cells)
    assert "Siti" not in district.pdf.read().decode("latin-1")


def test_the_pdf_is_f4(month_of_records):
    from weasyprint import HTML

    from regions.models import Region

    year, month = month_of_records
    monthly.generate(year, month)
    assert MonthlyReport.objects.get(region_code=JATINOM).pdf.read().startswith(b"%PDF")
    data = monthly.collect(year, month)[JATINOM]
    _counts, _xlsx, html = monthly.village_files(Region.objects.get(code=JATINOM), year, month, data)
    page = HTML(string=html).render().pages[0]
    assert (round(page.width / 96 * 25.4), round(page.height / 96 * 25.4)) == (215, 330)


def test_regenerating_a_month_keeps_one_report_per_region(month_of_records):
    year, month = month_of_records
    monthly.generate(year, month)
    monthly.generate(year, month)
    assert MonthlyReport.objects.count() == 2


def test_district_officers_above_download_and_another_village_cannot(month_of_records, client_for, blitar_officer,
                                                                     gogodeso_operator):
    year, month = month_of_records
    monthly.generate(year, month)
    village = MonthlyReport.objects.get(region_code=JATINOM)
    officer = client_for(blitar_officer)
    answer = officer.get(reverse("reports:monthly_file", args=[village.pk, "pdf"]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content).startswith(b"%PDF")
    assert officer.get(reverse("reports:monthly")).status_code == 200
    other = client_for(gogodeso_operator).get(reverse("reports:monthly_file", args=[village.pk, "xlsx"]))
    assert other.status_code == 404


def test_the_command_enqueues_the_months_task(db):
    from django_tasks_db.models import DBTaskResult

    call_command("reports_monthly", "--month", "2026-11", "--enqueue")
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == ("reports.tasks.monthly_reports", [2026, 11])


def test_the_command_refuses_a_bad_month(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("reports_monthly", "--month", "2026-13")


def test_the_menu_leads_to_the_monthly_reports(client_for, blitar_officer, regions):
    home = client_for(blitar_officer).get(reverse("core:home")).content.decode()
    assert reverse("reports:monthly") in home
