"""One FilterSet per list (empowerment.filters): the page and the API give the same rows for the same query
(the page's `target` and the API's `target_group` name one filter), and a bad value is a 400 naming it."""

import re

from tests.conftest import GOGODESO
from tests.factories import ProgramFactory


def _linked(body):
    return sorted(int(pk) for pk in re.findall(r'href="/pemberdayaan/program/(\d+)/"', body))


def test_target_filter_gives_the_same_programs_on_the_page_and_in_the_api(client_for, api_client_for,
                                                                          jatinom_operator):
    family = ProgramFactory(actor=jatinom_operator, target_group="family")
    ProgramFactory(actor=jatinom_operator, target_group="returnee")
    page = client_for(jatinom_operator).get("/pemberdayaan/?target=family")
    api = api_client_for(jatinom_operator)
    assert _linked(page.content.decode()) == [family.pk]
    assert [r["id"] for r in api.get("/api/v1/empowerment/programs/?target_group=family").json()["results"]] == [
        family.pk]
    assert [r["id"] for r in api.get("/api/v1/empowerment/programs/?target=family").json()["results"]] == [
        family.pk]


def test_a_bad_target_or_a_village_outside_scope_is_a_400(client_for, api_client_for, jatinom_operator):
    ProgramFactory(actor=jatinom_operator)
    page = client_for(jatinom_operator).get("/pemberdayaan/?target=bogus")
    assert page.status_code == 400
    assert "Saringan tidak valid — Sasaran: " in page.content.decode()
    assert _linked(page.content.decode()) == []
    assert client_for(jatinom_operator).get("/pemberdayaan/usaha/?sector=bogus").status_code == 400
    refused = api_client_for(jatinom_operator).get(f"/api/v1/empowerment/programs/?village={GOGODESO}")
    assert refused.status_code == 400
    assert list(refused.json()) == ["village"]
