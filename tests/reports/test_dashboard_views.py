"""Dashboards, exports and scoping: what each user may open, and that exports hold only their region."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from reports import rollup

from ..conftest import BLITAR, GOGODESO, JATINOM


@pytest.fixture
def data(make_placement):
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 2, 10))
    make_placement(JATINOM, "M", status="working", destination_country="HK", departure_date=date(2026, 3, 10))
    for _ in range(3):
        make_placement(GOGODESO, "F", status="working", destination_country="MY", departure_date=date(2026, 4, 1))
    rollup.rebuild_all(today=date(2026, 5, 15))


def test_village_operator_is_sent_to_the_village_dashboard(client_for, jatinom_operator, data):
    response = client_for(jatinom_operator).get("/laporan/")
    assert response.status_code == 302
    assert response["Location"] == f"/laporan/dasbor/{JATINOM}/"


def test_village_operator_cannot_open_another_village_or_the_regency(client_for, jatinom_operator, data):
    client = client_for(jatinom_operator)
    assert client.get(f"/laporan/dasbor/{GOGODESO}/").status_code == 404
    assert client.get(f"/laporan/dasbor/{BLITAR}/").status_code == 404
    assert client.get("/laporan/dasbor/").status_code == 404
    assert client.get(f"/laporan/dasbor/{GOGODESO}/xlsx/?tahun=2026").status_code == 404
    assert client.get(f"/laporan/dasbor/{GOGODESO}/peta.json").status_code == 404


def test_village_dashboard_shows_only_the_village_figures(client_for, jatinom_operator, data):
    response = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    assert response.status_code == 200
    departures = [i for i in response.context["data"]["headline"] if i["key"] == "departures"][0]
    assert departures["value"] == 2
    assert departures["trend"][1:4] == [1, 1, 0]
    assert response.context["data"]["children"] is None


def test_village_export_never_includes_another_village(client_for, jatinom_operator, data):
    response = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/xlsx/?tahun=2026")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert JATINOM in cells
    assert not any("Gogodeso" in c or GOGODESO in c for c in cells)
    summary = {row[1]: row[2] for row in wb["Ringkasan"].iter_rows(values_only=True) if len(row) > 2}
    assert summary["Keberangkatan"] == 2
    # Malaysia is only in Gogodeso's data.
    assert "Malaysia" not in cells


def test_regency_dashboard_lists_kecamatan_with_their_sums(client_for, blitar_officer, data):
    response = client_for(blitar_officer).get(f"/laporan/dasbor/{BLITAR}/?tahun=2026")
    assert response.status_code == 200
    table = response.context["data"]["children"]
    assert len(table["rows"]) == 22
    keys = [c["key"] for c in table["columns"]]
    row = [r for r in table["rows"] if r["code"] == "35.05.10"][0]
    assert row["values"][keys.index("departures")] == 5
    assert row["values"][keys.index("abroad_now")] == 5


def test_pdf_export_is_a_pdf_and_is_audited(client_for, blitar_officer, data):
    from audit.models import AuditEntry

    response = client_for(blitar_officer).get(f"/laporan/dasbor/{BLITAR}/pdf/?tahun=2026")
    assert response.status_code == 200
    assert response.content[:5] == b"%PDF-"
    entry = AuditEntry.objects.get(action="export", object_type="reports.dashboard")
    assert entry.region_code == BLITAR


def test_national_dashboard_for_the_national_officer(client_for, national_officer, data):
    response = client_for(national_officer).get("/laporan/dasbor/?tahun=2026")
    assert response.status_code == 200
    table = response.context["data"]["children"]
    assert len(table["rows"]) == 1  # only Jawa Timur is loaded in the fixture
    assert client_for(national_officer).get("/laporan/dasbor/peta.json?tahun=2026").json()["areas"]["35"][
        "departures"] == 5


def test_village_refresh_recomputes_one_village_on_demand(client_for, jatinom_operator, data, make_placement):
    from reports.models import Rollup

    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 5, 2))
    response = client_for(jatinom_operator).post(f"/laporan/dasbor/{JATINOM}/perbarui/")
    assert response.status_code == 302
    rows = Rollup.objects.filter(indicator="departures", dimension="", year=2026, month=5)
    assert {r.region_code: r.value for r in rows} == {JATINOM: 1, "35.05.10": 1, BLITAR: 1, "35": 1, "": 1}
