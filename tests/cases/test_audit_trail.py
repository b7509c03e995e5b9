"""Issue 13 point 4: API list reads of cases and claims are audited per page; the case page shows its access log."""

from audit.models import Action, AuditEntry
from audit.services import log_read
from cases import services
from tests.conftest import JATINOM


def test_api_list_of_cases_writes_one_read_entry_with_count_and_filter(api_client_for, jatinom_operator, make_case):
    make_case(jatinom_operator)
    make_case(jatinom_operator, category="died_abroad")
    api_client_for(jatinom_operator).get("/api/v1/cases/", {"category": "died_abroad"})
    entry = AuditEntry.objects.get(action=Action.READ, object_type="cases.case", object_id="")
    assert (entry.actor, entry.region_code) == (jatinom_operator, JATINOM)
    assert entry.note == "Daftar API: 1 dari 1 baris; saringan: category=died_abroad"


def test_api_list_of_claims_writes_a_read_entry(api_client_for, jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="died_abroad")
    services.open_claim(jatinom_operator, case, "jkm_death", heir_name="Sutrisno", heir_rank="spouse_or_child")
    api_client_for(jatinom_operator).get("/api/v1/claims/")
    entry = AuditEntry.objects.get(action=Action.READ, object_type="cases.claim", object_id="")
    assert entry.region_code == JATINOM
    assert entry.note == "Daftar API: 1 dari 1 baris; saringan: —"


def test_case_page_shows_who_opened_it_to_the_district_officer(client_for, blitar_officer, jatinom_operator,
                                                               make_case):
    case = make_case(jatinom_operator)
    log_read(jatinom_operator, case)
    body = client_for(blitar_officer).get(f"/kasus/{case.pk}/").content.decode()
    assert 'data-testid="access-log"' in body and "Operator Jatinom" in body
    assert f"/audit/?object_type=cases.case&amp;object_id={case.pk}" in body
