"""Issue 13 point 4: API list reads of people are audited per page; the person page shows who opened it."""

from rest_framework.pagination import PageNumberPagination

from accounts.models import Role
from audit.models import Action, AuditEntry
from audit.services import log_read
from tests.conftest import GOGODESO, JATINOM, PANDANARUM


def test_api_list_of_people_writes_one_read_entry_per_page_with_count_filter_and_village(
        api_client_for, jatinom_operator, make_person, monkeypatch):
    # DRF reads PAGE_SIZE into the class when it is imported: a settings override would come too late.
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for name in ("Sari", "Sarinah", "Budi"):
        make_person(name=name)
    api = api_client_for(jatinom_operator)
    before = AuditEntry.objects.count()

    body = api.get("/api/v1/people/", {"search": "Sar", "page": 1}).json()

    assert len(body["results"]) == 2
    entry = AuditEntry.objects.get(action=Action.READ, object_type="people.person", object_id="")
    assert AuditEntry.objects.count() == before + 1
    assert entry.actor == jatinom_operator
    assert entry.region_code == JATINOM
    assert entry.note == "Daftar API: 2 dari 2 baris; saringan: search=••••&page=1"


def test_each_api_page_of_people_is_its_own_read_entry(api_client_for, jatinom_operator, make_person, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for _ in range(3):
        make_person()
    api = api_client_for(jatinom_operator)
    api.get("/api/v1/people/")
    api.get("/api/v1/people/", {"page": 2})
    notes = list(AuditEntry.objects.filter(action=Action.READ, object_type="people.person").order_by("id")
                 .values_list("note", flat=True))
    assert notes == ["Daftar API: 2 dari 3 baris; saringan: —", "Daftar API: 1 dari 3 baris; saringan: page=2"]


def test_list_read_across_two_villages_is_filed_under_their_district_and_seen_by_its_officer(
        api_client_for, client_for, blitar_officer, national_officer, make_person, make_user):
    make_person(village=JATINOM)
    make_person(village=GOGODESO)
    api_client_for(national_officer).get("/api/v1/people/")
    entry = AuditEntry.objects.get(action=Action.READ, object_type="people.person")
    assert entry.region_code == "35.05.10"  # the kecamatan holding both villages
    assert list(AuditEntry.objects.visible_to(blitar_officer).filter(pk=entry.pk)) == [entry]
    elsewhere = make_user("operator.lain", (Role.VILLAGE_OPERATOR, PANDANARUM))
    assert not AuditEntry.objects.visible_to(elsewhere).filter(pk=entry.pk).exists()


def test_empty_list_page_is_still_audited_under_the_readers_scope(api_client_for, jatinom_operator):
    api_client_for(jatinom_operator).get("/api/v1/people/", {"search": "tidak-ada"})
    entry = AuditEntry.objects.get(action=Action.READ, object_type="people.person")
    assert entry.region_code == JATINOM
    assert entry.note == "Daftar API: 0 dari 0 baris; saringan: search=••••"  # typed text masked


def test_person_page_shows_its_access_log_to_audit_browsers_only(client, jatinom_operator, blitar_officer,
                                                                 make_person):
    person = make_person()
    log_read(jatinom_operator, person)

    client.force_login(blitar_officer)
    body = client.get(f"/warga/{person.pk}/").content.decode()
    assert 'data-testid="access-log"' in body
    assert "Operator Jatinom" in body
    assert f"/audit/?object_type=people.person&amp;object_id={person.pk}" in body

    client.force_login(jatinom_operator)
    body = client.get(f"/warga/{person.pk}/").content.decode()
    assert 'data-testid="access-log"' not in body


def test_audit_list_filtered_to_one_record_keeps_the_filter_across_pages(client_for, blitar_officer, make_person):
    person = make_person()
    for _ in range(51):
        log_read(blitar_officer, person)
    body = client_for(blitar_officer).get(
        "/audit/", {"object_type": "people.person", "object_id": person.pk}).content.decode()
    assert f"?object_type=people.person&amp;object_id={person.pk}&amp;page=2" in body
