import datetime

from community import services as community
from governance import services as gov
from tests.conftest import GOGODESO, JATINOM


def test_api_lists_are_scoped(api_client_for, jatinom_operator, gogodeso_operator, kopi_jatinom, kopi_gogodeso):
    api = api_client_for(jatinom_operator)
    community.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="J", date=datetime.date(2024, 1, 1))
    community.record_activity(gogodeso_operator, kopi_gogodeso, kind="meeting", title="G",
                              date=datetime.date(2024, 1, 1))
    gov.create_regulation(gogodeso_operator, kind="perdes", village_id=GOGODESO, title="Perdes Gogodeso")
    assert [g["name"] for g in api.get("/api/v1/community/groups/").json()["results"]] == ["KOPI Jatinom"]
    assert [a["title"] for a in api.get("/api/v1/community/activities/").json()["results"]] == ["J"]
    assert api.get("/api/v1/governance/regulations/").json()["count"] == 0
    assert api.get(f"/api/v1/community/groups/{kopi_gogodeso.pk}/").status_code == 404


def test_api_creates_a_group_in_scope_and_refuses_outside(api_client_for, jatinom_operator):
    api = api_client_for(jatinom_operator)
    ok = api.post("/api/v1/community/groups/", {"name": "KOPI Baru", "kind": "kopi", "village": JATINOM},
                  format="json")
    assert ok.status_code == 201 and ok.json()["village"] == JATINOM
    bad = api.post("/api/v1/community/groups/", {"name": "KOPI Lain", "kind": "kopi", "village": GOGODESO},
                   format="json")
    assert bad.status_code == 400 and "village" in bad.json()


def test_api_publication_starts_as_sanitised_draft(api_client_for, jatinom_operator):
    api = api_client_for(jatinom_operator)
    response = api.post("/api/v1/portal/publications/", {
        "title": "Kabar", "region": JATINOM, "body": "<p>Hai<script>x</script></p>", "status": "published"},
        format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["body"]) == ("draft", "<p>Hai</p>")


def test_api_programs_and_enterprises(api_client_for, jatinom_operator):
    api = api_client_for(jatinom_operator)
    p = api.post("/api/v1/empowerment/programs/", {"title": "Pelatihan", "target_group": "returnee",
                                                    "village": JATINOM, "starts_on": "2024-01-01"}, format="json")
    assert p.status_code == 201
    e = api.post("/api/v1/empowerment/enterprises/", {
        "owner_name": "Sri", "business_name": "Keripik", "sector": "food", "village": JATINOM,
        "started_on": "2023-01-01", "revenue_band": "lt5", "programs": [p.json()["id"]]}, format="json")
    assert e.status_code == 201 and e.json()["programs"] == [p.json()["id"]]


def test_api_regulation_stage_cannot_be_patched(api_client_for, jatinom_operator):
    reg = gov.create_regulation(jatinom_operator, kind="perdes", village_id=JATINOM, title="Perdes")
    api = api_client_for(jatinom_operator)
    api.patch(f"/api/v1/governance/regulations/{reg.pk}/", {"stage": "enacted"}, format="json")
    reg.refresh_from_db()
    assert reg.stage == "drafting"
