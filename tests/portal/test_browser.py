import pytest

from tests.conftest import JATINOM


@pytest.mark.browser
def test_operator_publishes_a_bulletin_and_finds_it_on_the_village_page_and_feed(
        page_at, live_server, login_page, transactional_db, jatinom_operator):
    page = page_at(360)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}/publik/kelola/berita/baru/")
    page.select_option("#id_kind", "bulletin")
    page.fill("#id_title", "Buletin KOPI Jatinom Edisi Juni")
    page.fill("input[name=region]", JATINOM)
    page.fill("#id_summary", "Kunjungan belajar ke Ponorogo")
    page.fill("#id_body", "<p>Catatan <strong>kunjungan belajar</strong></p><script>alert(1)</script>")
    page.click("main button[type=submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Draf"
    page.click("[data-testid=publish]")
    assert page.locator("[data-testid=status]").inner_text() == "Terbit"
    # The public page, readable at 360 px without horizontal scrolling.
    page.goto(f"{live_server.url}/publik/desa/{JATINOM}/")
    assert page.locator("[data-testid=publication]").first.inner_text().startswith("Buletin KOPI Jatinom Edisi Juni")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Buletin KOPI Jatinom Edisi Juni")
    assert page.locator("article strong").inner_text() == "kunjungan belajar"
    assert page.locator("script").count() == 0
    feed = page.request.get(f"{live_server.url}/publik/desa/{JATINOM}/rss/").text()
    assert "<title>Buletin KOPI Jatinom Edisi Juni</title>" in feed
