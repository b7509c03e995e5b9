import json

import pytest

from maps import services
from maps.colour import NO_DATA, NO_DATA_COLOUR, PALETTE, SUPPRESSED, VALUE, ZERO, ZERO_COLOUR
from maps.services import MapNotAvailable

from .conftest import YEAR


@pytest.fixture
def three_provinces(regions):
    """Jawa Timur (Kab. and Kota Blitar), Jawa Tengah (Kota Magelang) and Aceh (Kota Banda Aceh) from the
    official data, next to the Kabupaten Blitar the shared fixture loads."""
    from regions import loader

    for code in ("35.72", "33.71", "11.71"):
        loader.load(only=code)


@pytest.fixture
def figures(three_provinces, put_rollups):
    put_rollups({
        "35.05": {"abroad_now": 120, "departures": 30, "departures_nonprocedural": 3},
        "35.72": {"abroad_now": 3, "departures": 2},
        # Magelang reported departures but nobody is abroad now: zero, not "no data".
        "33.71": {"departures": 7},
        # Aceh reported nothing: no rollup row at all.
    })


def by_code(data):
    return {a["code"]: a for a in data["areas"]}


def test_national_map_colours_provinces_and_tells_zero_from_no_data(figures, national_officer):
    data = services.officer_map(national_officer, "", "abroad_now", YEAR)
    areas = by_code(data)
    assert list(areas) == ["11", "33", "35"]
    assert areas["35"] == {
        "code": "35", "name": "Jawa Timur", "value": 123, "state": VALUE, "colour": PALETTE[2], "label": "123",
        "url": "/laporan/dasbor/35/",
    }
    assert (areas["33"]["state"], areas["33"]["value"], areas["33"]["colour"]) == (ZERO, 0, ZERO_COLOUR)
    assert (areas["11"]["state"], areas["11"]["value"], areas["11"]["colour"]) == (NO_DATA, None, NO_DATA_COLOUR)
    assert data["geometry"] == "/static/maps/geo/build/provinces.json"
    assert [row["label"] for row in data["legend"]] == ["0", "1 – 150", "Belum ada data"]
    assert [i["key"] for i in data["indicators"]] == [
        "abroad_now", "departures", "complaints", "overdue_cases", "share_nonprocedural", "readiness"]


def test_share_non_procedural_is_a_percentage_of_departures(figures, national_officer):
    areas = by_code(services.officer_map(national_officer, "", "share_nonprocedural", YEAR))
    assert (areas["35"]["value"], areas["35"]["label"]) == (9.4, "9,4 %")  # 3 of 32 departures
    assert (areas["33"]["value"], areas["33"]["label"]) == (0.0, "0,0 %")  # 0 of 7
    assert areas["11"]["state"] == NO_DATA


def test_province_map_shows_its_regencies_linking_to_their_dashboards(figures, national_officer):
    data = services.officer_map(national_officer, "35", "departures", YEAR)
    assert [(a["code"], a["value"], a["url"]) for a in data["areas"]] == [
        ("35.05", 30, "/laporan/dasbor/35.05/"), ("35.72", 2, "/laporan/dasbor/35.72/"),
    ]
    assert data["geometry"] == "/static/maps/geo/build/regencies-35.json"


def test_unknown_indicator_falls_back_to_the_first_one(figures, national_officer):
    assert services.officer_map(national_officer, "", "no_such_thing", YEAR)["indicator"] == "abroad_now"


def test_map_is_scoped_like_the_dashboard(figures, province_officer, blitar_officer):
    assert [a["code"] for a in services.officer_map(province_officer, "35", "abroad_now", YEAR)["areas"]] == [
        "35.05", "35.72"]
    with pytest.raises(MapNotAvailable):
        services.officer_map(province_officer, "", "abroad_now", YEAR)
    with pytest.raises(MapNotAvailable):
        services.officer_map(province_officer, "33", "abroad_now", YEAR)
    with pytest.raises(MapNotAvailable):
        services.officer_map(blitar_officer, "35", "abroad_now", YEAR)


def test_there_is_no_map_of_a_village_or_of_an_unknown_region(figures, national_officer):
    for code in ("35.05.10.2002", "99", "35.99", "35.05.99"):
        with pytest.raises(MapNotAvailable):
            services.officer_map(national_officer, code, "abroad_now", YEAR)


def published_cells(code, key):
    from regions.models import Level
    from reports import services as reports

    table = reports.open_data(Level.PROVINCE, YEAR) if code == "" else reports.open_data(
        Level.REGENCY, YEAR, province=code)
    return {row["code"]: row[key] for row in table["rows"]}


def test_public_map_never_shows_a_value_the_open_data_table_suppresses(figures):
    for code in ("", "35", "33", "11"):
        for key in ("abroad_now", "departures", "complaints", "share_nonprocedural", "readiness"):
            check_public_map_matches_table(code, key)


def check_public_map_matches_table(code, key):
    data = services.public_map(code, key, YEAR)
    cells = published_cells(code, key)
    assert len(data["areas"]) == len(cells) > 0
    for area in data["areas"]:
        cell = cells[area["code"]]
        if isinstance(cell, str):  # "<5", or "x" for a secondary suppression
            assert (area["state"], area["value"], area["label"]) == (SUPPRESSED, None, f"{cell} (disamarkan)")
        else:
            assert area["value"] == cell
        assert area["state"] != NO_DATA  # the table shows every area; so does the map
    published = [c for c in cells.values() if not isinstance(c, str)]
    # Colour classes come from published numbers only: the top bound covers the largest published value.
    bounds = [row for row in data["legend"] if row["state"] == VALUE]
    assert bool(bounds) == bool([c for c in published if c])


def test_public_national_map_hides_what_secondary_suppression_hides(figures):
    areas = by_code(services.public_map("", "departures", YEAR))
    # Aceh 0 is below 5, so Jawa Tengah's 7 is hidden too (else 39 - 32 - 7 would give Aceh back).
    assert [(c, a["state"], a["value"]) for c, a in areas.items()] == [
        ("11", SUPPRESSED, None), ("33", SUPPRESSED, None), ("35", VALUE, 32),
    ]
    assert areas["35"]["url"] == "/peta/publik/?wilayah=35"  # opens its regency map within open data
    assert areas["35"]["label"] == "32"


def test_public_endpoint_needs_no_login_and_leaks_no_suppressed_number(figures, client):
    response = client.get("/peta/publik/data.json", {"wilayah": "35", "indikator": "abroad_now", "tahun": YEAR})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert [(a["code"], a["state"], a["value"]) for a in body["areas"]] == [
        ("35.05", SUPPRESSED, None), ("35.72", SUPPRESSED, None),
    ]
    assert b"120" not in response.content and b'"value": 3' not in response.content


def test_officer_endpoint_is_scoped_and_needs_login(figures, client, client_for, province_officer):
    anonymous = client.get("/peta/data.json", {"wilayah": "35"})
    assert anonymous.status_code == 302
    officer = client_for(province_officer)
    assert officer.get("/peta/data.json", {"wilayah": "", "tahun": YEAR}).status_code == 404
    ok = officer.get("/peta/data.json", {"wilayah": "35", "indikator": "departures", "tahun": YEAR})
    assert ok.status_code == 200
    assert ok["Cache-Control"] == "private, no-store"
    assert [(a["code"], a["value"]) for a in ok.json()["areas"]] == [("35.05", 30), ("35.72", 2)]


def test_map_pages_render_the_partial_or_the_village_note(figures, client_for, national_officer, client):
    officer = client_for(national_officer)
    page = officer.get("/peta/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-choropleth' in html and 'data-url="/peta/data.json"' in html and 'data-region=""' in html
    assert "/static/maps/vendor/leaflet/leaflet.js" in html
    regency = officer.get("/peta/35.05/").content.decode()
    assert 'data-region="35.05"' in regency and "Peta per kecamatan" in regency
    village = officer.get("/peta/35.05.10.2002/").content.decode()
    assert "data-choropleth" not in village
    assert "Desa/kelurahan tidak dibagi lagi dalam peta: angkanya ada di dasbor desa." in village
    public = client.get("/peta/publik/", {"wilayah": "35"}).content.decode()
    assert 'data-url="/peta/publik/data.json"' in public and 'data-public="1"' in public
    assert client.get("/peta/publik/", {"wilayah": "35.05"}).status_code == 404
