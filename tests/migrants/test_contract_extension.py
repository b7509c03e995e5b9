"""'Bekerja (kontrak diperpanjang)' from the placement page: the form, the refusals, the scope."""

import datetime

import pytest

from audit.models import Action, AuditEntry
from migrants import services
from migrants.models import Status

FORM = 'data-testid="extend-form"'


@pytest.fixture
def abroad(make_placement, complete_documents, jatinom_operator):
    """A lawful placement that departed on 5 January 2025; contract until 9 January 2027."""
    placement = complete_documents(make_placement(departure_date=datetime.date(2025, 1, 5)))
    services.verify_placement(jatinom_operator, placement)
    services.transition(jatinom_operator, placement, Status.READY)
    services.transition(jatinom_operator, placement, Status.DEPARTED)
    placement.refresh_from_db()
    return placement


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_the_page_offers_the_extension_to_an_editor_while_the_worker_is_abroad(
        abroad, make_placement, jatinom_operator, blitar_officer, client_for):
    client = client_for(jatinom_operator)
    page = client.get(f"/pmi/{abroad.pk}/").content.decode()
    assert FORM in page
    assert f'action="/pmi/{abroad.pk}/perpanjang-kontrak/"' in page
    assert ('<input type="date" name="contract_end" class="form-control" required '
            'aria-describedby="id_extend_contract_end_helptext" id="id_extend_contract_end">') in page
    assert 'for="id_extend_note"' in page
    not_yet_left = make_placement()
    assert FORM not in client.get(f"/pmi/{not_yet_left.pk}/").content.decode()
    # The district officer sees the placement but does not edit it.
    assert FORM not in client_for(blitar_officer).get(f"/pmi/{abroad.pk}/").content.decode()


def test_posting_a_new_end_extends_the_contract_and_the_page_shows_it(abroad, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    response = client.post(f"/pmi/{abroad.pk}/perpanjang-kontrak/",
                           {"contract_end": "2029-01-09", "note": "Majikan sama, kontrak kedua."}, follow=True)
    assert response.redirect_chain == [(f"/pmi/{abroad.pk}/", 302)]
    assert _messages(response) == ["Kontrak diperpanjang sampai 9 Januari 2029."]
    page = response.content.decode()
    assert '<span class="badge text-bg-primary fs-6" data-testid="status">Bekerja</span>' in page
    assert "10 Januari 2025 – 9 Januari 2029" in page
    abroad.refresh_from_db()
    assert (abroad.status, abroad.contract_end, abroad.expected_return) == (
        Status.WORKING, datetime.date(2029, 1, 9), datetime.date(2029, 1, 9))
    entry = AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(abroad.pk)).latest("id")
    assert entry.note == "Majikan sama, kontrak kedua."
    assert entry.changes["contract_end"] == ["2027-01-09", "2029-01-09"]
    assert entry.changes["status"] == ["departed", "working"]


def test_an_end_not_after_the_old_one_is_refused_with_the_field_named(abroad, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    response = client.post(f"/pmi/{abroad.pk}/perpanjang-kontrak/", {"contract_end": "2027-01-09"}, follow=True)
    assert _messages(response) == [
        "Akhir kontrak baru (9 Januari 2027) harus sesudah akhir kontrak lama (9 Januari 2027)."]
    abroad.refresh_from_db()
    assert (abroad.status, abroad.contract_end) == (Status.DEPARTED, datetime.date(2027, 1, 9))


def test_an_empty_date_is_refused_with_the_field_named(abroad, jatinom_operator, client_for):
    response = client_for(jatinom_operator).post(f"/pmi/{abroad.pk}/perpanjang-kontrak/", {"contract_end": ""},
                                                 follow=True)
    assert _messages(response) == ["Akhir kontrak baru: isi tanggalnya."]
    abroad.refresh_from_db()
    assert abroad.contract_end == datetime.date(2027, 1, 9)


def test_a_placement_not_abroad_is_refused_with_its_status_named(make_placement, jatinom_operator, client_for):
    placement = make_placement()
    response = client_for(jatinom_operator).post(f"/pmi/{placement.pk}/perpanjang-kontrak/",
                                                 {"contract_end": "2029-01-09"}, follow=True)
    assert _messages(response) == [
        "Perpanjangan kontrak hanya untuk pekerja yang sedang di luar negeri (status 'Berangkat' atau 'Bekerja'); "
        "status penempatan ini 'Minat tercatat'."]
    placement.refresh_from_db()
    assert (placement.status, placement.contract_end) == (Status.INTEREST, datetime.date(2027, 1, 9))


def test_a_viewer_without_the_edit_role_is_refused(abroad, blitar_officer, client_for):
    response = client_for(blitar_officer).post(f"/pmi/{abroad.pk}/perpanjang-kontrak/",
                                               {"contract_end": "2029-01-09"})
    assert response.status_code == 403
    abroad.refresh_from_db()
    assert abroad.contract_end == datetime.date(2027, 1, 9)


def test_a_user_of_another_village_gets_404_and_nothing_changes(abroad, gogodeso_operator, client_for):
    client = client_for(gogodeso_operator)
    assert client.post(f"/pmi/{abroad.pk}/perpanjang-kontrak/", {"contract_end": "2029-01-09"}).status_code == 404
    assert client.post(f"/pmi/{abroad.pk}/perpanjang-kontrak/", {"contract_end": ""}).status_code == 404
    abroad.refresh_from_db()
    assert (abroad.status, abroad.contract_end) == (Status.DEPARTED, datetime.date(2027, 1, 9))


def test_the_extension_is_a_post_only_action(abroad, jatinom_operator, client_for):
    assert client_for(jatinom_operator).get(f"/pmi/{abroad.pk}/perpanjang-kontrak/").status_code == 405


def test_an_end_before_the_contract_start_is_refused_when_no_end_was_recorded(
        make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement(departure_date=datetime.date(2025, 1, 5), contract_end=None))
    services.verify_placement(jatinom_operator, placement)
    services.transition(jatinom_operator, placement, Status.READY)
    services.transition(jatinom_operator, placement, Status.DEPARTED)
    with pytest.raises(services.ValidationError) as exc:
        services.extend_contract(jatinom_operator, placement, datetime.date(2025, 1, 1))
    assert exc.value.message_dict == {
        "contract_end": ["Akhir kontrak baru (1 Januari 2025) harus sesudah mulai kontrak (10 Januari 2025)."]}


@pytest.mark.browser
def test_an_operator_extends_the_contract_on_a_phone(live_server, transactional_db, page_at, login_page, abroad):
    page = page_at(360, 780)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}/pmi/{abroad.pk}/")
    page.click("[data-testid=extend-contract] summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_extend_contract_end", "2029-01-09")
    page.click("[data-testid=extend-submit]")
    page.wait_for_selector("[data-testid=status]:has-text('Bekerja')")
    assert "Kontrak diperpanjang sampai 9 Januari 2029." in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
