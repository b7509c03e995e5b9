"""One FilterSet per list (community.filters): the page and the API give the same rows for the same query,
a bad value is a 400 naming the filter, and a group outside the user's regions is not a choice."""

import datetime
import re

from community import services
from tests.factories import CommunityGroupFactory


def _linked(body, path):
    return sorted(int(pk) for pk in re.findall(rf'href="/komunitas/{path}/(\d+)/"', body))


def test_activity_kind_filter_gives_the_same_activities_on_the_page_and_in_the_api(
        client_for, api_client_for, jatinom_operator, kopi_jatinom):
    meeting = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat",
                                       date=datetime.date(2026, 1, 5))
    services.record_activity(jatinom_operator, kopi_jatinom, kind="outreach", title="Sosialisasi",
                             date=datetime.date(2026, 1, 6))
    page = client_for(jatinom_operator).get("/komunitas/kegiatan/?kind=meeting")
    api = api_client_for(jatinom_operator).get("/api/v1/community/activities/?kind=meeting").json()
    assert _linked(page.content.decode(), "kegiatan") == [meeting.pk]
    assert [row["id"] for row in api["results"]] == [meeting.pk]


def test_group_search_gives_the_same_groups_on_the_page_and_in_the_api(client_for, api_client_for,
                                                                       jatinom_operator, kopi_jatinom):
    other = CommunityGroupFactory(actor=jatinom_operator, name="Paguyuban Keluarga PMI", kind="family")
    page = client_for(jatinom_operator).get("/komunitas/?q=paguyuban")
    api = api_client_for(jatinom_operator).get("/api/v1/community/groups/?q=paguyuban").json()
    assert _linked(page.content.decode(), "kelompok") == [other.pk]
    assert [row["id"] for row in api["results"]] == [other.pk]


def test_a_bad_kind_is_a_400_that_names_the_filter(client_for, api_client_for, jatinom_operator, kopi_jatinom):
    page = client_for(jatinom_operator).get("/komunitas/kegiatan/?kind=bogus")
    assert page.status_code == 400
    assert ("Saringan tidak valid — Jenis kegiatan: Masukkan pilihan yang valid. bogus bukan salah satu dari "
            "pilihan yang tersedia.") in page.content.decode()
    assert api_client_for(jatinom_operator).get("/api/v1/community/activities/?kind=bogus").status_code == 400


def test_a_group_outside_the_users_regions_is_not_a_choice(api_client_for, jatinom_operator, kopi_jatinom,
                                                           kopi_gogodeso):
    api = api_client_for(jatinom_operator)
    assert api.get(f"/api/v1/community/activities/?group={kopi_jatinom.pk}").status_code == 200
    refused = api.get(f"/api/v1/community/activities/?group={kopi_gogodeso.pk}")
    assert refused.status_code == 400
    assert list(refused.json()) == ["group"]
