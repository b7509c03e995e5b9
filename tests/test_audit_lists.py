"""The audit log filters one way: /audit/ and /api/v1/audit/ give the same entries for the same query."""

from audit.models import Action, AuditEntry
from audit.services import record


def test_audit_page_and_api_give_the_same_entries_for_the_same_filter(
        make_person, jatinom_operator, blitar_officer, client_for, api_client_for):
    person = make_person()
    record(jatinom_operator, Action.CREATE, person)
    record(jatinom_operator, Action.UPDATE, person)
    params = {"action": Action.CREATE, "object_type": "people.person", "object_id": str(person.pk)}
    page = [e.pk for e in client_for(blitar_officer).get("/audit/", params).context["page"]]
    api = [e["id"] for e in api_client_for(blitar_officer).get("/api/v1/audit/", params).json()["results"]]
    expected = list(AuditEntry.objects.filter(action=Action.CREATE, object_type="people.person",
                                              object_id=str(person.pk)).values_list("pk", flat=True))
    assert len(expected) == 1
    assert page == api == expected


def test_an_unknown_audit_action_is_a_400_with_a_message(blitar_officer, client_for, api_client_for):
    response = client_for(blitar_officer).get("/audit/", {"action": "nonsense"})
    assert response.status_code == 400
    assert "Saringan tidak valid — Tindakan:" in response.content.decode()
    assert api_client_for(blitar_officer).get("/api/v1/audit/", {"action": "nonsense"}).status_code == 400
