"""Issue 13 point 4: API list reads of placements and their documents are audited; the placement page shows
its access log to audit browsers."""

from audit.models import Action, AuditEntry
from tests.conftest import JATINOM


def test_api_list_of_placements_writes_a_read_entry_though_details_are_not_read_audited(
        api_client_for, jatinom_operator, make_placement):
    make_placement()
    api_client_for(jatinom_operator).get("/api/v1/placements/", {"destination_country": "HK"})
    entry = AuditEntry.objects.get(action=Action.READ, object_type="migrants.placement", object_id="")
    assert entry.region_code == JATINOM
    assert entry.note == "Daftar API: 1 dari 1 baris; saringan: destination_country=HK"


def test_api_list_of_placement_documents_writes_a_read_entry(api_client_for, jatinom_operator, make_placement):
    placement = make_placement()
    count = placement.documents.count()
    api_client_for(jatinom_operator).get("/api/v1/placement-documents/")
    entry = AuditEntry.objects.get(action=Action.READ, object_type="migrants.placementdocument", object_id="")
    assert entry.region_code == JATINOM
    assert entry.note == f"Daftar API: {count} dari {count} baris; saringan: —"


def test_placement_page_shows_its_access_log_to_audit_browsers_only(client, blitar_officer, jatinom_operator,
                                                                   make_placement):
    placement = make_placement()
    client.force_login(blitar_officer)
    body = client.get(f"/pmi/{placement.pk}/").content.decode()
    assert 'data-testid="access-log"' in body
    # The creation is in the placement's own log, by the operator who registered it.
    assert "Operator Jatinom" in body
    client.force_login(jatinom_operator)
    assert 'data-testid="access-log"' not in client.get(f"/pmi/{placement.pk}/").content.decode()
