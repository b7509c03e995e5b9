"""The one permission rule: a role counts only in the regions of the membership that grants it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from accounts.permissions import holds_role, region_code_of, regions_with_role
from governance import services as governance
from tests.conftest import BLITAR, GOGODESO, JATINOM, PANDANARUM


def test_a_role_counts_only_in_the_region_of_its_own_membership(mixed_user):
    operator = (Role.VILLAGE_OPERATOR,)
    assert holds_role(mixed_user, operator, JATINOM) is True
    assert holds_role(mixed_user, operator, GOGODESO) is False
    assert holds_role(mixed_user, (Role.COMMUNITY_VOLUNTEER,), GOGODESO) is True
    assert holds_role(mixed_user, (Role.COMMUNITY_VOLUNTEER,), JATINOM) is False


def test_without_an_object_the_role_in_any_region_counts(mixed_user):
    assert holds_role(mixed_user, (Role.VILLAGE_OPERATOR,)) is True
    assert holds_role(mixed_user, (Role.DISTRICT_OFFICER,)) is False


def test_a_record_without_a_region_counts_only_for_nationwide_memberships(mixed_user, national_officer):
    roles = (Role.VILLAGE_OPERATOR, Role.NATIONAL_OFFICER)
    assert holds_role(mixed_user, roles, "") is False
    assert holds_role(national_officer, roles, "") is True


def test_a_regency_membership_covers_its_villages_and_not_the_neighbours(blitar_officer):
    assert holds_role(blitar_officer, (Role.DISTRICT_OFFICER,), PANDANARUM) is True
    assert holds_role(blitar_officer, (Role.DISTRICT_OFFICER,), "35.06.01.2001") is False
    assert holds_role(blitar_officer, (Role.DISTRICT_OFFICER,), "35.051") is False


def test_inactive_memberships_and_users_hold_nothing(mixed_user):
    mixed_user.memberships.filter(role=Role.VILLAGE_OPERATOR).update(is_active=False)
    mixed_user._membership_cache = None
    assert holds_role(mixed_user, (Role.VILLAGE_OPERATOR,), JATINOM) is False
    mixed_user.is_active = False
    assert holds_role(mixed_user, (Role.COMMUNITY_VOLUNTEER,), GOGODESO) is False


def test_regions_with_role_lists_only_the_membership_regions_of_that_role(mixed_user, national_officer):
    assert regions_with_role(mixed_user, (Role.VILLAGE_OPERATOR,)) == [JATINOM]
    assert regions_with_role(mixed_user, (Role.DISTRICT_OFFICER,)) == []
    assert regions_with_role(national_officer, (Role.NATIONAL_OFFICER,)) is None


def test_region_code_of_reads_records_regions_and_codes(regions, jatinom_operator):
    from regions.models import Region

    reg = governance.create_regulation(jatinom_operator, kind="perdes", village_id=JATINOM, title="Perdes")
    assert region_code_of(reg) == JATINOM
    assert region_code_of(Region.objects.get(code=BLITAR)) == BLITAR
    assert region_code_of(GOGODESO) == GOGODESO
    assert region_code_of("") is None


# --- The rule through every layer: governance is the village government's (volunteers do not write it) ------

def test_mixed_user_drafts_regulations_in_jatinom_only_through_the_service(mixed_user):
    assert governance.create_regulation(mixed_user, kind="perdes", village_id=JATINOM, title="Perdes J").pk
    with pytest.raises(PermissionDenied):
        governance.create_regulation(mixed_user, kind="perdes", village_id=GOGODESO, title="Perdes G")


def test_mixed_user_cannot_edit_a_gogodeso_regulation_on_the_screen(mixed_user, gogodeso_operator, client_for):
    reg = governance.create_regulation(gogodeso_operator, kind="perdes", village_id=GOGODESO, title="Perdes G",
                                       stage_since=datetime.date(2024, 1, 1))
    client = client_for(mixed_user)
    assert client.get(f"/tata-kelola/peraturan/{reg.pk}/").status_code == 200  # reads in scope
    assert client.get(f"/tata-kelola/peraturan/{reg.pk}/ubah/").status_code == 403
    response = client.post(f"/tata-kelola/peraturan/{reg.pk}/tahap/", {"stage": "bpd", "date": "2024-02-01"})
    assert response.status_code == 403
    reg.refresh_from_db()
    assert reg.stage == "drafting"


def test_mixed_user_cannot_patch_a_gogodeso_regulation_through_the_api(mixed_user, gogodeso_operator, api_client_for):
    reg = governance.create_regulation(gogodeso_operator, kind="perdes", village_id=GOGODESO, title="Perdes G")
    own = governance.create_regulation(mixed_user, kind="perdes", village_id=JATINOM, title="Perdes J")
    api = api_client_for(mixed_user)
    assert api.patch(f"/api/v1/governance/regulations/{reg.pk}/", {"title": "X"}, format="json").status_code == 403
    assert api.patch(f"/api/v1/governance/regulations/{own.pk}/", {"title": "Y"}, format="json").status_code == 200
    created = api.post("/api/v1/governance/regulations/", {
        "kind": "perdes", "village": GOGODESO, "title": "Z", "stage_since": "2024-01-01"}, format="json")
    assert created.status_code == 403, created.json()
    reg.refresh_from_db()
    assert reg.title == "Perdes G"


# --- Point 9: a publication cannot hang on another village's group ----------------------------------------

def test_api_publication_naming_another_villages_group_is_refused(api_client_for, jatinom_operator,
                                                                   gogodeso_operator):
    from community import services as community
    from portal.models import Publication

    other = community.create_group(gogodeso_operator, name="KOPI Gogodeso", kind="kopi", village_id=GOGODESO)
    own = community.create_group(jatinom_operator, name="KOPI Jatinom", kind="kopi", village_id=JATINOM)
    api = api_client_for(jatinom_operator)
    refused = api.post("/api/v1/portal/publications/", {"title": "Kabar", "region": JATINOM, "group": other.pk,
                                                        "body": "<p>Hai</p>"}, format="json")
    missing = api.post("/api/v1/portal/publications/", {"title": "Kabar", "region": JATINOM, "group": 999999,
                                                        "body": "<p>Hai</p>"}, format="json")
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["group"] == [m.replace("999999", str(other.pk)) for m in missing.json()["group"]]
    ok = api.post("/api/v1/portal/publications/", {"title": "Kabar", "region": JATINOM, "group": own.pk,
                                                   "body": "<p>Hai</p>"}, format="json")
    assert ok.status_code == 201
    assert list(Publication.objects.values_list("group_id", flat=True)) == [own.pk]


def test_district_officer_cannot_tie_a_village_publication_to_a_group_of_another_village(blitar_officer,
                                                                                       gogodeso_operator):
    from community import services as community
    from portal import services as portal
    from portal.models import Publication

    other = community.create_group(gogodeso_operator, name="KOPI Gogodeso", kind="kopi", village_id=GOGODESO)
    with pytest.raises(Exception) as raised:
        portal.create(blitar_officer, Publication(title="Kabar", region_id=JATINOM, group=other, body="<p>Hai</p>"))
    assert "group" in raised.value.message_dict
    assert Publication.objects.count() == 0
