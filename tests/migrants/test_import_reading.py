"""How the import reads what villages type, and shows it before anything is written: names tidied (the typed
spelling kept in history), village codes without dots, two-digit years (with the century rule stated), the
Indonesian headers beside the old ones, the template's example row, drop-down lists and notes."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from migrants import imports
from migrants.imports.reading import century_rule, full_year, tidy_name
from people.models import Person

from .conftest import JATINOM, make_nik
from .test_import import HEADER, row, xlsx


@pytest.mark.parametrize("typed,stored", [
    ("SITI  AMINAH", "Siti Aminah"), ("  Siti   Aminah ", "Siti Aminah"),
    ("SITI AMINAH BINTI KARTO", "Siti Aminah binti Karto"), ("NUR'AINI", "Nur'aini"), ("M. YUSUF", "M. Yusuf"),
    ("ANAK-AGUNG", "Anak-Agung"), ("Siti McDonald", "Siti McDonald"),
    ("siti aminah", "siti aminah"),
])
def test_names_are_tidied_and_only_whole_capitals_become_proper_case(typed, stored):
    assert tidy_name(typed) == stored


def test_a_name_typed_in_capitals_is_stored_in_proper_case_with_the_typed_spelling_in_history(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(nama="SITI   AMINAH")), jatinom_operator)
    assert preview.readings[0]["cells"][1] == ("Nama", "Siti Aminah", "SITI   AMINAH")
    imports.commit(preview, jatinom_operator)
    person = Person.objects.get()
    assert person.name == "Siti Aminah"
    assert [h.history_change_reason for h in person.history.all()] == ["Impor: nama diketik 'SITI   AMINAH'"]


def test_a_known_name_in_capitals_is_tidied_by_a_later_import_and_the_old_spelling_stays_in_history(
        agency, jatinom_operator):
    imports.commit(xlsx(row(nama="Siti Aminah")), jatinom_operator)
    person = Person.objects.get()
    person.name = "SITI AMINAH"
    person.save()
    preview = imports.validate(xlsx(row(nama="SITI AMINAH")), jatinom_operator)
    assert [(r["change"], r["changed"]) for r in preview.rows] == [("changed", ("Nama",))]
    imports.commit(preview, jatinom_operator)
    names = [h.name for h in person.history.order_by("history_id")]
    assert names == ["Siti Aminah", "SITI AMINAH", "Siti Aminah"]


def test_a_village_code_without_dots_is_read(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(kode_desa=JATINOM.replace(".", ""))), jatinom_operator)
    assert preview.errors == []
    assert preview.rows[0]["village"] == JATINOM
    assert preview.readings[0]["cells"][4][1].startswith(f"{JATINOM} ")  # the code and the village's name


@pytest.mark.parametrize("text,birth,year", [("95", True, 1995), ("05", True, 2005), ("26", True, 2026),
                                             ("27", True, 1927), ("46", False, 2046), ("47", False, 1947)])
def test_two_digit_years_follow_the_stated_century_rule(text, birth, year):
    assert full_year(text, birth, this_year=2026) == year


def test_two_digit_years_are_read_and_the_preview_states_the_century_rule(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(tanggal_lahir="17/05/95", mulai_kontrak="10-01-25", akhir_kontrak="9 Jan 27",
                                        tanggal_berangkat="5/1/25")), jatinom_operator)
    assert preview.errors == []
    assert (preview.rows[0]["birth_date"], preview.rows[0]["contract_end"]) == (
        datetime.date(1995, 5, 17), datetime.date(2027, 1, 9))
    assert preview.two_digit_years is True
    assert preview.readings[0]["cells"][3] == ("Tanggal lahir", "17 Mei 1995", "17/05/95")


def test_four_digit_years_state_no_century_rule(agency, jatinom_operator):
    assert imports.validate(xlsx(row()), jatinom_operator).two_digit_years is False


def test_indonesian_headers_and_old_headers_are_read_alike(agency, jatinom_operator):
    titles = [imports.TITLES[key] for _h, key, *_r in imports.COLUMNS]
    new = imports.validate(xlsx(row(), header=titles), jatinom_operator)
    old = imports.validate(xlsx(row(), header=HEADER), jatinom_operator)
    shouting = imports.validate(xlsx(row(), header=[t.upper() for t in titles]), jatinom_operator)
    assert new.errors == old.errors == shouting.errors == []
    assert [r["name"] for r in new.rows] == [r["name"] for r in old.rows] == [r["name"] for r in shouting.rows]


def test_the_template_has_an_example_row_drop_down_lists_notes_and_indonesian_headers():
    wb = load_workbook(io.BytesIO(imports.template_bytes()))
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["NIK", "No. KK", "Nama", "Jenis kelamin", "Tempat lahir"]
    assert ws.cell(row=2, column=header.index("Nama") + 1).value == "Siti Aminah (contoh)"
    assert ws.cell(row=2, column=header.index("Tanggal lahir") + 1).value == datetime.datetime(1995, 5, 7)
    listed = {}
    for validation in ws.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        listed[ws[f"{column}1"].value] = validation
    for coded in ("Jenis kelamin", "Status", "Skema", "Sektor", "Negara tujuan"):
        assert listed[coded].type == "list", coded
    lists = wb[listed["Negara tujuan"].formula1.split("!")[0].lstrip("=").strip("'")]
    assert lists.sheet_state == "hidden"
    column = listed["Jenis kelamin"].formula1.split("!$")[1][0]
    assert [c.value for c in lists[column] if c.value] == ["Laki-laki", "Perempuan"]
    assert "Wajib diisi" in ws.cell(row=1, column=header.index("NIK") + 1).comment.text
    assert century_rule() in ws.cell(row=1, column=header.index("Tanggal lahir") + 1).comment.text
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")


def test_the_templates_example_row_is_skipped_and_a_filled_template_imports(agency, jatinom_operator):
    wb = load_workbook(io.BytesIO(imports.template_bytes()))
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    values = {"NIK": make_nik(), "Nama": "Rina Wati", "Jenis kelamin": "Perempuan", "Tanggal lahir": "3/4/1996",
              "Kode desa": JATINOM, "Negara tujuan": "HK – Hong Kong", "Skema": "P to P (melalui P3MI)",
              "Status": "Minat tercatat"}
    for title, value in values.items():
        ws.cell(row=3, column=header.index(title) + 1, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    preview = imports.validate(buf.getvalue(), jatinom_operator)
    assert (preview.errors, preview.example_rows, preview.total_rows) == ([], (2,), 1)
    assert (preview.rows[0]["destination_country"], preview.rows[0]["scheme"]) == ("HK", "p2p")


def test_the_preview_page_shows_how_values_were_read_and_what_changes_before_writing(
        agency, jatinom_operator, client_for, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    imports.commit(xlsx(row()), jatinom_operator)
    client = client_for(jatinom_operator)
    data = xlsx(row(), row(nik=make_nik(serial="0002"), nama="RINA  WATI", tanggal_lahir="3/4/96",
                           telepon="0812-1111-2222", kode_desa=JATINOM.replace(".", "")))
    response = client.post("/pmi/impor/", {"file": SimpleUploadedFile("data.xlsx", data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="century-rule"' in page and century_rule() in page
    for shown in ("Rina Wati", "RINA  WATI", "3 April 1996", "3/4/96", "+6281211112222", "0812-1111-2222",
                  f"{JATINOM} Jatinom", "tidak berubah", "baru"):
        assert shown in page, shown
    assert Person.objects.count() == 1  # nothing written by the preview
