"""The placement list filters one way: the page, its export and the API give the same rows for the same query."""

import csv
import io


def test_placement_page_export_and_api_give_the_same_rows_for_the_same_filter(
        make_placement, jatinom_operator, client_for, api_client_for):
    hk = make_placement(destination_country="HK")
    make_placement(destination_country="TW")
    client = client_for(jatinom_operator)
    for params in ({"country": "HK"}, {"country": "hk"}, {"q": hk.person.name}):
        page = [p.pk for p in client.get("/pmi/", params).context["page"]]
        rows = list(csv.reader(io.StringIO(client.get("/pmi/", {**params, "export": "csv"}).content
                                           .decode("utf-8-sig")), delimiter=";"))
        api = [p["id"] for p in api_client_for(jatinom_operator).get("/api/v1/placements/", params).json()["results"]]
        assert page == api == [hk.pk], params
        assert [r[4] for r in rows[1:]] == [hk.person.name], params


def test_a_bad_placement_filter_is_a_400_on_page_export_and_api(jatinom_operator, client_for, api_client_for):
    client = client_for(jatinom_operator)
    assert client.get("/pmi/", {"status": "nonsense"}).status_code == 400
    assert client.get("/pmi/", {"status": "nonsense", "export": "xlsx"}).status_code == 400
    assert client.get("/pmi/pantau/lost/", {"days": "0"}).status_code == 400
    response = api_client_for(jatinom_operator).get("/api/v1/placements/", {"status": "nonsense"})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_the_placement_list_export_audit_entry_names_its_filter(make_placement, jatinom_operator, client_for):
    from audit.models import Action, AuditEntry

    make_placement(destination_country="HK")
    client_for(jatinom_operator).get("/pmi/pantau/abroad/", {"country": "HK", "export": "csv"})
    note = AuditEntry.objects.get(action=Action.EXPORT).note
    assert note.endswith("; saringan: country=HK, monitoring=abroad")
