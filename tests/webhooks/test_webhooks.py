"""Signed webhooks: each event delivered as JSON signed with HMAC-SHA256 to a local receiver that checks the
signature, retried, logged per record and per endpoint, replayable, with NIKs only for entitled endpoints."""

import hashlib
import hmac
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from werkzeug import Response

from audit.models import Action, AuditEntry
from migrants import services as placement_services
from tests.factories import CaseFactory, make_nik
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint

SECRET = "rahasia-penandatangan-uji-0001"


class Receiver:
    """A receiving system: checks X-Payung-Signature with the shared secret, answers 401 when it is wrong."""

    def __init__(self, answer=200):
        self.bodies = []
        self.answer = answer

    def __call__(self, request):
        body = request.get_data()
        expected = hmac.new(SECRET.encode(), request.headers["X-Payung-Timestamp"].encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        if request.headers.get("X-Payung-Signature") != f"sha256={expected}":
            return Response("bad signature", status=401)
        self.bodies.append(json.loads(body))
        return Response("ok", status=self.answer)


@pytest.fixture
def endpoint(admin_user_, httpserver):
    def make(events=("placement.created",), **fields):
        return services.save_endpoint(admin_user_, name="SIM Kabupaten", url=httpserver.url_for("/hook"),
                                      secret=SECRET, events=list(events), **fields)
    return make


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def test_a_new_placement_reaches_the_receiver_signed_without_nik(transactional_db, endpoint, make_placement,
                                                                   httpserver):
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    hook = endpoint()
    placement = make_placement()  # committed: the delivery is enqueued for the database worker
    _run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert (delivery.endpoint, delivery.object_type, delivery.object_id) == (hook, "migrants.placement",
                                                                             str(placement.pk))
    [body] = receiver.bodies
    assert (body["event"], body["delivery_id"], body["data"]["id"]) == ("placement.created", delivery.pk,
                                                                        placement.pk)
    assert "nik" not in body["data"] and make_nik() not in json.dumps(body)


def test_an_entitled_endpoint_gets_the_nik_and_the_sending_is_audited(endpoint, make_placement, httpserver):
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    endpoint(entitled_to_nik=True)
    placement = make_placement()
    delivery = Delivery.objects.get()
    assert services.deliver(delivery.pk) == DeliveryStatus.DELIVERED
    assert receiver.bodies[0]["data"]["nik"] == placement.person.nik
    assert "nik" not in Delivery.objects.get().payload  # the log keeps no NIK
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="migrants.placement")
    assert entry.object_id == str(placement.pk) and "NIK dikirim lewat webhook ke SIM Kabupaten" in entry.note


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried_then_failed_then_replayed(
        endpoint, make_placement, httpserver, admin_user_, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    hook = endpoint()
    hook.secret = "rahasia-yang-salah-sekali-0002"
    hook.save()
    make_placement()
    delivery = Delivery.objects.get()
    assert services.deliver(delivery.pk) == DeliveryStatus.PENDING  # 401: retried later
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.next_attempt_at is not None) == (1, 401, True)
    assert services.deliver(delivery.pk) == DeliveryStatus.FAILED
    hook.secret = SECRET
    hook.save()
    services.replay(admin_user_, Delivery.objects.get())
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    assert services.deliver(delivery.pk) == DeliveryStatus.DELIVERED
    assert len(receiver.bodies) == 1
    assert AuditEntry.objects.filter(action=Action.OTHER, object_type="webhooks.delivery").count() == 1


def test_an_unreachable_receiver_is_retried(endpoint, make_placement, httpserver):
    hook = endpoint()
    hook.url = "http://127.0.0.1:9/hook"  # discard port: nothing listens
    hook.save()
    make_placement()
    assert services.deliver(Delivery.objects.get().pk) == DeliveryStatus.PENDING
    assert Delivery.objects.get().last_error != ""


def test_events_are_filtered_per_endpoint_and_logged_per_record(endpoint, make_placement, jatinom_operator,
                                                                httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    endpoint(events=["placement.created", "case.opened"])
    endpoint(events=["case.closed"], region_prefix="35.06")
    placement = make_placement()
    case = CaseFactory(actor=jatinom_operator)
    assert sorted(Delivery.objects.values_list("event", flat=True)) == ["case.opened", "placement.created"]
    assert [d.event for d in services.deliveries_for("cases.case", case.pk)] == ["case.opened"]
    assert [d.event for d in services.deliveries_for("migrants.placement", placement.pk)] == ["placement.created"]


def test_departure_and_return_are_announced(endpoint, make_placement, jatinom_operator, complete_documents,
                                            httpserver):
    import datetime

    endpoint(events=["placement.departed", "placement.returned"])
    placement = complete_documents(make_placement(departure_date=datetime.date(2026, 1, 5)))
    placement_services.verify_placement(jatinom_operator, placement)
    for status in ("process", "ready"):
        placement_services.transition(jatinom_operator, placement, status)
    placement_services.transition(jatinom_operator, placement, "departed", on=datetime.date(2026, 1, 5))
    assert list(Delivery.objects.values_list("event", flat=True)) == ["placement.departed"]


def test_only_an_administrator_registers_an_endpoint(jatinom_operator):
    with pytest.raises(PermissionDenied):
        services.save_endpoint(jatinom_operator, name="X", url="https://x.example/", secret=SECRET,
                               events=["case.opened"])
    assert not Endpoint.objects.exists()
