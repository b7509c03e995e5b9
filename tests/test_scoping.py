from accounts.models import Role
from accounts.scoping import can_access_region, user_scope_codes
from audit.models import AuditEntry
from audit.services import record
from regions.models import Region

from .conftest import BLITAR, GOGODESO, JATINOM


def test_village_operator_scope_is_exactly_the_village(jatinom_operator):
    assert user_scope_codes(jatinom_operator) == [JATINOM]
    assert can_access_region(jatinom_operator, JATINOM)
    assert not can_access_region(jatinom_operator, GOGODESO)
    assert not can_access_region(jatinom_operator, BLITAR)


def test_prefix_match_respects_code_segments(regions):
    from accounts.scoping import code_q

    # "35.05.1" is not a code: a plain startswith would wrongly match 35.05.10.x and 35.05.11.x.
    assert Region.objects.filter(code_q("code", "35.05.1")).count() == 0
    assert Region.objects.filter(code_q("code", "35.05.10")).count() == 1 + 12


def test_district_officer_sees_every_village_in_the_regency(blitar_officer):
    assert can_access_region(blitar_officer, JATINOM)
    assert can_access_region(blitar_officer, GOGODESO)
    assert not can_access_region(blitar_officer, "35.06.01.2001")


def test_nationwide_roles_see_everything(national_officer):
    assert user_scope_codes(national_officer) is None
    assert can_access_region(national_officer, "11.01.01.2001")


def test_user_without_membership_sees_nothing(regions, make_user):
    user = make_user("nobody")
    assert Region.objects.villages().visible_to(user).count() == 0


def test_broader_membership_absorbs_narrower_ones(regions, make_user):
    user = make_user("u", (Role.VILLAGE_OPERATOR, JATINOM), (Role.DISTRICT_OFFICER, BLITAR))
    assert user_scope_codes(user) == [BLITAR]


def test_visible_to_filters_scoped_records(jatinom_operator, blitar_officer):
    record(None, "other", object_type="x", object_id="1", region_code=JATINOM)
    record(None, "other", object_type="x", object_id="2", region_code=GOGODESO)
    record(None, "other", object_type="x", object_id="3", region_code="")
    assert list(AuditEntry.objects.visible_to(jatinom_operator).values_list("object_id", flat=True)) == ["1"]
    assert sorted(AuditEntry.objects.visible_to(blitar_officer).values_list("object_id", flat=True)) == ["1", "2"]


def test_facilitator_over_several_villages_sees_each(regions, make_user):
    user = make_user("f", (Role.NGO_FACILITATOR, JATINOM), (Role.NGO_FACILITATOR, "35.05.12.2001"))
    villages = set(Region.objects.villages().visible_to(user).values_list("code", flat=True))
    assert villages == {JATINOM, "35.05.12.2001"}


def test_organisation_staff_membership_grants_no_region(regions, make_user):
    user = make_user("staf", (Role.ORGANISATION_STAFF, JATINOM))
    assert user_scope_codes(user) == []
    assert not can_access_region(user, JATINOM)


def test_every_village_record_is_scoped_by_the_default_code_prefix_on_its_own_column(jatinom_operator):
    """The one SCOPE_FIELD default ("village__code") serves every village record: Django compiles the prefix
    match to the record's own village column, with no join to the regions table."""
    from django.apps import apps

    from core.models import VillageScopedModel

    models = [m for m in apps.get_models() if issubclass(m, VillageScopedModel)]
    assert len(models) >= 10
    for model in models:
        assert model.SCOPE_FIELD == "village__code", model
        sql = str(model.objects.visible_to(jatinom_operator).order_by().only("pk").query)
        assert f'WHERE ("{model._meta.db_table}"."village_id"' in sql and "JOIN" not in sql, (model, sql)
