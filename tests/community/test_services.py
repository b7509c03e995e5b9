import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from community import services
from community.models import Activity, ActivityKind, FollowUpStatus, MemberRole
from tests.conftest import GOGODESO, JATINOM, PANDANARUM

D = datetime.date


def test_creating_a_group_is_audited_with_its_village(kopi_jatinom, jatinom_operator):
    entry = AuditEntry.objects.get(object_type="community.communitygroup", object_id=str(kopi_jatinom.pk))
    assert entry.action == Action.CREATE
    assert entry.region_code == JATINOM
    assert entry.actor == jatinom_operator


def test_operator_cannot_create_a_group_in_another_village(jatinom_operator):
    with pytest.raises(PermissionDenied):
        services.create_group(jatinom_operator, name="KOPI Gogodeso", kind="kopi", village_id=GOGODESO)


def test_district_officer_reads_but_cannot_create_groups(blitar_officer):
    with pytest.raises(PermissionDenied):
        services.create_group(blitar_officer, name="KOPI X", kind="kopi", village_id=JATINOM)


def test_group_has_one_chair_at_a_time(kopi_jatinom, jatinom_operator):
    services.add_member(jatinom_operator, kopi_jatinom, name="Suliyati", role=MemberRole.CHAIR, joined_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as err:
        services.add_member(jatinom_operator, kopi_jatinom, name="Ruspuana", role=MemberRole.CHAIR)
    assert "Suliyati" in err.value.message_dict["role"][0]


def test_ending_membership_keeps_the_record_and_frees_the_role(kopi_jatinom, jatinom_operator):
    chair = services.add_member(jatinom_operator, kopi_jatinom, name="Suliyati", role=MemberRole.CHAIR,
                                 joined_on=D(2020, 1, 1))
    services.end_membership(jatinom_operator, chair, D(2024, 6, 30))
    services.add_member(jatinom_operator, kopi_jatinom, name="Ruspuana", role=MemberRole.CHAIR, joined_on=D(2024, 7, 1))
    assert kopi_jatinom.members.count() == 2
    assert kopi_jatinom.chair().name == "Ruspuana"
    chair.refresh_from_db()
    assert chair.left_on == D(2024, 6, 30)


def test_leaving_before_joining_is_refused(kopi_jatinom, jatinom_operator):
    m = services.add_member(jatinom_operator, kopi_jatinom, name="Sri", joined_on=D(2022, 5, 1))
    with pytest.raises(ValidationError) as err:
        services.end_membership(jatinom_operator, m, D(2022, 4, 1))
    assert list(err.value.message_dict) == ["left_on"]


def test_change_role_closes_the_old_period_and_opens_a_new_one(kopi_jatinom, jatinom_operator):
    m = services.add_member(jatinom_operator, kopi_jatinom, name="Sri", joined_on=D(2022, 5, 1))
    new = services.change_role(jatinom_operator, m, MemberRole.TREASURER, on=D(2024, 1, 1))
    m.refresh_from_db()
    assert (m.left_on, new.role, new.joined_on) == (D(2024, 1, 1), MemberRole.TREASURER, D(2024, 1, 1))


def test_member_linked_to_a_registered_person_takes_the_persons_name(kopi_jatinom, jatinom_operator):
    from people.models import Person

    person = Person.objects.create(village_id=JATINOM, nik="3505104107850001", name="Siti Rahayu", sex="P",
                                   birth_date=D(1985, 7, 1))
    m = services.add_member(jatinom_operator, kopi_jatinom, name="", person=person)
    assert (m.name, m.person_id) == ("Siti Rahayu", person.pk)


def test_activity_records_participants_and_follow_ups(kopi_jatinom, jatinom_operator):
    chair = services.add_member(jatinom_operator, kopi_jatinom, name="Suliyati", role=MemberRole.CHAIR,
                                joined_on=D(2020, 1, 1))
    act = services.record_activity(
        jatinom_operator, kopi_jatinom, kind=ActivityKind.BPD_AUDIENCE, title="Audiensi BPD tentang Perdes",
        date=D(2023, 10, 9), place="Ruang rapat BPD", decisions="BPD mengkaji draf Perdes",
        participants=[chair, ("Zaenul Komar", "Ketua BPD")], guest_count=3,
    )
    assert [p.name for p in act.participants.all()] == ["Suliyati", "Zaenul Komar"]
    assert act.participant_total == 5
    fu = services.add_follow_up(jatinom_operator, act, description="Kirim draf Perdes ke BPD",
                                responsible="Suliyati", due_on=D(2023, 10, 20))
    services.complete_follow_up(jatinom_operator, fu, result="Draf diterima BPD", done_on=D(2023, 10, 18))
    fu.refresh_from_db()
    assert (fu.status, fu.done_on) == (FollowUpStatus.DONE, D(2023, 10, 18))
    assert AuditEntry.objects.filter(action=Action.TRANSITION, object_id=str(fu.pk)).count() == 1


def test_follow_up_cannot_be_closed_twice(kopi_jatinom, jatinom_operator):
    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5))
    fu = services.add_follow_up(jatinom_operator, act, description="x", responsible="y", due_on=D(2024, 1, 9))
    services.drop_follow_up(jatinom_operator, fu, result="Tidak relevan lagi")
    with pytest.raises(ValidationError):
        services.complete_follow_up(jatinom_operator, fu)


def test_dropping_a_follow_up_needs_a_reason(kopi_jatinom, jatinom_operator):
    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5))
    fu = services.add_follow_up(jatinom_operator, act, description="x", responsible="y", due_on=D(2024, 1, 9))
    with pytest.raises(ValidationError) as err:
        services.drop_follow_up(jatinom_operator, fu, result=" ")
    assert list(err.value.message_dict) == ["result"]


def test_follow_up_due_before_the_activity_is_refused(kopi_jatinom, jatinom_operator):
    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5))
    with pytest.raises(ValidationError) as err:
        services.add_follow_up(jatinom_operator, act, description="x", responsible="y", due_on=D(2024, 1, 1))
    assert list(err.value.message_dict) == ["due_on"]


def test_activity_only_in_the_groups_villages(regions, make_user, kopi_jatinom):
    from accounts.models import Role

    facilitator = make_user("f", (Role.NGO_FACILITATOR, "35.05"))
    with pytest.raises(ValidationError):
        services.record_activity(facilitator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5),
                                 village_id=PANDANARUM)
    kopi_jatinom.other_villages.add(PANDANARUM)
    act = services.record_activity(facilitator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5),
                                   village_id=PANDANARUM)
    assert act.village_id == PANDANARUM


def test_activities_are_scoped_to_the_users_villages(kopi_jatinom, kopi_gogodeso, jatinom_operator,
                                                     gogodeso_operator, blitar_officer):
    services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="J", date=D(2024, 1, 5))
    services.record_activity(gogodeso_operator, kopi_gogodeso, kind="meeting", title="G", date=D(2024, 1, 6))
    assert list(Activity.objects.visible_to(jatinom_operator).values_list("title", flat=True)) == ["J"]
    assert sorted(Activity.objects.visible_to(blitar_officer).values_list("title", flat=True)) == ["G", "J"]


def test_photo_must_be_an_image_by_content(kopi_jatinom, jatinom_operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat", date=D(2024, 1, 5))
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>" * 20, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.add_photo(jatinom_operator, act, fake)
    assert act.photos.count() == 0
