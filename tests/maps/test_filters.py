"""The map's selectors (maps.filters): a malformed area, an unknown indicator or a bad year is a 400 that names
it; a well-formed area without a map stays a 404."""

from tests.conftest import JATINOM


def test_bad_map_selectors_are_a_json_400_that_names_them(client, regions):
    response = client.get("/peta/publik/data.json?wilayah=jawa&indikator=bogus&tahun=abc")
    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["indikator", "tahun", "wilayah"]
    assert response.json()["detail"].startswith("Saringan tidak valid — ")
    assert client.get("/peta/publik/data.json?wilayah=99").status_code == 404


def test_a_bad_year_on_the_map_page_is_a_400_with_the_message(client_for, national_officer, regions):
    response = client_for(national_officer).get("/peta/?tahun=abc")
    assert response.status_code == 400
    assert "Saringan tidak valid — Tahun: Masukkan keseluruhan angka bilangan." in response.content.decode()


def test_the_officer_map_refuses_a_malformed_area(client_for, jatinom_operator):
    response = client_for(jatinom_operator).get(f"/peta/data.json?wilayah={JATINOM}x")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["wilayah"]
