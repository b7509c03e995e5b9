"""Issue 17.5: every page works at 360 px and without JavaScript.

- The phone menu (every entry, logout and the language switch included) opens with JavaScript switched off.
- A sweep signs in as every demo role and opens, at 360 px, the home page, every page of the role's menu and the
  first record each list links to: none is wider than the screen
  (`document.scrollingElement.scrollWidth <= innerWidth`).
"""

import pytest
from django.core.management import call_command

from tests.conftest import BLITAR, JATINOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Payung-Demo-2026"
# Links out of a page that open a file, an export or the API rather than a page.
NOT_PAGES = (".csv", ".xlsx", ".pdf", ".json", "/ekspor", "/xlsx/", "/pdf/", "/berkas", "/unduh", "/api/",
             "/admin/", "/i18n/", "/rss/", "/atom/", "/foto/", "/sampul/", "/lampiran/", "/surat.pdf")

OVERFLOW = """() => {
  const el = document.scrollingElement;
  if (el.scrollWidth <= window.innerWidth) return null;
  const wide = Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > window.innerWidth + 1 && !e.closest('.table-responsive, .overflow-auto, pre');
  }).slice(-4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                     + ' "' + (e.textContent || '').trim().slice(0, 30) + '"');
  return {scrollWidth: el.scrollWidth, innerWidth: window.innerWidth, widest: wide};
}"""


@pytest.fixture
def jatinom_user(transactional_db, make_user):
    from accounts.models import Role
    from regions import loader

    loader.load(only=BLITAR)
    return make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")


def test_phone_menu_opens_without_javascript(browser, live_server, login_page, jatinom_user, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        login_page(page, live_server, "op.jatinom")
        menu = page.locator("#mainnav")
        assert menu.is_hidden()
        page.click(".navbar-toggler")
        assert menu.is_visible()
        entries = menu.locator(".main-nav a")
        assert entries.count() >= 3
        for i in range(entries.count()):
            assert entries.nth(i).is_visible()
        assert page.get_by_role("button", name="EN").is_visible()  # the language switch
        page.get_by_test_id("user-menu").click()
        logout = page.get_by_role("button", name="Keluar")
        assert logout.is_visible()
        logout.click()
        page.wait_for_load_state()
        assert "/akun/masuk/" in page.url or page.get_by_role("link", name="Masuk").is_visible()
    finally:
        context.close()


def _main_pages(page, base):
    """The home page, every menu entry and the first record each of those pages links to (same site)."""
    menu = page.eval_on_selector_all("#mainnav .main-nav a", "els => els.map(e => e.getAttribute('href'))")
    return [base + "/", *[base + href for href in menu if href.startswith("/")]]


def _first_record(page, base):
    hrefs = page.eval_on_selector_all(
        "main table a[href], main .list-group a[href], main [data-testid=record] a[href]",
        "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        if href.startswith("/") and not any(part in href for part in NOT_PAGES):
            return base + href
    return None


def test_no_page_of_any_demo_role_is_wider_than_a_phone(browser, live_server, settings, tmp_path):
    from accounts.demo import USERS
    from regions import loader

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    loader.load(only=BLITAR)
    call_command("load_demo", stdout=open("/dev/null", "w"))
    base = live_server.url
    too_wide, opened = {}, set()
    for username, *_rest in USERS:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        context.set_default_timeout(30000)
        page = context.new_page()
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        for url in _main_pages(page, base):
            records = []
            for target in (url, "record"):
                if target == "record":
                    target = _first_record(page, base)
                    if target is None or target in opened:
                        continue
                response = page.goto(target)
                opened.add(target)
                if response.status >= 400:
                    continue  # a role's menu may show a page another check covers; width is what counts here
                problem = page.evaluate(OVERFLOW)
                if problem:
                    too_wide[f"{username} {target.removeprefix(base)}"] = problem
                records.append(target)
        context.close()
    print(f"{len(opened)} pages opened at 360 px:", *sorted(opened), sep="\n  ")
    assert len(opened) >= 40, sorted(opened)
    assert too_wide == {}, "\n".join(f"{k}: {v}" for k, v in too_wide.items())


def test_the_sweep_check_sees_a_page_wider_than_the_phone(page_at):
    page = page_at(360, 740)
    page.set_content('<!doctype html><meta name="viewport" content="width=device-width"><body>'
                     '<table><tr><td>170.000.000</td><td>BPJS</td></tr></table>')
    assert page.evaluate(OVERFLOW) is None
    page.set_content('<!doctype html><meta name="viewport" content="width=device-width"><body><table><tr>'
                     + "".join(f"<td>BPJS&nbsp;TIDAK&nbsp;AKTIF&nbsp;{i}</td>" for i in range(6)) + "</tr></table>")
    problem = page.evaluate(OVERFLOW)
    assert problem is not None and problem["innerWidth"] == 360 and problem["scrollWidth"] > 360
