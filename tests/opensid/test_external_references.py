"""National identifiers of placements and cases, with their state of being sent upward, and the list filter."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import Action, AuditEntry
from cases.services.references import record_case_reference
from migrants.models import PlacementReference, ReferenceState
from migrants.services.references import record_reference
from tests.factories import CaseFactory, make_nik


def test_a_placement_keeps_its_identifiers_with_state_and_date(jatinom_operator, make_placement):
    placement = make_placement()
    record_reference(jatinom_operator, placement, "id_pmi", value="E-PMI 123", state=ReferenceState.SENT,
                     state_on=datetime.date(2026, 11, 2))
    ref = record_reference(jatinom_operator, placement, "id_pmi", value="E-PMI 123",
                           state=ReferenceState.ACKNOWLEDGED)
    assert PlacementReference.objects.filter(placement=placement).count() == 1
    assert (ref.value, ref.state) == ("E-PMI 123", "acknowledged")
    assert list(AuditEntry.objects.filter(object_type="migrants.placementreference").values_list(
        "action", flat=True).order_by("id")) == [Action.CREATE, Action.UPDATE]


def test_an_acknowledged_identifier_needs_its_number(jatinom_operator, make_placement):
    with pytest.raises(ValidationError) as exc:
        record_reference(jatinom_operator, make_placement(), "ekpmi", state=ReferenceState.ACKNOWLEDGED)
    assert exc.value.message_dict == {"value": ["Nomor wajib diisi bila sudah diterima sistem tujuan."]}


def test_another_villages_operator_cannot_record_an_identifier(gogodeso_operator, make_placement):
    with pytest.raises(PermissionDenied):
        record_reference(gogodeso_operator, make_placement(), "ekpmi", value="K-1")


def test_the_placement_list_filters_what_is_not_yet_sent_upward(client_for, jatinom_operator, make_placement,
                                                                make_person):
    nothing = make_placement(person=make_person(nik=make_nik(serial="0501")))
    waiting = make_placement(person=make_person(nik=make_nik(serial="0502")))
    record_reference(jatinom_operator, waiting, "national", state=ReferenceState.TO_SEND)
    sent = make_placement(person=make_person(nik=make_nik(serial="0503")))
    record_reference(jatinom_operator, sent, "id_pmi", value="X1", state=ReferenceState.SENT)
    failed = make_placement(person=make_person(nik=make_nik(serial="0504")))
    record_reference(jatinom_operator, failed, "id_pmi", value="X2", state=ReferenceState.SENT)
    record_reference(jatinom_operator, failed, "ekpmi", value="X3", state=ReferenceState.ERROR)
    response = client_for(jatinom_operator).get(reverse("migrants:list"), {"upward": "pending"})
    assert response.status_code == 200
    assert sorted(p.pk for p in response.context["page"].object_list) == sorted([nothing.pk, waiting.pk, failed.pk])


def test_a_case_keeps_its_siskop2mi_and_lapor_numbers(jatinom_operator, client_for):
    case = CaseFactory(actor=jatinom_operator)
    other = CaseFactory(actor=jatinom_operator)
    record_case_reference(jatinom_operator, case, "siskop2mi", value="SK-77", state=ReferenceState.ACKNOWLEDGED)
    record_case_reference(jatinom_operator, case, "lapor", value="LAPOR-9", state=ReferenceState.SENT)
    assert sorted(case.external_refs.values_list("kind", "value", "state")) == [
        ("lapor", "LAPOR-9", "sent"), ("siskop2mi", "SK-77", "acknowledged")]
    response = client_for(jatinom_operator).get(reverse("cases:list"), {"upward": "pending"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [other.pk]
