"""The test factories make records the application itself could make: valid NIKs in the named village, and records
with rules created through their domain service (permission, derived rows, audit)."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Action, AuditEntry
from people.nik import nik_warnings, parse_nik
from tests.conftest import GOGODESO, JATINOM, PANDANARUM
from tests.factories import (
    CaseFactory,
    CommunityGroupFactory,
    PersonFactory,
    PlacementFactory,
    PlacementRowFactory,
    UserFactory,
)


def test_a_person_has_a_well_formed_nik_that_agrees_with_her_village_birth_date_and_sex(regions):
    woman = PersonFactory()
    man = PersonFactory(village=PANDANARUM, sex="M")
    for person in (woman, man):
        parse_nik(person.nik)
        assert nik_warnings(person.nik, birth_date=person.birth_date, sex=person.sex,
                            village_code=person.village_id) == []
    assert (woman.village_id, man.village_id) == (JATINOM, PANDANARUM)
    assert woman.nik != man.nik


def test_a_placement_is_registered_through_the_service_with_its_checklist_and_an_audit_entry(
        jatinom_operator):
    placement = PlacementFactory(actor=jatinom_operator)
    assert placement.village_id == placement.person.village_id == JATINOM
    assert placement.documents.count() > 0
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="migrants.placement",
                                     object_id=str(placement.pk)).count() == 1


def test_a_placement_factory_refuses_an_actor_without_the_role_in_the_village(jatinom_operator):
    with pytest.raises(PermissionDenied):
        PlacementFactory(actor=jatinom_operator, person=PersonFactory(village=GOGODESO))


def test_a_placement_factory_refuses_fields_the_service_does_not_set(jatinom_operator):
    with pytest.raises(TypeError, match="PlacementRowFactory"):
        PlacementFactory(actor=jatinom_operator, status="working")


def test_a_placement_row_takes_its_village_from_its_person(regions):
    assert PlacementRowFactory(person=PersonFactory(village=GOGODESO), status="working").village_id == GOGODESO


def test_a_case_gets_a_tracking_code_and_a_group_its_village(jatinom_operator):
    assert CaseFactory(actor=None).tracking_code
    assert CommunityGroupFactory(actor=jatinom_operator).village_id == JATINOM


def test_a_user_signs_in_with_the_suite_password_and_holds_the_named_roles(regions):
    user = UserFactory(memberships=[("village_operator", JATINOM), ("community_volunteer", GOGODESO)])
    assert user.check_password("Rahasia-Uji-123")
    assert sorted(user.memberships.values_list("role", "region_id")) == [
        ("community_volunteer", GOGODESO), ("village_operator", JATINOM)]
