"""Forms render one way (core.forms): on a 360-px phone, a form sent empty in every app comes back with a summary
at the top linking to each invalid field, and each of those fields carries is-invalid, aria-invalid and its
message under it. Radios are Bootstrap form-check inputs, never text boxes."""

import pytest

from accounts.models import Role

from ..conftest import JATINOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (path, a field the empty form must mark): one form per app that has forms.
FORMS = {
    "people": ("/warga/baru/", "id_name"),
    "migrants": ("/pmi/p3mi/baru/", "id_name"),
    "cases": ("/kasus/baru/", "id_worker_name"),
    "services": ("/layanan/katalog/baru/", "id_name"),
    "community": ("/komunitas/kelompok/baru/", "id_name"),
    "empowerment": ("/pemberdayaan/program/baru/", "id_title"),
    "governance": ("/tata-kelola/peraturan/baru/", "id_title"),
    "portal": ("/publik/kelola/berita/baru/", "id_title"),
    "accounts": ("/akun/token/", "id_name"),
    "messaging": ("/pesan/pemberitahuan-saya/", "id_phone"),
}


@pytest.fixture
def operator(transactional_db, make_user, settings):
    from regions import loader

    loader.load(only="35.05")
    # No minimum fill time for the public form: the test must not wait on the clock.
    settings.CASES_FORM_MIN_SECONDS = 0
    return make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")


def submit_empty(page, url, field_id):
    page.goto(url)
    form = page.locator(f"form:has(#{field_id})")
    form.locator("button:not([type=button])").first.click()
    page.wait_for_load_state()
    return page


def assert_summary_marks_the_fields(page, field_id):
    """The summary is the first thing in the form, and every link in it lands on a marked field."""
    summary = page.locator("[data-testid=form-errors]")
    assert summary.count() == 1
    assert summary.get_attribute("role") == "alert"
    form = page.locator("form:has([data-testid=form-errors])")
    assert form.evaluate("f => f.querySelector('.alert, input:not([type=hidden]), select, textarea')"
                         ".dataset.testid") == "form-errors"
    targets = [href[1:] for href in summary.locator("a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")]
    assert field_id in targets
    for target in targets:
        field = page.locator(f"#{target}")
        assert field.count() == 1, target
        assert "is-invalid" in field.get_attribute("class").split(), target
        assert field.get_attribute("aria-invalid") == "true", target
        # Its message is tied to it and sits below it.
        name = field.get_attribute("name")
        message = page.locator(f"[data-testid=error-{name}]")
        assert message.is_visible(), target
        assert message.bounding_box()["y"] > field.bounding_box()["y"], target
    # Required fields are marked beside their label.
    assert "*" in page.locator(f"label[for={field_id}]").inner_text()
    # The page still fits a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("app", list(FORMS))
def test_an_empty_form_comes_back_with_a_summary_linking_to_its_marked_fields(app, page_at, live_server, login_page,
                                                                               operator):
    path, field_id = FORMS[app]
    page = page_at(360)
    login_page(page, live_server, "op.jatinom")
    submit_empty(page, f"{live_server.url}{path}", field_id)
    assert_summary_marks_the_fields(page, field_id)


def test_a_placement_sent_empty_is_marked_the_same_way(page_at, live_server, login_page, operator):
    from tests.factories import PersonFactory

    person = PersonFactory()
    page = page_at(360)
    login_page(page, live_server, "op.jatinom")
    submit_empty(page, f"{live_server.url}/pmi/baru/?person={person.pk}", "id_destination_country")
    assert_summary_marks_the_fields(page, "id_destination_country")


def test_the_public_complaint_form_shows_radios_as_form_checks_and_marks_an_empty_submission(page_at, live_server,
                                                                                             operator):
    page = page_at(360)
    page.goto(f"{live_server.url}/kasus/pengaduan/")
    radios = page.locator("input[name=complainant_role]")
    assert radios.count() == 3
    for i in range(3):
        radio = radios.nth(i)
        assert radio.get_attribute("type") == "radio"
        assert radio.get_attribute("class").split() == ["form-check-input"]
        assert radio.evaluate("r => r.parentElement.classList.contains('form-check')")
        # A real radio button (a small circle), not a stretched grey text box.
        box = radio.bounding_box()
        assert box["width"] < 30 and box["height"] < 30
        assert page.locator(f"label[for={radio.get_attribute('id')}]").is_visible()
    submit_empty(page, f"{live_server.url}/kasus/pengaduan/", "id_complainant_name")
    assert_summary_marks_the_fields(page, "id_complainant_name")
    targets = page.locator("[data-testid=form-errors] a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert {"#id_worker_name", "#id_village", "#id_category", "#id_description", "#id_consent_process"} <= set(targets)
    # Following a link lands on its field.
    page.click("[data-testid=form-errors] a[href='#id_worker_name']")
    assert page.evaluate("location.hash") == "#id_worker_name"
