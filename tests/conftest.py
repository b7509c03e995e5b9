"""Shared fixtures: Blitar regions, users with memberships, and a real Chromium for browser tests."""

import datetime
import os

import hypothesis
import pytest
from hypothesis import HealthCheck

# Property tests must not depend on the machine's speed: a busy 2-core CI box generates inputs slowly, so no
# deadline and no "too slow" health check; a fixed example count keeps the run the same size everywhere.
hypothesis.settings.register_profile(
    "payung",
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "payung"))

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



@pytest.fixture(autouse=True)
def _each_test_starts_in_indonesian():
    """Django's LocaleMiddleware leaves a request's language active on the thread: without this, a test that
    reads a page in English would leave English behind for the next test on the same worker."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


JATINOM = "35.05.10.2002"
GOGODESO = "35.05.10.2003"
PANDANARUM = "35.05.12.2001"
SUMBERAGUNG = "35.05.15.2001"
BLITAR = "35.05"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def regions(db):
    """Kabupaten Blitar (with Jawa Timur above it) from the official data: 1 + 1 + 22 + 248 regions."""
    from regions import loader

    loader.load(only=BLITAR)


@pytest.fixture
def make_user(db):
    """make_user(username, (role, region code), ..., **fields) -> a user holding those memberships."""
    from tests.factories import PASSWORD, UserFactory

    def make(username, *memberships, password=PASSWORD, **fields):
        return UserFactory(username=username, password=password, memberships=memberships, **fields)

    return make


@pytest.fixture
def make_person(regions):
    """make_person(village=JATINOM, name=None, sex="F", birth=17 May 1995, nik=None, **fields) -> a Person.

    Numbered from 1 in each test: the nth person is "Warga n" with NIK serial n (make_nik(serial=...)), so a
    test can name the NIK of a person it made.
    """
    from tests.factories import PersonFactory

    PersonFactory.reset_sequence(0)

    def make(village=JATINOM, name=None, sex="F", birth=datetime.date(1995, 5, 17), nik=None, **fields):
        given = {key: value for key, value in (("name", name), ("nik", nik)) if value}
        return PersonFactory(village=village, sex=sex, birth_date=birth, **given, **fields)

    return make


@pytest.fixture
def jatinom_operator(regions, make_user):
    from accounts.models import Role

    return make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")


@pytest.fixture
def gogodeso_operator(regions, make_user):
    from accounts.models import Role

    return make_user("op.gogodeso", (Role.VILLAGE_OPERATOR, GOGODESO), full_name="Operator Gogodeso")


@pytest.fixture
def blitar_officer(regions, make_user):
    from accounts.models import Role

    return make_user("petugas.blitar", (Role.DISTRICT_OFFICER, BLITAR), full_name="Petugas Blitar")


@pytest.fixture
def national_officer(regions, make_user):
    from accounts.models import Role

    return make_user("petugas.nasional", (Role.NATIONAL_OFFICER, None), full_name="Petugas Nasional")


@pytest.fixture
def mixed_user(regions, make_user):
    """Village operator in Jatinom, community volunteer in Gogodeso: the user the one permission rule is about."""
    from accounts.models import Role

    return make_user("campuran", (Role.VILLAGE_OPERATOR, JATINOM), (Role.COMMUNITY_VOLUNTEER, GOGODESO))


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return make


# --- Browser ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser, settings):
    """page_at(width) -> a fresh page of that viewport width (360 for a phone)."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def open_page(width=1280, height=800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        # Generous: CI shares two cores between test workers, and PDFs render on the server.
        context.set_default_timeout(30000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def login_page():
    """Signs a page in through the real login form."""

    def login(page, live_server, username, password="Rahasia-Uji-123"):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    return login


# --- CI guard: browser tests must run, never silently skip ----------------------------------------

_browser_outcomes = {"passed": 0, "other": 0}


def pytest_runtest_logreport(report):
    if "browser" in report.keywords and report.when == "call":
        _browser_outcomes["passed" if report.passed else "other"] += 1
    elif "browser" in report.keywords and report.skipped:
        _browser_outcomes["other"] += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("REQUIRE_BROWSER_TESTS") != "1" or session.config.option.collectonly:
        return
    if getattr(session.config, "workerinput", None) is not None:
        return  # xdist workers report to the controller, which checks
    if _browser_outcomes["passed"] == 0 or _browser_outcomes["other"]:
        session.exitstatus = 1
        print(f"\nREQUIRE_BROWSER_TESTS: browser tests passed={_browser_outcomes['passed']} "
              f"not passed/skipped={_browser_outcomes['other']}: failing the run")
