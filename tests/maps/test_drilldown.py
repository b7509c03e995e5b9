"""The officer's map below the regency: kecamatan of a regency, villages of a kecamatan (issue 22.6)."""

import pytest

from maps import services
from maps.colour import NO_DATA, NO_DATA_COLOUR, PALETTE, VALUE
from maps.services import MapNotAvailable

from ..conftest import GOGODESO, JATINOM
from .conftest import YEAR

KANIGORO = "35.05.10"


@pytest.fixture
def village_figures(regions, put_rollups):
    put_rollups({JATINOM: {"abroad_now": 12, "departures": 4}, GOGODESO: {"abroad_now": 3},
                 "35.05.15.2001": {"abroad_now": 40}})


def by_code(data):
    return {a["code"]: a for a in data["areas"]}


def test_regency_map_shows_its_kecamatan_from_the_regency_district_file(village_figures, blitar_officer):
    from regions.models import Region

    data = services.officer_map(blitar_officer, "35.05", "abroad_now", YEAR)
    assert data["geometry"] == "/static/maps/geo/build/districts/35.05.json"
    assert [a["code"] for a in data["areas"]] == list(
        Region.objects.filter(parent_id="35.05").order_by("code").values_list("code", flat=True))
    assert len(data["areas"]) == 22
    areas = by_code(data)
    assert (areas[KANIGORO]["name"], areas[KANIGORO]["value"], areas[KANIGORO]["url"]) == (
        "Kecamatan Kanigoro", 15, "/laporan/dasbor/35.05.10/")
    # One scale over the kecamatan shown: 15 and 40 are two classes, light and dark.
    assert (areas[KANIGORO]["colour"], areas["35.05.15"]["colour"]) == (PALETTE[0], PALETTE[4])
    assert (areas["35.05.01"]["state"], areas["35.05.01"]["colour"]) == (NO_DATA, NO_DATA_COLOUR)
    assert data["without_boundary"] == []


def test_kecamatan_map_shows_its_villages_from_the_regency_village_file(village_figures, blitar_officer):
    from regions.models import Region

    data = services.officer_map(blitar_officer, KANIGORO, "abroad_now", YEAR)
    # Every kecamatan of Kabupaten Blitar draws from the one village file of the regency.
    assert data["geometry"] == "/static/maps/geo/build/villages/35.05.json"
    assert [a["code"] for a in data["areas"]] == list(
        Region.objects.filter(parent_id=KANIGORO).order_by("code").values_list("code", flat=True))
    areas = by_code(data)
    assert (areas[JATINOM]["name"], areas[JATINOM]["value"], areas[JATINOM]["label"], areas[JATINOM]["url"]) == (
        "Desa Jatinom", 12, "12", f"/laporan/dasbor/{JATINOM}/")
    assert (areas[JATINOM]["state"], areas[JATINOM]["colour"]) == (VALUE, PALETTE[4])
    assert (areas[GOGODESO]["value"], areas[GOGODESO]["colour"]) == (3, PALETTE[0])
    legend = [(row["state"], row["label"]) for row in data["legend"]]
    assert legend == [(VALUE, "1 – 3"), (VALUE, "4 – 15"), (NO_DATA, "Belum ada data")]  # 12 rounds up to 15
    assert data["without_boundary"] == []


def test_village_map_values_are_the_kecamatan_table_values(village_figures, blitar_officer):
    from reports import services as reports

    table = reports.child_table(KANIGORO, YEAR)
    column = [c["key"] for c in table["columns"]].index("departures")
    data = services.officer_map(blitar_officer, KANIGORO, "departures", YEAR)
    shown = {a["code"]: a["value"] for a in data["areas"] if a["state"] == VALUE}
    assert shown == {row["code"]: row["values"][column] for row in table["rows"] if row["values"][column]}
    assert shown == {JATINOM: 4}


def test_a_village_without_a_boundary_is_listed_with_its_value(regions, put_rollups, national_officer):
    """Kota Ternate's Tongole (82.71.06.1016) is one of the 360 villages the boundary data lacks."""
    from regions import loader

    loader.load(only="82.71")
    put_rollups({"82.71.06.1016": {"abroad_now": 7}, "82.71.06.1001": {"abroad_now": 2}})
    data = services.officer_map(national_officer, "82.71.06", "abroad_now", YEAR)
    assert data["geometry"] == "/static/maps/geo/build/villages/82.71.json"
    assert data["without_boundary"] == ["82.71.06.1016"]
    tongole = by_code(data)["82.71.06.1016"]
    assert (tongole["name"], tongole["value"], tongole["state"]) == ("Kelurahan Tongole", 7, VALUE)
    assert services.officer_map(national_officer, "82.71", "abroad_now", YEAR)["without_boundary"] == []


def test_the_drill_down_is_scoped_like_the_dashboard(village_figures, blitar_officer, jatinom_operator):
    with pytest.raises(MapNotAvailable):
        services.officer_map(jatinom_operator, KANIGORO, "abroad_now", YEAR)
    with pytest.raises(MapNotAvailable):
        services.officer_map(blitar_officer, "35", "abroad_now", YEAR)
    with pytest.raises(MapNotAvailable):
        services.officer_map(blitar_officer, JATINOM, "abroad_now", YEAR)


def test_the_public_map_stops_at_the_regencies_like_the_open_data_table(village_figures):
    for code in ("35.05", KANIGORO):
        with pytest.raises(MapNotAvailable):
            services.public_map(code, "abroad_now", YEAR)


def test_district_officer_map_opens_on_the_regency_and_the_endpoint_serves_kecamatan(
        village_figures, client_for, blitar_officer):
    officer = client_for(blitar_officer)
    index = officer.get("/peta/")
    assert (index.status_code, index["Location"]) == (302, "/peta/35.05/")
    response = officer.get("/peta/data.json", {"wilayah": KANIGORO, "indikator": "abroad_now", "tahun": YEAR})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert by_code(response.json())[JATINOM]["value"] == 12
    assert officer.get("/peta/data.json", {"wilayah": "35.72.01", "tahun": YEAR}).status_code == 404


def test_kecamatan_dashboard_has_the_village_map_and_keeps_its_table(village_figures, client_for, blitar_officer):
    """Without the map (no JavaScript, or the boundary file fails), the table beside it reaches every village."""
    html = client_for(blitar_officer).get(f"/laporan/dasbor/{KANIGORO}/", {"tahun": YEAR}).content.decode()
    assert f'data-region="{KANIGORO}"' in html and "Peta per desa/kelurahan" in html
    assert f'<td><a href="/laporan/dasbor/{JATINOM}/?tahun={YEAR}">Desa Jatinom</a></td>' in html
    village = client_for(blitar_officer).get(f"/laporan/dasbor/{JATINOM}/", {"tahun": YEAR}).content.decode()
    assert "data-choropleth" not in village
