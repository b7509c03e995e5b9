"""The people search finds each alternative through its own id set (core.filters.any_of): word prefixes of the sealed
name (keyed hashes), a phone number (keyed hash), a part of the dusun, a whole NIK or KK; within the user's scope,
each person once, and nothing for a text that matches nothing."""

import pytest

from people.models import Person
from tests.conftest import GOGODESO

pytestmark = pytest.mark.django_db


def search(api, q):
    return sorted(r["id"] for r in api.get("/api/v1/people/", {"q": q}).json()["results"])


def test_each_alternative_finds_its_person_and_a_text_matching_nothing_finds_nothing(
        make_person, jatinom_operator, national_officer, api_client_for, client_for):
    sri = make_person(name="Sri Wahyuni", dusun="Krajan", phone="+6281234567890")
    dewi = make_person(name="Dewi Lestari", dusun="Ngrejo")
    for user in (jatinom_operator, national_officer):
        api = api_client_for(user)
        assert search(api, "wahy") == [sri.pk]
        assert search(api, "dewi les") == [dewi.pk]
        assert search(api, "sri les") == []  # every word must start a word of the name
        assert search(api, "raja") == [sri.pk]  # a part of the dusun
        assert search(api, "0812-3456-7890") == [sri.pk]
        assert search(api, sri.nik) == [sri.pk]
        assert search(api, dewi.kk) == [dewi.pk]
        assert search(api, "tidak ada yang cocok") == []
    assert list(client_for(national_officer).get("/warga/", {"q": "tidak ada yang cocok"}).context["page"]) == []
    assert list(Person.objects.named("les dew")) == [dewi]


def test_a_person_matched_by_name_and_dusun_is_listed_once_and_only_in_scope(
        make_person, jatinom_operator, gogodeso_operator, api_client_for, client_for):
    ngrejo = make_person(name="Ngatini", dusun="Ngrejo")
    other = make_person(name="Ngadiman", dusun="Ngrejo", village=GOGODESO)
    api = api_client_for(jatinom_operator)
    assert search(api, "ngr") == [ngrejo.pk]
    assert api.get("/api/v1/people/", {"q": "ngrejo"}).json()["count"] == 1
    assert [p.pk for p in client_for(jatinom_operator).get("/warga/", {"q": "nga"}).context["page"]] == [ngrejo.pk]
    assert search(api_client_for(gogodeso_operator), "nga") == [other.pk]
