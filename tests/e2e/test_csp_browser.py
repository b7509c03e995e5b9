"""Content-Security-Policy: every key page carries `script-src 'self'` and still works in Chromium with no
violation reported (no inline script, handler or style left), including the htmx region search."""

import pytest

from accounts.models import Role

from ..conftest import JATINOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def users(transactional_db, make_user):
    from regions import loader

    loader.load(only="35.05")
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")
    make_user("petugas.nasional", (Role.NATIONAL_OFFICER, None), full_name="Petugas Nasional")


def watch_csp(page):
    """Collects every CSP violation Chromium reports (console messages and securitypolicyviolation events)."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' "
                         "+ e.blockedURI));")
    return violations


def open_checked(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, url
    assert response.status == 200, url
    return response


def search_region(page, field_id, name, code):
    picker = page.locator(f".region-picker[data-target={field_id}]")
    picker.locator("input[type=search]").fill(name)
    choice = picker.locator(f".region-choice[data-code='{code}']")
    choice.wait_for()
    choice.click()
    assert page.input_value(f"#{field_id}") == code


def test_public_pages_work_under_the_policy_with_no_violation(page_at, live_server, users):
    page = page_at(360)
    violations = watch_csp(page)
    for path in ["/publik/", "/publik/berita/", "/laporan/data-terbuka/"]:
        open_checked(page, f"{live_server.url}{path}")
    open_checked(page, f"{live_server.url}/kasus/pengaduan/")
    search_region(page, "id_village", "Jatinom", JATINOM)
    assert violations == []


def test_staff_pages_work_under_the_policy_with_no_violation(page_at, live_server, login_page, users):
    page = page_at(1280)
    violations = watch_csp(page)
    login_page(page, live_server, "op.jatinom")
    for path in ["/", "/kasus/", "/warga/"]:
        open_checked(page, f"{live_server.url}{path}")
    open_checked(page, f"{live_server.url}/warga/baru/")
    search_region(page, "id_village", "Jatinom", JATINOM)
    # The user menu is a <details>: it opens without any script.
    page.click("[data-testid=user-menu]")
    assert page.get_by_role("button", name="Keluar").is_visible()
    assert violations == []


def test_dashboard_and_map_work_under_the_policy_with_no_violation(page_at, live_server, login_page, users):
    page = page_at(1280)
    violations = watch_csp(page)
    login_page(page, live_server, "petugas.nasional")
    open_checked(page, f"{live_server.url}/laporan/dasbor/")
    # The map and the charts load their code when scrolled near (data-lazy-scripts).
    page.locator("[data-testid=choropleth]").scroll_into_view_if_needed()
    page.locator("[data-testid=choropleth] select[data-role=indicator]:not([disabled])").wait_for()
    if page.locator(".chart-box").count():
        page.locator(".chart-box").first.scroll_into_view_if_needed()
        page.locator(".chart-box[data-lazy-state=loaded]").first.wait_for()
    # The year picker submits itself (static script, not an inline onchange handler).
    years = page.locator("#tahun option").all_inner_texts()
    if len(years) > 1:
        with page.expect_navigation():
            page.select_option("#tahun", years[-1])
        assert f"tahun={years[-1]}" in page.url
    open_checked(page, f"{live_server.url}/peta/")
    assert violations == []
