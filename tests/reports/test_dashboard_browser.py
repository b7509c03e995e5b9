"""The district officer opens the regency dashboard in Chromium and drills down to Jatinom."""

import re
from datetime import date

import pytest

from accounts.models import Role

from ..conftest import BLITAR, JATINOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(transactional_db, make_user, make_person):  # make_person loads the Blitar regions
    from migrants.models import Placement
    from reports import rollup

    year = date.today().year
    for sex, country in [("F", "TW"), ("F", "HK"), ("M", "MY")]:
        person = make_person(JATINOM, sex=sex)
        Placement.objects.create(village_id=JATINOM, person=person, status="working", destination_country=country,
                                 departure_date=date(year, 1, 15))
    rollup.rebuild_all()
    return make_user("petugas.blitar", (Role.DISTRICT_OFFICER, BLITAR), full_name="Petugas Blitar")


@pytest.mark.parametrize("width", [360, 1280])
def test_district_officer_drills_down_from_the_regency_to_jatinom(page_at, live_server, login_page, officer, width):
    page = page_at(width)
    login_page(page, live_server, "petugas.blitar")
    page.goto(f"{live_server.url}/laporan/")
    assert page.url.startswith(f"{live_server.url}/laporan/dasbor/{BLITAR}/")
    assert "Blitar" in page.get_by_test_id("dashboard-title").inner_text()
    departures = page.locator("[data-testid=headline][data-key=departures] .value")
    assert departures.inner_text() == "3"
    # The chart library is served locally and loads when a chart comes near the screen (not on a first visit).
    page.locator("canvas[data-chart=departures]").scroll_into_view_if_needed()
    page.locator(".chart-box[data-lazy-state=loaded]").first.wait_for()
    assert page.evaluate("typeof Chart") == "function"
    assert page.locator("canvas[data-chart=departures]").count() == 1
    # Nothing of the dashboard sticks out sideways (wide tables scroll inside their own box).
    wide = page.evaluate("""Array.from(document.querySelectorAll('main *')).filter(
        e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
          && !e.closest('.table-responsive, .leaflet-container'))
        .map(e => e.tagName + '.' + e.className).slice(0, 8)""")  # the map clips its own panes
    assert wide == []
    if width == 360:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    # wait_for_url, not wait_for_load_state: the latter may return on the page still shown, before the click's
    # navigation has begun (a flake on a loaded machine).
    page.get_by_test_id("children").get_by_role("link", name="Kanigoro").click()
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/laporan/dasbor/35.05.10/")))
    page.get_by_test_id("children").get_by_role("link", name="Jatinom").click()
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/laporan/dasbor/{JATINOM}/")))
    assert "Jatinom" in page.get_by_test_id("dashboard-title").inner_text()
    assert page.locator("[data-testid=headline][data-key=abroad_now] .value").inner_text() == "3"
    assert "Kabupaten Blitar" in page.get_by_test_id("crumbs").inner_text()
    page.screenshot(path=f"test-artifacts/reports-jatinom-{width}.png", full_page=True)
