"""The long lists (people, cases; placements in tests/migrants) count at most LIST_COUNT_CAP rows through the one
paginator, core.filters.CappedPaginator: exact below the cap, "more than" above it, every page reachable, and the
sealed names of a page opened with one data-key query per kind."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tests.conftest import JATINOM
from tests.factories import CaseFactory


def count_text(response, testid):
    return re.search(rf'data-testid="{testid}">([^·<]*)', response.content.decode()).group(1).strip()


def count_queries(ctx, table):
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)") and table in q["sql"]]


def key_queries(ctx):
    return [q["sql"] for q in ctx.captured_queries if "core_datakey" in q["sql"]]


def test_a_short_people_list_shows_its_exact_count(make_person, jatinom_operator, client_for):
    for _ in range(3):
        make_person()
    response = client_for(jatinom_operator).get(reverse("people:list"))
    assert count_text(response, "person-count") == "3 warga"
    assert response.context["exact"] is True


@override_settings(LIST_COUNT_CAP=4)
def test_above_the_cap_the_people_list_says_more_than_and_counts_no_further(make_person, jatinom_operator,
                                                                            client_for):
    people = [make_person() for _ in range(30)]
    newest_first = [p.pk for p in reversed(people)]
    client = client_for(jatinom_operator)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(reverse("people:list"))
    counts = count_queries(ctx, "people_person")
    # The first page's 25 rows and one more, never the whole scope (the menu's counts are capped too).
    assert any("LIMIT 26" in q for q in counts) and all("LIMIT" in q for q in counts)
    assert count_text(first, "person-count") == "lebih dari 4 warga"
    assert [p.pk for p in first.context["page"]] == newest_first[:25]
    assert [p.name for p in first.context["page"]] == [f"Warga {n}" for n in range(30, 5, -1)]
    assert len(key_queries(ctx)) == 1  # the page's 25 data keys in one query
    second = client.get(reverse("people:list"), {"page": 2})
    assert [p.pk for p in second.context["page"]] == newest_first[25:]
    assert count_text(second, "person-count") == "30 warga"  # counting to this page reached the end


@override_settings(LIST_COUNT_CAP=2)
def test_above_the_cap_the_case_list_says_more_than_and_opens_the_names(regions, jatinom_operator, client_for):
    # One more case than a page holds: the first page's count stops at 26 rows.
    made = [CaseFactory(actor=jatinom_operator, village=JATINOM, worker_name=f"Pekerja Nomor {n}")
            for n in range(1, 27)]
    client = client_for(jatinom_operator)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:list"))
    counts = count_queries(ctx, "cases_case")
    assert any("LIMIT 26" in q for q in counts) and all("LIMIT" in q for q in counts)
    assert count_text(response, "case-count") == "lebih dari 2 kasus"
    shown = {c.pk: c.worker_name for c in response.context["page"]}
    assert len(shown) == 25
    assert shown == {c.pk: f"Pekerja Nomor {n}" for n, c in enumerate(made, start=1) if c.pk in shown}
    assert "Pekerja Nomor 3" in response.content.decode()


def test_a_short_case_list_shows_its_exact_count(regions, jatinom_operator, client_for):
    CaseFactory(actor=jatinom_operator, village=JATINOM)
    response = client_for(jatinom_operator).get(reverse("cases:list"))
    assert count_text(response, "case-count") == "1 kasus"
