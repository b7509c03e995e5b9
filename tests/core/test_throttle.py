"""core.throttle: keyed on the real client (X-Forwarded-For only from trusted proxies), atomic, 429 in Indonesian."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import Action
from audit.services import record
from cases.forms import make_form_token
from cases.models import Case
from core import throttle
from tests.conftest import JATINOM

PROXY = "10.0.0.5"


def request_from(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize("trusted,peer,forwarded,client", [
    ([], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # no proxy configured: the header is ignored
    ([PROXY], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # untrusted peer: its header is ignored
    ([PROXY], PROXY, "198.51.100.20", "198.51.100.20"),  # trusted proxy: the address it saw
    ([PROXY], PROXY, "6.6.6.6, 198.51.100.20", "198.51.100.20"),  # the client's own prefix is not believed
    (["10.0.0.0/24"], PROXY, "198.51.100.20, 10.0.0.9", "198.51.100.20"),  # a chain of trusted proxies
    ([PROXY], PROXY, "", PROXY),  # a proxy that sent no header stands for itself
    ([PROXY], PROXY, "not-an-ip", PROXY),
    (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
])
def test_client_address_believes_forwarded_for_only_from_trusted_proxies(settings, trusted, peer, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    assert throttle.client_ip(request_from(peer, forwarded)) == client


def test_audit_records_the_client_behind_the_proxy_not_the_proxy(db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    entry = record(None, Action.OTHER, object_type="test", request=request_from(PROXY, "198.51.100.20"))
    assert entry.ip_address == "198.51.100.20"


def post_complaint(client, peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("cases:public_form"), {
        "complainant_role": "family", "complainant_name": "Sutrisno", "complainant_relation": "suami",
        "complainant_phone": "0812-3456-7890", "worker_name": "Sri Wahyuni", "village": JATINOM,
        "destination_country": "HK", "category": "document_withholding", "description": "Paspor ditahan.",
        "consent_process": "on", "website": "", "form_token": make_form_token(time.time() - 30)}, **extra)


def test_behind_the_proxy_each_visitor_has_their_own_limit(client, regions, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    assert post_complaint(client, PROXY, "198.51.100.1").status_code == 302
    assert post_complaint(client, PROXY, "198.51.100.2").status_code == 302
    assert post_complaint(client, PROXY, "198.51.100.1").status_code == 429
    # From an untrusted peer a forged header buys nothing.
    assert post_complaint(client, "203.0.113.9", "1.1.1.1").status_code == 302
    assert post_complaint(client, "203.0.113.9", "2.2.2.2").status_code == 429
    assert Case.objects.count() == 3


def test_throttled_request_gets_the_indonesian_page_and_retry_after(client, regions, settings):
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    assert post_complaint(client, "198.51.100.3").status_code == 302
    response = post_complaint(client, "198.51.100.3")
    assert response.status_code == 429
    assert response.templates[0].name == "core/throttled.html"
    body = response.content.decode()
    assert "Terlalu banyak permintaan" in body
    assert "Terlalu banyak pengaduan dari alamat ini dalam satu jam." in body
    assert "Silakan coba lagi dalam sekitar" in body
    # The earliest moment the sliding count lets one more through: within two windows of an hour.
    assert 0 < int(response["Retry-After"]) <= 2 * 3600


def test_the_window_slides_so_a_boundary_does_not_double_the_limit(db):
    start = dt.datetime(2026, 3, 1, 10, 59, 0, tzinfo=dt.UTC)  # one minute before an hourly window ends
    results = [throttle.hit("t", "c", limit=3, window=3600, now=start).allowed for _ in range(3)]
    assert results == [True, True, True]
    after_boundary = start + dt.timedelta(minutes=2)
    blocked = throttle.hit("t", "c", limit=3, window=3600, now=after_boundary)
    assert not blocked.allowed and blocked.retry_after > 0
    # Once the earlier hour has slid out, the client may act again.
    assert throttle.hit("t", "c", limit=3, window=3600, now=start + dt.timedelta(minutes=61)).allowed
    assert throttle.hit("t", "other", limit=3, window=3600, now=after_boundary).allowed


def test_a_refunded_hit_does_not_count(db):
    now = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    first = throttle.hit("t", "c", limit=1, window=60, now=now)
    throttle.refund(first)
    assert throttle.hit("t", "c", limit=1, window=60, now=now).allowed
    assert not throttle.hit("t", "c", limit=1, window=60, now=now).allowed


def test_hits_in_a_window_already_counted_still_weigh_the_previous_window(db):
    hour = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    assert all(throttle.hit("t", "c", limit=10, window=3600, now=hour).allowed for _ in range(4))
    half_past = hour + dt.timedelta(minutes=90)  # the previous hour still weighs half: 2 of the 5 are taken
    assert [throttle.hit("t", "c", limit=5, window=3600, now=half_past).allowed for _ in range(4)] == [
        True, True, True, False]


def test_rows_no_window_reads_any_more_are_cleared_when_a_row_is_added(db):
    from core.models import ThrottleCounter

    start = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    throttle.hit("t", "a", limit=5, window=60, now=start)
    throttle.hit("t", "a", limit=5, window=60, now=start + dt.timedelta(seconds=61))  # the next window: kept
    later = throttle.hit("t", "b", limit=5, window=60, now=start + dt.timedelta(minutes=10))
    assert sorted(ThrottleCounter.objects.values_list("key", "window")) == [(later.key, later.window)]


@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_complaints_against_a_limit_of_five_let_exactly_five_through(regions, settings):
    if connection.vendor != "postgresql":
        pytest.skip("threads share one database only on PostgreSQL (SQLite's test database is per connection)")
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 5
    barrier = threading.Barrier(8)
    statuses = []

    def submit():
        try:
            client = Client()
            barrier.wait()
            statuses.append(post_complaint(client, "198.51.100.77").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 5 + [429] * 3
    assert Case.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_hits_against_a_limit_of_five_count_exactly_five():
    if connection.vendor != "postgresql":
        pytest.skip("threads share one database only on PostgreSQL (SQLite's test database is per connection)")
    barrier = threading.Barrier(8)
    allowed = []

    def hit():
        try:
            barrier.wait()
            allowed.append(throttle.hit("race", "198.51.100.78", limit=5, window=3600).allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 3 + [True] * 5
