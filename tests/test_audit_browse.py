"""audit.browse_audit: the audit log is browsed only in the regions where the user holds an officer's role —
not in a village where they are only a volunteer."""

import pytest

from accounts.models import Role
from audit.models import Action
from audit.services import record

GOGODESO = "35.05.10.2003"
PANDANARUM = "35.05.12.2001"
KECAMATAN_12 = "35.05.12"


@pytest.fixture
def officer_and_volunteer(regions, make_user):
    """Officer over kecamatan 35.05.12, community volunteer in Gogodeso (kecamatan 35.05.10)."""
    return make_user("petugas.relawan", (Role.DISTRICT_OFFICER, KECAMATAN_12), (Role.COMMUNITY_VOLUNTEER, GOGODESO))


@pytest.fixture
def entries(regions):
    return (record(None, Action.OTHER, object_type="x.y", object_id="1", region_code=GOGODESO, note="gogodeso"),
            record(None, Action.OTHER, object_type="x.y", object_id="2", region_code=PANDANARUM, note="pandanarum"))


def test_the_list_and_the_api_show_only_entries_where_the_user_is_an_officer(officer_and_volunteer, entries,
                                                                             client_for, api_client_for):
    page = client_for(officer_and_volunteer).get("/audit/")
    assert page.status_code == 200
    assert [e.note for e in page.context["page"]] == ["pandanarum"]
    listing = api_client_for(officer_and_volunteer).get("/api/v1/audit/").json()
    assert [e["note"] for e in listing["results"]] == ["pandanarum"]
    assert api_client_for(officer_and_volunteer).get(f"/api/v1/audit/{entries[0].pk}/").status_code == 404


def test_a_volunteer_only_may_not_browse_the_audit_log(regions, make_user, entries, client_for, api_client_for):
    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, GOGODESO))
    assert client_for(volunteer).get("/audit/").status_code == 403
    assert api_client_for(volunteer).get("/api/v1/audit/").status_code == 403


def test_the_access_log_of_a_record_shows_only_where_the_user_is_an_officer(officer_and_volunteer, client_for):
    from people.models import Person

    sri = Person.objects.create(village_id=GOGODESO, nik="3505104203900042", name="Sri", sex="F",
                                birth_date="1990-03-02")
    rina = Person.objects.create(village_id=PANDANARUM, nik="3505104203900043", name="Rina", sex="F",
                                 birth_date="1990-03-02")
    client = client_for(officer_and_volunteer)
    assert 'data-testid="access-log"' not in client.get(f"/warga/{sri.pk}/").content.decode()
    assert 'data-testid="access-log"' in client.get(f"/warga/{rina.pk}/").content.decode()


def test_the_menu_offers_the_audit_log_to_officers_only(officer_and_volunteer, regions, make_user):
    from audit.nav import nav_items

    assert [str(i.label) for i in nav_items(officer_and_volunteer)] == ["Log audit"]
    assert nav_items(make_user("relawan", (Role.COMMUNITY_VOLUNTEER, GOGODESO))) == []
