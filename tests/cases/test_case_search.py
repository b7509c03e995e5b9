"""The case search: the plain columns (tracking code, agency, recruiter, ministry ticket, case number, the
complainant's phone by keyed hash) and the word prefixes of the sealed names (keyed hashes) are two id sets
(core.filters.any_of); each case once, within the user's scope, nothing for a text that matches nothing."""

import pytest
from django.urls import reverse

from tests.conftest import GOGODESO

pytestmark = pytest.mark.django_db


def search(api, q):
    return sorted(r["id"] for r in api.get("/api/v1/cases/", {"q": q}).json()["results"])


def test_each_alternative_finds_its_case_and_a_text_matching_nothing_finds_nothing(
        make_case, jatinom_operator, national_officer, api_client_for, client_for):
    wages = make_case(jatinom_operator, worker_name="Sri Wahyuni", complainant_name="Sutrisno",
                      agency_name="PT Maju Jaya", recruiter_name="Pak Darto", ministry_ticket="TK-991")
    other = make_case(jatinom_operator, worker_name="Dewi Lestari", complainant_name="Marni",
                      complainant_phone="085711112222")
    for user in (jatinom_operator, national_officer):
        api = api_client_for(user)
        assert search(api, "wahyu") == [wages.pk]  # the worker's name
        assert search(api, "sutr") == [wages.pk]  # the complainant's name
        assert search(api, "maju") == [wages.pk]  # a part of the agency
        assert search(api, "darto") == [wages.pk]
        assert search(api, "tk-991") == [wages.pk]
        assert search(api, wages.tracking_code.lower()) == [wages.pk]
        assert search(api, other.reference) == [other.pk]
        assert search(api, "+62 857-1111-2222") == [other.pk]
        assert search(api, "tidak ada yang cocok") == []
    page = client_for(national_officer).get(reverse("cases:list"), {"q": "tidak ada yang cocok"}).context["page"]
    assert list(page) == []


def test_a_case_matched_by_a_name_and_a_column_is_listed_once_and_only_in_scope(
        make_case, jatinom_operator, gogodeso_operator, api_client_for):
    both = make_case(jatinom_operator, worker_name="Jaya Kusuma", agency_name="PT Jaya Abadi")
    make_case(gogodeso_operator, village=GOGODESO, worker_name="Jaya Santoso")
    api = api_client_for(jatinom_operator)
    assert api.get("/api/v1/cases/", {"q": "jaya"}).json()["count"] == 1
    assert search(api, "jaya") == [both.pk]
