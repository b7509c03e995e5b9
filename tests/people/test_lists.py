"""The people list filters one way: the page, its export and the API give the same rows for the same query."""

import csv
import io

from tests.conftest import GOGODESO, JATINOM


def _export_names(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {row[3] for row in rows[1:]}


def test_people_page_export_and_api_give_the_same_rows_for_the_same_filter(
        make_person, blitar_officer, client_for, api_client_for):
    wanted = make_person(sex="F", village=JATINOM)
    make_person(sex="M", village=JATINOM)
    make_person(sex="F", village=GOGODESO)
    params = {"sex": "F", "region": JATINOM}
    client = client_for(blitar_officer)
    page = {p.pk for p in client.get("/warga/", params).context["page"]}
    exported = _export_names(client.get("/warga/", {**params, "export": "csv"}))
    api = {p["id"] for p in api_client_for(blitar_officer).get("/api/v1/people/", params).json()["results"]}
    assert page == api == {wanted.pk}
    assert exported == {wanted.name}


def test_a_whole_nik_finds_the_person_on_the_page_and_in_the_api(make_person, jatinom_operator, client_for,
                                                                 api_client_for):
    sri = make_person()
    make_person()
    page = [p.pk for p in client_for(jatinom_operator).get("/warga/", {"q": sri.nik}).context["page"]]
    api = [p["id"] for p in api_client_for(jatinom_operator).get("/api/v1/people/", {"q": sri.nik}).json()["results"]]
    assert page == api == [sri.pk]
