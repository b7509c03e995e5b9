"""Issue 20's screens in Chromium at 360 px: an administrator's empty endpoint form comes back marked like every
other form, a registered endpoint's page fits a phone, and the placement page with its national identifiers and
delivery log runs under the Content-Security-Policy with no violation."""

import pytest

from accounts.models import Role

from ..conftest import JATINOM
from .test_csp_browser import open_checked, watch_csp
from .test_forms_browser import assert_summary_marks_the_fields, submit_empty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(transactional_db, make_user):
    from regions import loader

    loader.load(only="35.05")
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")
    return make_user("admin.sistem", (Role.SYSTEM_ADMIN, None), full_name="Admin Sistem")


def test_the_endpoint_form_is_marked_when_empty_then_registers_and_its_page_fits_a_phone(page_at, live_server,
                                                                                         login_page, admin):
    from webhooks.models import Endpoint

    page = page_at(360)
    violations = watch_csp(page)
    login_page(page, live_server, "admin.sistem")
    submit_empty(page, f"{live_server.url}/webhook/baru/", "id_name")
    assert_summary_marks_the_fields(page, "id_name")
    page.fill("#id_name", "SIM Kabupaten")
    page.fill("#id_url", "https://sim.example/hook")
    page.fill("#id_secret", "rahasia-penandatangan-uji-0001")
    page.check("input[name=events][value='placement.created']")
    page.fill("#id_region_prefix", "35.05")
    page.locator("form:has(#id_name) button[type=submit]").click()
    page.wait_for_load_state()
    endpoint = Endpoint.objects.get()
    assert page.url.endswith(f"/webhook/{endpoint.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations == []


def test_the_placement_page_with_identifiers_and_deliveries_has_no_csp_violation(page_at, live_server, login_page,
                                                                                 admin):
    from migrants.models import ReferenceState
    from migrants.services.references import record_reference
    from tests.factories import PlacementFactory
    from webhooks import services

    services.save_endpoint(admin, name="SIM", url="https://sim.example/hook", secret="rahasia-penandatangan-01",
                           events=["placement.created"], active=False)
    services.save_endpoint(admin, name="SIM 2", url="https://sim2.example/hook", secret="rahasia-penandatangan-02",
                           events=["placement.created"])
    placement = PlacementFactory(actor=admin)
    record_reference(admin, placement, "id_pmi", value="E-PMI 1", state=ReferenceState.SENT)
    page = page_at(360)
    violations = watch_csp(page)
    login_page(page, live_server, "admin.sistem")
    open_checked(page, f"{live_server.url}/pmi/{placement.pk}/")
    assert page.locator("[data-testid=external-references]").is_visible()
    assert page.locator("[data-testid=webhook-deliveries]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations == []
