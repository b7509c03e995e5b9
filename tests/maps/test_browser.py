import pytest

from .conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAWA_TIMUR_INSIDE = (-7.9, 112.6)  # near Malang
KAB_BLITAR_INSIDE = (-8.25, 112.35)  # south of Kota Blitar, inside the regency


def wait_for_map(page, region):
    page.wait_for_selector(f'[data-choropleth][data-ready^="{region}|"]')


def click_at(page, latlng):
    """A real mouse click on the map where this point is drawn (hover first, as a person's pointer does)."""
    page.locator("[data-choropleth] [data-role=map]").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([lat, lng]) => {
            const c = document.querySelector('[data-choropleth]').choropleth;
            const p = c.map.latLngToContainerPoint([lat, lng]);
            const r = c.mapEl.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        list(latlng),
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)


@pytest.fixture
def blitar_figures(national_officer, put_rollups):
    put_rollups({"35.05": {"abroad_now": 120, "departures": 30}})


def test_national_officer_drills_down_from_the_national_map_to_kabupaten_blitar(
        page_at, live_server, login_page, national_officer, blitar_figures):
    page = page_at(1280)
    login_page(page, live_server, "petugas.nasional")
    page.goto(f"{live_server.url}/laporan/dasbor/?tahun={YEAR}")
    wait_for_map(page, "")
    jatim = page.locator('[data-choropleth] path[data-code="35"]')
    assert jatim.get_attribute("data-state") == "value"
    assert jatim.get_attribute("fill") == "#fc8d59"
    legend = page.locator("[data-choropleth] [data-role=legend]").inner_text()
    assert "PMI di luar negeri saat ini" in legend and "1 – 150" in legend
    click_at(page, JAWA_TIMUR_INSIDE)
    page.wait_for_url(f"{live_server.url}/laporan/dasbor/35/?tahun={YEAR}")
    wait_for_map(page, "35")
    page.select_option("[data-choropleth] [data-role=indicator]", "departures")
    page.wait_for_selector('[data-choropleth][data-ready="35|departures"]')
    click_at(page, KAB_BLITAR_INSIDE)
    page.wait_for_url(f"{live_server.url}/laporan/dasbor/35.05/?tahun={YEAR}")
    assert "Kabupaten Blitar" in page.get_by_test_id("dashboard-title").inner_text()
    # The regency's dashboard maps its kecamatan in turn.
    wait_for_map(page, "35.05")


def test_hover_shows_the_value_and_a_tap_on_a_phone_shows_it_before_opening(
        page_at, live_server, login_page, national_officer, blitar_figures):
    page = page_at(360, 740)
    login_page(page, live_server, "petugas.nasional")
    page.goto(f"{live_server.url}/peta/?tahun={YEAR}")
    wait_for_map(page, "")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.locator("[data-choropleth]").scroll_into_view_if_needed()
    page.locator("[data-choropleth]").screenshot(path="test-artifacts/maps-national-360.png")
    page.goto(f"{live_server.url}/peta/35/?tahun={YEAR}")
    wait_for_map(page, "35")
    page.locator("[data-choropleth] [data-role=map]").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([lat, lng]) => {
            const c = document.querySelector('[data-choropleth]').choropleth;
            const p = c.map.latLngToContainerPoint([lat, lng]);
            const r = c.mapEl.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", list(KAB_BLITAR_INSIDE))
    page.mouse.move(x, y)
    info = page.locator("[data-choropleth] [data-role=info]")
    assert info.inner_text().startswith("Kabupaten Blitar: 120")
    page.screenshot(path="test-artifacts/maps-province-360.png", full_page=True)


def test_open_data_map_draws_suppressed_cells_as_suppressed(page_at, live_server, three_small_figures):
    page = page_at(360, 740)
    page.goto(f"{live_server.url}/laporan/data-terbuka/?tahun={YEAR}")
    wait_for_map(page, "")
    assert page.locator('[data-choropleth] path[data-code="35"]').get_attribute("data-state") == "suppressed"
    assert page.locator('[data-choropleth] path[data-code="35"]').get_attribute("fill") == "url(#payung-hatch)"
    assert "120" not in page.locator("[data-choropleth]").inner_text()
    page.locator("[data-choropleth]").screenshot(path="test-artifacts/maps-open-data-360.png")


@pytest.fixture
def three_small_figures(regions, put_rollups):
    # One province only: its count (120) would be the national total, so the table shows it; a second
    # province with 3 makes both hidden (primary <5, then secondary).
    from regions import loader

    loader.load(only="33.71")
    put_rollups({"35.05": {"abroad_now": 120}, "33.71": {"abroad_now": 3}})


# Points well inside their area (at least 500 m from its border), found from the built boundary files.
KANIGORO_INSIDE = (-8.1244, 112.2075)
JATINOM_INSIDE = (-8.1303, 112.1773)


@pytest.fixture
def kanigoro_figures(blitar_officer, put_rollups):
    put_rollups({"35.05.10.2002": {"abroad_now": 12}, "35.05.10.2003": {"abroad_now": 3}})


def test_blitar_officer_clicks_kanigoro_then_jatinom_and_reaches_its_dashboard(
        page_at, live_server, login_page, blitar_officer, kanigoro_figures):
    page = page_at(1280)
    login_page(page, live_server, "petugas.blitar")
    page.goto(f"{live_server.url}/peta/?tahun={YEAR}")
    page.wait_for_url(f"{live_server.url}/peta/35.05/")
    wait_for_map(page, "35.05")
    assert page.locator("[data-choropleth] path[data-code]").count() == 22
    kanigoro = page.locator('[data-choropleth] path[data-code="35.05.10"]')
    assert (kanigoro.get_attribute("data-state"), kanigoro.get_attribute("fill")) == ("value", "#fc8d59")
    click_at(page, KANIGORO_INSIDE)
    page.wait_for_url(f"{live_server.url}/laporan/dasbor/35.05.10/?tahun={YEAR}")
    wait_for_map(page, "35.05.10")
    jatinom = page.locator('[data-choropleth] path[data-code="35.05.10.2002"]')
    assert (jatinom.get_attribute("data-state"), jatinom.get_attribute("fill")) == ("value", "#b30000")
    assert page.locator("[data-choropleth] path[data-code]").count() == 12  # Kanigoro's 12 desa/kelurahan
    assert page.get_by_test_id("map-missing").is_hidden()  # every village of Kanigoro has a boundary
    page.locator("[data-choropleth]").screenshot(path="test-artifacts/maps-kanigoro-1280.png")
    click_at(page, JATINOM_INSIDE)
    page.wait_for_url(f"{live_server.url}/laporan/dasbor/35.05.10.2002/?tahun={YEAR}")
    assert "Jatinom" in page.get_by_test_id("dashboard-title").inner_text()
    assert page.locator("[data-choropleth]").count() == 0


def test_without_the_village_boundaries_the_kecamatan_page_still_reaches_jatinom_by_its_table(
        page_at, live_server, login_page, blitar_officer, kanigoro_figures):
    page = page_at(360, 740)
    page.route("**/maps/geo/build/villages/**", lambda route: route.abort())
    login_page(page, live_server, "petugas.blitar")
    page.goto(f"{live_server.url}/laporan/dasbor/35.05.10/?tahun={YEAR}")
    page.locator("[data-choropleth]").scroll_into_view_if_needed()
    info = page.locator("[data-choropleth] [data-role=info]")
    info.get_by_text("Peta tidak dapat dimuat. Angka tetap tersedia di tabel.").wait_for()
    page.get_by_test_id("children").get_by_role("link", name="Jatinom").click()
    page.wait_for_url(f"{live_server.url}/laporan/dasbor/35.05.10.2002/?tahun={YEAR}")
    assert "Jatinom" in page.get_by_test_id("dashboard-title").inner_text()


def test_a_village_without_a_boundary_is_listed_below_the_map(page_at, live_server, login_page, national_officer,
                                                              put_rollups):
    from regions import loader

    loader.load(only="82.71")
    put_rollups({"82.71.06.1016": {"abroad_now": 7}})
    from tests.e2e.test_csp_browser import watch_csp

    page = page_at(360, 740)
    violations = watch_csp(page)
    login_page(page, live_server, "petugas.nasional")
    page.goto(f"{live_server.url}/peta/82.71.06/?tahun={YEAR}")
    wait_for_map(page, "82.71.06")
    missing = page.get_by_test_id("map-missing")
    assert missing.is_visible()
    assert missing.locator("li").all_inner_texts() == ["Kelurahan Tongole: 7"]
    assert missing.get_by_role("link", name="Tongole").get_attribute("href") == (
        f"/laporan/dasbor/82.71.06.1016/?tahun={YEAR}")
    assert page.locator('[data-choropleth] path[data-code="82.71.06.1016"]').count() == 0
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert violations == []  # the list is built without inline styles or scripts (CSP 'self')
