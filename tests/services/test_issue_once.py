"""One request, one letter; one draft form, one letter: double clicks and retries return the first letter. Numbers
are taken only at signing (test_workflow.py), so drafting never touches a counter."""


import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tests.helpers import run_together
from village_services.models import Letter, LetterCounter, RequestStatus, Service, ServiceRequest
from village_services.services import draft_letter, set_requirements, submit_request, transition_request

from .conftest import domicile_values, issue_through


@pytest.fixture
def ready_request(jatinom_operator, jatinom_catalogue):
    """An open request for a domicile letter with every requirement checked."""
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    req = submit_request(service=service, applicant_name="Siti Aminah", actor=jatinom_operator)
    set_requirements(jatinom_operator, req, service.requirement_list())
    return req


def fresh(req):
    """The request as a second browser tab (or the second click) loaded it: before any letter existed."""
    return ServiceRequest.objects.get(pk=req.pk)


def test_a_second_draft_for_one_request_returns_the_first_letter(jatinom_operator, domicile, ready_request):
    first_click, second_click = fresh(ready_request), fresh(ready_request)
    first = draft_letter(jatinom_operator, domicile, domicile_values(), request=first_click)
    second = draft_letter(jatinom_operator, domicile, domicile_values(), request=second_click)
    assert (first.reused, second.reused) == (False, True)
    assert second.pk == first.pk
    assert Letter.objects.count() == 1
    assert not LetterCounter.objects.exists()
    assert fresh(ready_request).status == RequestStatus.IN_PROCESS


def test_the_request_is_completed_when_its_letter_is_issued(jatinom_operator, jatinom_secretary, jatinom_head,
                                                            domicile, ready_request):
    letter = issue_through(domicile, domicile_values(), operator=jatinom_operator, secretary=jatinom_secretary,
                           head=jatinom_head, request=fresh(ready_request))
    assert fresh(ready_request).status == RequestStatus.COMPLETED
    assert fresh(ready_request).decision_note == f"Surat {letter.number} diterbitkan."
    again = draft_letter(jatinom_operator, domicile, domicile_values(), request=fresh(ready_request))
    assert (again.pk, again.reused) == (letter.pk, True)


def test_an_issue_for_a_request_closed_without_a_letter_is_refused(jatinom_operator, domicile, ready_request):
    stale = fresh(ready_request)
    transition_request(jatinom_operator, ready_request, RequestStatus.REJECTED, "Persyaratan palsu")
    with pytest.raises(ValidationError) as exc:
        draft_letter(jatinom_operator, domicile, domicile_values(), request=stale)
    assert exc.value.message_dict == {"request": ["Permohonan ini sudah ditutup."]}
    assert Letter.objects.count() == 0


def test_a_replayed_form_key_returns_the_same_letter(jatinom_operator, domicile):
    first = draft_letter(jatinom_operator, domicile, domicile_values(), idempotency_key="k" * 32)
    # The first answer was lost (the worker was killed after the commit): the browser sends the form again.
    retry = draft_letter(jatinom_operator, domicile, domicile_values(), idempotency_key="k" * 32)
    assert (retry.pk, retry.reused) == (first.pk, True)
    assert Letter.objects.count() == 1
    other = draft_letter(jatinom_operator, domicile, domicile_values(), idempotency_key="j" * 32)
    assert (other.pk != first.pk, other.reused, other.number) == (True, False, None)


def test_a_form_key_of_another_letter_type_is_refused(jatinom_operator, domicile, family_permission):
    draft_letter(jatinom_operator, domicile, domicile_values(), idempotency_key="k" * 32)
    with pytest.raises(ValidationError) as exc:
        draft_letter(jatinom_operator, family_permission, domicile_values(), idempotency_key="k" * 32)
    assert list(exc.value.message_dict) == ["idempotency_key"]
    assert Letter.objects.count() == 1


def test_the_issue_form_posted_twice_issues_one_letter(client_for, jatinom_operator, domicile):
    client = client_for(jatinom_operator)
    url = reverse("services:letter_issue", args=[domicile.pk])
    form = client.get(url).context["form"]
    key = form.initial["idempotency_key"]
    assert len(key) == 32
    data = {**domicile_values(), "idempotency_key": key}
    first = client.post(url, data)
    second = client.post(url, data)
    letter = Letter.objects.get()
    assert (first.status_code, first["Location"]) == (302, reverse("services:letter_detail", args=[letter.pk]))
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    page = client.get(second["Location"]).content.decode()
    assert "Surat untuk formulir atau permohonan ini sudah dibuat; tidak dibuat lagi." in page


def test_each_rendering_of_the_issue_form_has_its_own_key(client_for, jatinom_operator, domicile):
    client = client_for(jatinom_operator)
    url = reverse("services:letter_issue", args=[domicile.pk])
    first = client.get(url)
    second = client.get(url)
    key = first.context["form"].initial["idempotency_key"]
    assert key != second.context["form"].initial["idempotency_key"]
    assert f'name="idempotency_key" value="{key}"' in first.content.decode()


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write transaction; the race needs concurrent writers (SELECT ... FOR UPDATE)")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_for_one_request_make_one_letter(jatinom_operator, domicile, ready_request):
    clicks = [fresh(ready_request) for _ in range(4)]
    results, errors = run_together(4, lambda i: draft_letter(jatinom_operator, domicile, domicile_values(),
                                                             request=clicks[i]))
    assert errors == []
    letter = Letter.objects.get()
    assert sorted((r.pk, r.reused) for r in results) == [(letter.pk, False)] + [(letter.pk, True)] * 3


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_of_one_form_key_make_one_letter(jatinom_operator, domicile):
    results, errors = run_together(4, lambda i: draft_letter(jatinom_operator, domicile, domicile_values(),
                                                             idempotency_key="k" * 32))
    assert errors == []
    letter = Letter.objects.get()
    assert sorted((r.pk, r.reused) for r in results) == [(letter.pk, False)] + [(letter.pk, True)] * 3
