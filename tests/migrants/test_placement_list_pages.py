"""The placements list counts at most LIST_COUNT_CAP rows: exact below it, "more than" above it, and the pages
stay navigable to the very last one."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from migrants.models import Placement

from .conftest import JATINOM


def many_placements(make_placement, n):
    """One placement through the domain code, then n - 1 more rows of the same person (test setup only)."""
    first = make_placement()
    Placement.objects.bulk_create([
        Placement(village_id=JATINOM, person=first.person, destination_country="TW", sector="domestic")
        for _ in range(n - 1)])
    return list(Placement.objects.order_by("-created_at", "-id").values_list("pk", flat=True))


def count_text(response):
    html = response.content.decode()
    return re.search(r'data-testid="placement-count">([^·]*)·', html).group(1).strip()


def pks(response):
    return [p.pk for p in response.context["page"]]


def test_a_small_list_shows_its_exact_count_and_page_of_pages(make_placement, jatinom_operator, client_for):
    for _ in range(3):
        make_placement()
    response = client_for(jatinom_operator).get("/pmi/")
    assert count_text(response) == "3 penempatan"
    assert response.context["exact"] is True
    assert len(pks(response)) == 3


@override_settings(LIST_COUNT_CAP=30)
def test_above_the_cap_the_list_says_more_than_and_every_page_is_reachable(make_placement, jatinom_operator,
                                                                            client_for):
    expected = many_placements(make_placement, 60)
    client = client_for(jatinom_operator)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/pmi/")
    counts = [q["sql"] for q in ctx.captured_queries
              if "COUNT(" in q["sql"].upper() and "migrants_placement" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 31" in counts[0]  # never a COUNT over the whole scope
    assert count_text(first) == "lebih dari 30 penempatan"
    assert 'data-testid="next-page"' in first.content.decode() and "page=2" in first.content.decode()
    assert pks(first) == expected[:25]

    second = client.get("/pmi/", {"page": 2})
    assert count_text(second) == "lebih dari 30 penempatan"
    assert "Halaman 2" in second.content.decode()
    assert "page=3" in second.content.decode() and "page=1" in second.content.decode()
    assert pks(second) == expected[25:50]

    last = client.get("/pmi/", {"page": 3})
    assert count_text(last) == "60 penempatan"  # counting up to this page reached the end: exact again
    assert "3 / 3" in last.content.decode()
    assert pks(last) == expected[50:]


@override_settings(LIST_COUNT_CAP=30)
def test_a_page_beyond_the_end_or_not_a_number_is_a_page_not_an_error(make_placement, jatinom_operator, client_for):
    expected = many_placements(make_placement, 60)
    client = client_for(jatinom_operator)
    beyond = client.get("/pmi/", {"page": 99})
    assert beyond.status_code == 200
    assert pks(beyond) == expected[50:]  # the last page
    assert count_text(beyond) == "60 penempatan"
    assert pks(client.get("/pmi/", {"page": "x"})) == expected[:25]
    assert pks(client.get("/pmi/", {"page": -4})) == expected[:25]


@override_settings(LIST_COUNT_CAP=30)
def test_filters_and_scope_still_apply_under_the_cap(make_placement, make_person, gogodeso_operator, jatinom_operator,
                                                     client_for):
    many_placements(make_placement, 40)
    hk = Placement.objects.filter(destination_country="HK").values_list("pk", flat=True).get()
    client = client_for(jatinom_operator)
    response = client.get("/pmi/", {"country": "HK"})
    assert count_text(response) == "1 penempatan"
    assert pks(response) == [hk]
    assert count_text(client_for(gogodeso_operator).get("/pmi/")) == "0 penempatan"


def test_an_absurd_page_number_is_the_last_page(make_placement, jatinom_operator, client_for):
    expected = many_placements(make_placement, 30)
    response = client_for(jatinom_operator).get("/pmi/", {"page": "9" * 30})
    assert response.status_code == 200
    assert pks(response) == expected[25:]
    assert count_text(response) == "30 penempatan"
