"""A family on a phone without JavaScript finds its village with the picker's "Cari" button (issue 17 point 1)."""

import re

import pytest

from cases.models import Case

SUKOREJO_SUTOJAYAN = "35.05.12.1007"


@pytest.mark.browser
def test_complaint_without_javascript_finds_the_village_by_name_and_is_sent(browser, live_server, transactional_db,
                                                                            settings):
    from regions import loader

    loader.load(only="35.05")
    settings.CASES_FORM_MIN_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=False)
    context.set_default_timeout(30000)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/kasus/pengaduan/")
        page.fill("#id_complainant_name", "Sutrisno")
        page.fill("#id_complainant_phone", "0812 3456 7890")
        page.fill("#id_worker_name", "Sri Wahyuni")
        page.fill("#id_village_q", "Desa Sukorejo Sutojayan")
        page.click("button[name=region_search][value=village]")
        # The same form comes back with the matches; what was typed is kept.
        assert page.input_value("#id_complainant_name") == "Sutrisno"
        page.check(f"input[type=radio][name=village][value='{SUKOREJO_SUTOJAYAN}']")
        page.select_option("#id_category", "unpaid_wages")
        page.fill("#id_description", "Gaji empat bulan belum dibayar.")
        page.check("#id_consent_process")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.click("button[type=submit]:has-text('Kirim pengaduan')")
        code = page.locator("[data-testid=tracking-code]").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        assert Case.objects.get().village_id == SUKOREJO_SUTOJAYAN
    finally:
        context.close()
