import datetime

import pytest

from .conftest import JATINOM


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_registers_verifies_departs_and_finds_the_worker_abroad_on_a_phone(
        live_server, transactional_db, page_at, login_page, regions, jatinom_operator, agency):
    page = page_at(360, 780)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}/warga/baru/")
    page.fill("#id_nik", "3505 1057 0595 0001")
    page.fill("#id_kk", "3505100101010001")
    page.fill("#id_name", "Siti Aminah")
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", "1995-05-17")
    # The operator's own village is already filled in (issue 22.4); the family contact is on the same page.
    assert page.input_value("#id_village") == JATINOM
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_contact_name", "Slamet")
    page.select_option("#id_contact_relationship", "spouse")
    page.fill("#id_contact_phone", "0813 1111 2222")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("[data-testid=save-then-placement]")

    page.wait_for_selector("[data-testid=placement-form]")
    page.select_option("#id_destination_country", "TW")
    page.select_option("#id_sector", "factory")
    page.select_option("#id_position", "factory_operator")
    page.select_option("#id_employer_type", "company")
    page.select_option("#id_scheme", "p2p")
    page.select_option("#id_agency", str(agency.pk))
    today = datetime.date.today()
    page.fill("#id_contract_start", today.isoformat())
    page.fill("#id_contract_end", (today + datetime.timedelta(days=730)).isoformat())
    page.fill("#id_departure_date", today.isoformat())
    page.click("[data-testid=placement-form] button[type=submit]")
    page.wait_for_selector("[data-testid=checklist]")
    assert page.locator("[data-testid=flag-document_missing]").count() == 1
    detail_url = page.url

    # The whole checklist filled and verified on one page, one save (issue 22.4).
    page.click("[data-testid=edit-checklist]")
    page.wait_for_selector("[data-testid=document-checklist]")
    assert page.locator("[data-testid^=checklist-]:not([data-testid=checklist-save])").count() == 12
    for select in page.locator("[data-testid=document-checklist] select[name$=_status]").all():
        select.select_option("verified")
    for number in page.locator("[data-testid=document-checklist] input[name$=_number]").all():
        number.fill("DOC-1")
    page.locator("[data-testid=checklist-passport] input[name$=_expires_on]").fill(
        (today + datetime.timedelta(days=3650)).isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("[data-testid=checklist-save]")
    page.wait_for_selector("[data-testid=checklist]")
    assert page.locator("[data-testid=no-flags]").count() == 1

    page.click("[data-testid=verify]")
    page.wait_for_selector("[data-testid=status]:has-text('Terverifikasi desa')")
    page.select_option("#id_status", "ready")
    page.click("[data-testid=transition-submit]")
    page.wait_for_selector("[data-testid=status]:has-text('Siap berangkat')")
    page.select_option("#id_status", "departed")
    page.fill("#id_on", today.isoformat())
    page.click("[data-testid=transition-submit]")
    page.wait_for_selector("[data-testid=status]:has-text('Berangkat')")

    page.goto(f"{live_server.url}/pmi/pantau/abroad/")
    rows = page.locator("[data-testid=placement-row]")
    assert rows.count() == 1
    assert "Siti Aminah" in rows.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(detail_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
