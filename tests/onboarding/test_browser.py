"""The onboarding path on a 360-px phone (issue 22.1): the Blitar officer adds a village, invites its operator with
a printed sheet; the operator types the sheet's code, chooses a password and signs in. Nothing overflows sideways
and the page runs no inline script (CSP)."""

import re

import pytest

from accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Payung-Pertama-2026"


@pytest.fixture
def officer(transactional_db, make_user):
    from regions import loader

    loader.load(only="35.05")
    return make_user("petugas.blitar", (Role.DISTRICT_OFFICER, "35.05"), full_name="Petugas Blitar")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_officer_onboards_a_village_and_its_operator_signs_in_with_the_printed_code(page_at, live_server,
                                                                                   login_page, officer):
    from regions.models import Region

    village = Region.objects.villages().filter(code__startswith="35.05.").order_by("code").first()
    errors = []
    page = page_at(360)
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    login_page(page, live_server, "petugas.blitar")

    page.goto(f"{live_server.url}/kelola/desa/")
    _no_sideways_scroll(page)
    page.get_by_test_id("village-add").click()
    page.fill("#id_village", village.code)  # the picker takes a typed Kemendagri code too
    page.fill("#id_address", "Jl. Raya 1")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/kelola/desa/{village.code}/"
    assert "Katalog layanan:" in page.get_by_test_id("village-status").inner_text()
    _no_sideways_scroll(page)

    page.get_by_test_id("invite").click()
    page.fill("#id_full_name", "Sri Wahyuni")
    page.select_option("#id_role", Role.VILLAGE_OPERATOR)
    page.check("input[name=channel][value=sheet]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    sheet = page.get_by_test_id("sheet")
    assert sheet.count() == 1
    code = page.get_by_test_id("sheet-code").inner_text()
    username = page.get_by_test_id("sheet-username").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    _no_sideways_scroll(page)
    page.screenshot(path="test-artifacts/onboarding-sheet-360.png", full_page=True)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/kelola/aktivasi/")
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/kelola/aktivasi/kata-sandi/"
    assert username in page.inner_text("main")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/akun/masuk/"
    _no_sideways_scroll(page)
    login_page(page, live_server, username, password=NEW_PASSWORD)
    assert page.url == f"{live_server.url}/"
    assert errors == []


def test_an_empty_invitation_comes_back_marked_on_a_phone(page_at, live_server, login_page, officer):
    from tests.e2e.test_forms_browser import assert_summary_marks_the_fields, submit_empty

    page = page_at(360)
    login_page(page, live_server, "petugas.blitar")
    submit_empty(page, f"{live_server.url}/kelola/desa/35.05.10.2002/undang/", "id_full_name")
    assert_summary_marks_the_fields(page, "id_full_name")
