"""The cases lists filter one way: the page, its export and the API give the same rows for the same query."""

import csv
import io

from django.urls import reverse

from tests.conftest import GOGODESO


def test_case_page_export_and_api_give_the_same_rows_for_the_same_filter(
        make_case, blitar_officer, jatinom_operator, gogodeso_operator, client_for, api_client_for):
    died = make_case(jatinom_operator, category="died_abroad")
    make_case(jatinom_operator, category="unpaid_wages")
    make_case(gogodeso_operator, village=GOGODESO, category="died_abroad")
    params = {"category": "died_abroad", "village": died.village_id, "status": "open"}
    client = client_for(blitar_officer)
    page = [c.pk for c in client.get(reverse("cases:list"), params).context["page"]]
    rows = list(csv.reader(io.StringIO(client.get(reverse("cases:export"), params).content.decode("utf-8-sig")),
        delimiter=";"))
    api = [c["id"] for c in api_client_for(blitar_officer).get("/api/v1/cases/", params).json()["results"]]
    assert page == api == [died.pk]
    assert [r[0] for r in rows[1:]] == [died.reference]


def test_a_village_outside_the_users_regions_is_not_a_filter_choice(jatinom_operator, client_for, api_client_for):
    response = client_for(jatinom_operator).get(reverse("cases:list"), {"village": GOGODESO})
    assert response.status_code == 400
    assert "Saringan tidak valid — Desa:" in response.content.decode()
    assert api_client_for(jatinom_operator).get("/api/v1/cases/", {"village": GOGODESO}).status_code == 400


def test_the_handler_filter_lists_the_cases_of_that_handler(make_case, jatinom_operator, client_for):
    mine = make_case(jatinom_operator, handler=jatinom_operator)
    make_case(jatinom_operator)
    client = client_for(jatinom_operator)
    assert [c.pk for c in client.get(reverse("cases:list"), {"handler": jatinom_operator.pk}).context["page"]] == [
        mine.pk]
    assert [c.pk for c in client.get(reverse("cases:list"), {"mine": "on"}).context["page"]] == [mine.pk]


def test_referral_and_claim_lists_refuse_an_unknown_status_with_a_message(jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    assert client.get(reverse("cases:referrals"), {"status": "nonsense"}).status_code == 400
    assert client.get(reverse("cases:claims"), {"status": "nonsense"}).status_code == 400
