"""reports.view_dashboard / maps.view_map asked with the region code; NATION "" is the whole country."""

import pytest

from accounts.models import Role
from accounts.permissions import has_perm
from maps import services as map_services
from reports.models import NATION

from ..conftest import BLITAR, GOGODESO, JATINOM


@pytest.fixture
def staff_with_region(regions, make_user):
    """Organisation staff read the cases referred to them, not a region's figures."""
    return make_user("staf", (Role.ORGANISATION_STAFF, JATINOM))


def test_the_whole_country_is_only_for_a_nationwide_membership(national_officer, blitar_officer, mixed_user,
                                                               make_user):
    assert has_perm(national_officer, "reports.view_dashboard", NATION)
    assert has_perm(national_officer, "maps.view_map", NATION)
    # A membership without a region that is not a nationwide role covers nothing.
    volunteer_without_region = make_user("relawan.tanpa.wilayah", (Role.COMMUNITY_VOLUNTEER, None))
    for user in (blitar_officer, mixed_user, volunteer_without_region):
        assert not has_perm(user, "reports.view_dashboard", NATION)
        assert not has_perm(user, "maps.view_map", NATION)


def test_a_user_opens_the_dashboards_of_each_membership_and_no_other(mixed_user, client_for):
    client = client_for(mixed_user)
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 200
    assert client.get(f"/laporan/dasbor/{GOGODESO}/").status_code == 200
    assert client.get(f"/laporan/dasbor/{BLITAR}/").status_code == 404
    assert client.get("/laporan/dasbor/").status_code == 404
    index = client.get("/laporan/")
    assert [r.code for r in index.context["regions"]] == [JATINOM, GOGODESO]


def test_organisation_staff_open_no_dashboard_even_with_a_region(staff_with_region, client_for):
    client = client_for(staff_with_region)
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 404
    assert client.get(f"/laporan/dasbor/{JATINOM}/xlsx/").status_code == 404
    assert client.post(f"/laporan/dasbor/{JATINOM}/perbarui/").status_code == 404


def test_the_national_map_is_refused_to_a_regional_officer(regions, blitar_officer, national_officer, client_for):
    with pytest.raises(map_services.MapNotAvailable):
        map_services.officer_map(blitar_officer, NATION, "abroad_now", 2026)
    assert client_for(blitar_officer).get("/peta/data.json", {"wilayah": ""}).status_code == 404
    assert map_services.officer_map(national_officer, NATION, "abroad_now", 2026)["region"] == NATION
