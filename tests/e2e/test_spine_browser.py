import pytest

from accounts.models import Role

from ..conftest import JATINOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def operator(transactional_db, make_user):
    from regions import loader

    loader.load(only="35.05")
    return make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), full_name="Operator Jatinom")


@pytest.mark.parametrize("width", [360, 1280])
def test_jatinom_operator_signs_in_and_sees_the_village_figures(page_at, live_server, login_page, operator, width):
    page = page_at(width)
    login_page(page, live_server, "op.jatinom")
    assert page.url == f"{live_server.url}/"
    card = page.get_by_test_id("scope-card")
    assert "Jatinom" in card.inner_text()
    assert JATINOM in card.inner_text()
    assert page.get_by_test_id("figure").count() >= 1
    # Nothing overflows sideways on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    if width == 360:
        assert page.locator("#mainnav").is_hidden()
        page.click(".navbar-toggler")
        assert page.get_by_test_id("user-menu").is_visible()
        page.get_by_test_id("user-menu").click()
        assert page.get_by_role("button", name="Keluar").is_visible()
    page.screenshot(path=f"test-artifacts/spine-home-{width}.png", full_page=True)


def test_wrong_password_shows_a_clear_message(page_at, live_server, login_page, operator):
    page = page_at(360)
    login_page(page, live_server, "op.jatinom", password="keliru")
    assert "Nama pengguna atau kata sandi salah" in page.inner_text("main")
