"""The outgoing-letter book (Buku Agenda Surat Keluar, Permendagri 47/2016): every numbered letter of a year, in
signing order, on screen, as XLSX (core.exports) and as an F4 PDF; drafts are not in it."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from tests.conftest import JATINOM
from village_services.services import draft_letter, revoke_letter

from .conftest import domicile_values


@pytest.fixture
def year_of_letters(issue, jatinom_operator, domicile):
    first = issue(values=domicile_values(nama="Siti Aminah"), issued_on=datetime.date(2026, 2, 2))
    second = issue(values=domicile_values(nama="Budi Santoso"), issued_on=datetime.date(2026, 3, 9))
    second = revoke_letter(jatinom_operator, second, "Salah ketik nama pemegang surat")
    issue(values=domicile_values(nama="Tahun Depan"), issued_on=datetime.date(2027, 1, 5))
    draft_letter(jatinom_operator, domicile, domicile_values(nama="Masih Konsep"))
    return first, second


def test_the_book_lists_the_years_numbered_letters_in_order(client_for, jatinom_operator, year_of_letters):
    response = client_for(jatinom_operator).get("/layanan/surat/agenda/", {"year": 2026})
    body = response.content.decode()
    assert response.status_code == 200
    assert [row[2] for row in response.context["rows"]] == ["470/001/SKD/35.05.10.2002/2026",
                                                            "470/002/SKD/35.05.10.2002/2026"]
    assert response.context["rows"][1][7] == "Dicabut " + year_of_letters[1].revoked_at.date().isoformat()
    assert "Masih Konsep" not in body and "Tahun Depan" not in body


def test_the_book_exports_to_xlsx_with_typed_dates_and_an_audit_entry(client_for, jatinom_operator,
                                                                       year_of_letters):
    response = client_for(jatinom_operator).get("/layanan/surat/agenda/", {"year": 2026, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["No. urut", "Desa", "Nomor surat", "Tanggal surat", "Ditujukan kepada"]
    assert [r[2] for r in rows[1:]] == ["470/001/SKD/35.05.10.2002/2026", "470/002/SKD/35.05.10.2002/2026"]
    assert rows[1][3].date() == datetime.date(2026, 2, 2) and rows[1][6] == "Kepala Desa Suprapto"
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.region_code == JATINOM and "2 baris (XLSX)" in entry.note


def test_the_book_prints_on_f4_landscape(client_for, jatinom_operator, year_of_letters):
    from weasyprint import HTML

    from village_services.pdf import agenda_html

    response = client_for(jatinom_operator).get("/layanan/surat/agenda/pdf/", {"year": 2026})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=Action.EXPORT, note__contains="2 baris (PDF)").count() == 1
    html = agenda_html(year=2026, villages=["Jatinom"], headers=["No. urut"],
                       rows=[[1, "Jatinom", "470/001/SKD/35.05.10.2002/2026", datetime.date(2026, 2, 2), "Siti",
                              "Surat keterangan domisili", "Kepala Desa Suprapto", ""]])
    assert "2 Februari 2026" in html
    pages = HTML(string=html).render().pages
    # F4 turned to landscape: 330 mm x 215 mm (WeasyPrint measures in CSS pixels, 96 per inch).
    assert [(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in pages] == [(330, 215)]


def test_the_book_is_for_the_village_office_and_its_officials(client_for, jatinom_operator, jatinom_head,
                                                              gogodeso_operator, blitar_officer, year_of_letters):
    assert client_for(jatinom_head).get("/layanan/surat/agenda/", {"year": 2026}).status_code == 200
    assert client_for(gogodeso_operator).get("/layanan/surat/agenda/", {"year": 2026}).context["rows"] == []
    assert client_for(blitar_officer).get("/layanan/surat/agenda/").status_code == 403


def test_a_bad_year_is_a_400_naming_the_filter(client_for, jatinom_operator, year_of_letters):
    response = client_for(jatinom_operator).get("/layanan/surat/agenda/", {"year": "dua ribu", "export": "xlsx"})
    assert response.status_code == 400 and "Tahun" in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
