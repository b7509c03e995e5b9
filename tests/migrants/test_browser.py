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
    page.fill("#id_village", JATINOM)
    page.fill("#id_phone", "0812 3456 7890")
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

    kinds = page.eval_on_selector_all("[data-testid^=edit-doc-]", "els => els.map(e => e.dataset.testid)")
    assert len(kinds) == 12
    for testid in kinds:
        page.click(f"[data-testid={testid}]")
        page.wait_for_selector("[data-testid=document-form]")
        page.select_option("#id_status", "verified")
        page.fill("#id_number", "DOC-1")
        if testid.endswith("passport"):
            page.fill("#id_expires_on", (today + datetime.timedelta(days=3650)).isoformat())
        page.click("[data-testid=document-form] button[type=submit]")
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
