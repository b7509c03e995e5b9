"""A rendered public complaint form makes one complaint: a replay or a double click gets the first one's code."""

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.forms import form_key, make_form_token
from cases.models import Case, PublicFormUse
from tests.helpers import run_together

from .test_public import form_data


def post(client, data, address="10.0.0.1"):
    return client.post(reverse("cases:public_form"), data, REMOTE_ADDR=address)


def test_a_replayed_form_returns_the_first_complaints_tracking_code(client, regions):
    data = form_data()
    first = post(client, data)
    assert first.status_code == 302
    case = Case.objects.get()
    other = Client()  # a replay needs no session: the token alone finds the first complaint
    replay = post(other, data)
    assert replay.status_code == 302
    assert replay["Location"] == first["Location"]
    done = other.get(replay["Location"])
    assert case.tracking_code in done.content.decode()
    assert Case.objects.count() == 1
    assert case.form_key == form_key(data["form_token"]) and not PublicFormUse.objects.exists()


def test_a_replay_is_answered_even_when_the_address_has_used_its_hourly_limit(client, regions, settings):
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    data = form_data()
    assert post(client, data).status_code == 302
    replay = post(client, data)
    assert replay.status_code == 302
    assert Case.objects.get().tracking_code in client.get(replay["Location"]).content.decode()


def test_two_forms_rendered_in_the_same_second_make_two_complaints(client, regions):
    issued = time.time() - 30
    assert post(client, form_data(form_token=make_form_token(issued))).status_code == 302
    assert post(client, form_data(form_token=make_form_token(issued))).status_code == 302
    assert Case.objects.count() == 2


def test_a_refused_submission_leaves_its_form_usable(client, regions):
    data = form_data(consent_process="")
    assert post(client, data).status_code == 200
    data["consent_process"] = "on"
    assert post(client, data).status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every write transaction; the race needs concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_form_make_one_complaint(regions):
    data = form_data()
    clients = [Client(), Client()]

    def submit(i):
        response = post(clients[i], data)
        page = clients[i].get(response["Location"]).content.decode()
        return response.status_code, re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)

    answers, errors = run_together(2, submit)  # both posts start at the same instant
    assert errors == []
    code = Case.objects.get().tracking_code
    assert answers == [(302, code), (302, code)]


def test_a_replay_whose_form_has_expired_meanwhile_still_gets_the_first_code(client, regions):
    token = make_form_token(time.time() - 25 * 3600)  # sent once, then replayed after the form's 24 hours
    data = form_data(form_token=token)
    first = Case.objects.create(village_id=data["village"], category="unpaid_wages", description="Gaji.",
                                complainant_name="Sutrisno", worker_name="Sri Wahyuni", form_key=form_key(token))
    replay = post(client, data)
    assert replay.status_code == 302
    assert first.tracking_code in client.get(replay["Location"]).content.decode()
    assert Case.objects.count() == 1


def test_a_replay_let_through_by_the_throttle_is_not_counted_against_the_address(client, regions, settings):
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 2
    data = form_data()
    assert post(client, data).status_code == 302
    assert post(client, data).status_code == 302  # the replay: the first complaint's code, its slot given back
    assert post(client, form_data()).status_code == 302  # the address's second complaint
    assert post(client, form_data()).status_code == 429
    assert Case.objects.count() == 2
