"""The dashboards' and open data's selectors (reports.filters): a bad year, level or province is a 400 that names
it (a page with the message, a plain-text refusal for a file, JSON for the map), never a 500, and a file is never
exported for a year nobody asked for."""

import pytest

from audit.models import Action, AuditEntry

from ..conftest import JATINOM


@pytest.mark.parametrize("query, message", [
    ("tahun=abc", "Saringan tidak valid — Tahun: Masukkan keseluruhan angka bilangan."),
    ("tahun=1999", "Saringan tidak valid — Tahun: Pastikan nilai ini lebih besar dari atau sama dengan 2000."),
])
def test_a_bad_year_on_the_dashboard_is_a_400_with_the_message(client_for, jatinom_operator, query, message):
    response = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_year_refuses_the_export_and_writes_no_export_entry(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    for url in (f"/laporan/dasbor/{JATINOM}/xlsx/?tahun=abc", f"/laporan/dasbor/{JATINOM}/pdf/?tahun=abc",
                "/laporan/data-terbuka/provinsi.csv?tahun=abc"):
        response = client.get(url)
        assert response.status_code == 400
        assert response.content.decode() == "Saringan tidak valid — Tahun: Masukkan keseluruhan angka bilangan."
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_export_entry_names_the_year_exported(client_for, jatinom_operator):
    assert client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/xlsx/?tahun=2026").status_code == 200
    assert AuditEntry.objects.get(action=Action.EXPORT).note.endswith("saringan: tahun=2026")


def test_bad_open_data_selectors_are_a_400_that_names_them(client, regions):
    page = client.get("/laporan/data-terbuka/?tingkat=desa&provinsi=99")
    assert page.status_code == 400
    body = page.content.decode()
    assert "Tingkat: Masukkan pilihan yang valid. desa bukan salah satu dari pilihan yang tersedia." in body
    assert "Provinsi: Masukkan pilihan yang valid." in body
    refused = client.get("/laporan/data-terbuka/peta.json?tahun=x")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"tahun": ["Masukkan keseluruhan angka bilangan."]}
    assert client.get("/laporan/data-terbuka/?tingkat=kabupaten&provinsi=35").status_code == 200


def test_a_bad_year_on_the_dashboard_map_values_is_a_json_400(client_for, jatinom_operator):
    response = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/peta.json?tahun=20x6")
    assert response.status_code == 400
    assert response.json()["errors"] == {"tahun": ["Masukkan keseluruhan angka bilangan."]}
