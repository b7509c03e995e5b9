"""The placement search finds each alternative through its own index (core.filters.any_of): the worker's name and the
employer by word prefixes, a whole NIK, SISKOP2MI ID, document or receipt number; within the user's scope, each
placement once, and nothing for a text that matches nothing."""

import pytest

from migrants import services
from tests.conftest import GOGODESO

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements(make_person, jatinom_operator):
    from tests.factories import PlacementFactory

    sri = PlacementFactory(person=make_person(name="Sri Wahyuni"), actor=jatinom_operator,
                           employer_name="Madam Chan Siu Wai", national_id_ref="SISKO-2026-1")
    services.update_document(jatinom_operator, sri.documents.get(kind="passport"), number="C7788123")
    services.add_cost(jatinom_operator, sri, component="agency_fee", amount=12_000_000, collected_by="agency",
                      receipt_number="KW-2026-00451")
    chandra = PlacementFactory(person=make_person(name="Chandra Dewi"), actor=jatinom_operator,
                               employer_name="Tan Ah Kow")
    return sri, chandra


def search(api, q):
    return sorted(r["id"] for r in api.get("/api/v1/placements/", {"q": q}).json()["results"])


def test_each_alternative_finds_its_placement_and_a_text_matching_nothing_finds_nothing(
        placements, jatinom_operator, national_officer, api_client_for, client_for):
    sri, chandra = placements
    for user in (jatinom_operator, national_officer):
        api = api_client_for(user)
        assert search(api, "wahyu") == [sri.pk]  # a prefix of a word of the worker's name
        assert search(api, "sri wahyuni") == [sri.pk]
        assert search(api, "siu wai") == [sri.pk]  # the employer's words
        assert search(api, "ah") == [chandra.pk]  # a short word matches a whole word only
        assert search(api, "a") == []
        assert search(api, sri.person.nik) == [sri.pk]
        assert search(api, " SISKO-2026-1 ") == [sri.pk]
        assert search(api, "c7788123") == [sri.pk]
        assert search(api, "KW-2026-00451") == [sri.pk]
        assert search(api, "tidak ada yang cocok") == []
    page = client_for(national_officer).get("/pmi/", {"q": "tidak ada yang cocok"}).context["page"]
    assert list(page) == []


def test_all_words_must_start_words_of_one_field(placements, jatinom_operator, api_client_for):
    api = api_client_for(jatinom_operator)
    assert search(api, "sri siu") == []  # one word in the name, the other in the employer: no match (as before)
    assert search(api, "dewi tan") == []


def test_a_placement_matched_by_several_alternatives_is_listed_once(placements, jatinom_operator, api_client_for,
                                                                    client_for):
    sri, chandra = placements
    api = api_client_for(jatinom_operator)
    assert search(api, "chan") == [sri.pk, chandra.pk]  # Chandra's name and Madam Chan's employer
    response = api.get("/api/v1/placements/", {"q": "chan"}).json()
    assert response["count"] == 2
    page = client_for(jatinom_operator).get("/pmi/", {"q": "chan"}).context["page"]
    assert sorted(p.pk for p in page) == [sri.pk, chandra.pk]


def test_the_search_stays_inside_the_users_scope(placements, gogodeso_operator, api_client_for):
    api = api_client_for(gogodeso_operator)
    assert search(api, "wahyu") == search(api, "c7788123") == search(api, "siu") == []
    assert GOGODESO != placements[0].village_id
