"""The events not covered by test_webhooks.py: a case closed (resolved or closed, once), a claim decided (paid
or rejected, once) and a placement returned each become one delivery, with no NIK in the logged payload."""

import datetime as dt

from django.utils import timezone

from cases import services as case_services
from cases.models import ClaimStatus, CloseReason, Status
from migrants import services as placement_services
from tests.factories import CaseFactory
from webhooks import services
from webhooks.models import Delivery

SECRET = "rahasia-penandatangan-uji-0001"


def _hook(admin, *events):
    return services.save_endpoint(admin, name="SIM", url="https://sim.example/hook", secret=SECRET,
                                  events=list(events))


def test_closing_a_case_is_announced_once(admin_user_, jatinom_operator):
    _hook(admin_user_, "case.closed")
    case = CaseFactory(actor=jatinom_operator, received_at=timezone.now() - dt.timedelta(days=31))
    case_services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.DOCS_INCOMPLETE)
    [delivery] = Delivery.objects.all()
    assert (delivery.event, delivery.object_type, delivery.object_id) == ("case.closed", "cases.case", str(case.pk))
    assert (delivery.payload["status"], delivery.payload["close_reason"]) == ("closed", "docs_incomplete")
    assert "nik" not in delivery.payload and "worker_nik" not in delivery.payload


def test_a_claim_decision_is_announced_and_preparing_steps_are_not(admin_user_, jatinom_operator):
    _hook(admin_user_, "claim.decided")
    case = CaseFactory(actor=jatinom_operator, category="social_security")
    claim = case_services.open_claim(jatinom_operator, case, "jkk_during_accident")
    for document in claim.documents.all():
        case_services.set_claim_document(jatinom_operator, document, True)
    case_services.set_claim_status(jatinom_operator, claim, ClaimStatus.SUBMITTED)
    assert not Delivery.objects.exists()
    case_services.set_claim_status(jatinom_operator, claim, ClaimStatus.REJECTED, reason="Bukan kecelakaan kerja.")
    [delivery] = Delivery.objects.all()
    assert (delivery.event, delivery.object_id, delivery.payload["status"]) == ("claim.decided", str(claim.pk),
                                                                              "rejected")


def test_a_return_is_announced(admin_user_, jatinom_operator, make_placement, complete_documents):
    _hook(admin_user_, "placement.returned")
    placement = complete_documents(make_placement(departure_date=dt.date(2026, 1, 5)))
    placement_services.verify_placement(jatinom_operator, placement)
    for status in ("process", "ready"):
        placement_services.transition(jatinom_operator, placement, status)
    placement_services.transition(jatinom_operator, placement, "departed", on=dt.date(2026, 1, 5))
    assert not Delivery.objects.exists()
    placement_services.transition(jatinom_operator, placement, "returned", on=dt.date(2026, 6, 1),
                                  note="Pulang lebih awal karena orang tua sakit.")
    assert list(Delivery.objects.values_list("event", "object_id")) == [("placement.returned", str(placement.pk))]
