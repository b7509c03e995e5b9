import re

import pytest

from accounts.models import Organisation, OrganisationKind, Role
from tests.conftest import JATINOM


@pytest.mark.browser
def test_family_complains_operator_refers_to_bpjs_family_sees_dirujuk(page_at, live_server, login_page,
                                                                      transactional_db, make_user, settings):
    from regions import loader

    loader.load(only="35.05")
    # No minimum fill time: the test must not wait on the clock (the timing check has its own test).
    settings.CASES_FORM_MIN_SECONDS = 0
    Organisation.objects.create(name="BPJS Ketenagakerjaan Blitar", kind=OrganisationKind.BPJS, region_id="35.05")
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")

    family = page_at(360)
    family.goto(f"{live_server.url}/kasus/pengaduan/")
    family.check("input[name=complainant_role][value=family]")
    family.fill("#id_complainant_name", "Sutrisno")
    family.fill("#id_complainant_relation", "suami")
    family.fill("#id_complainant_phone", "0812 3456 7890")
    family.fill("#id_worker_name", "Sri Wahyuni")
    family.fill("#id_village", JATINOM)
    family.select_option("#id_destination_country", "HK")
    family.select_option("#id_category", "social_security")
    family.fill("#id_description", "Kecelakaan kerja di Hong Kong, keluarga ingin mengurus klaim BPJS.")
    family.check("#id_consent_process")
    family.check("#id_consent_share")
    # The page fits a 360-px phone: no horizontal scrolling.
    assert family.evaluate("document.documentElement.scrollWidth") <= 360
    family.click("button[type=submit]:has-text('Kirim pengaduan')")
    code = family.locator("[data-testid=tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    operator = page_at(1280)
    login_page(operator, live_server, "op.jatinom")
    operator.goto(f"{live_server.url}/kasus/")
    operator.locator("[data-testid=case-row]").first.click()
    operator.click("a[href$='/rujuk/']")
    operator.select_option("#id_organisation", label="BPJS Ketenagakerjaan Blitar")
    operator.fill("#id_request", "Mohon bantu klaim JKK selama bekerja.")
    operator.click("button:has-text('Kirim rujukan')")
    assert "Dirujuk" in operator.locator("[data-testid=case-status]").inner_text()

    family.goto(f"{live_server.url}/kasus/lacak/")
    family.fill("#id_code", code)
    family.fill("#id_last4", "7890")
    family.click("button:has-text('Lihat status')")
    assert family.locator("[data-testid=tracked-status]").inner_text().lower() == "dirujuk"
    assert "Sri Wahyuni" not in family.content()
