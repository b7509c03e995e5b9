"""The menu's count of untaken complaints stops at a cap: the menu is on every page, and a national officer's
page must not count every untaken complaint of the country each time."""

from django.test import override_settings

from tests.conftest import GOGODESO, JATINOM


@override_settings(CASES_NAV_COUNT_CAP=2)
def test_the_menu_counts_untaken_complaints_up_to_the_cap_then_says_more(client_for, make_case, national_officer):
    make_case(None, village=JATINOM)
    make_case(None, village=GOGODESO)
    client = client_for(national_officer)
    assert "Pengaduan baru (2)" in client.get("/").content.decode()
    make_case(None, village=JATINOM)
    home = client.get("/").content.decode()
    assert "Pengaduan baru (2+)" in home
    assert "Pengaduan baru (3)" not in home
