"""Samples of the community models sealed in issue 19 point 3 (members' names and phones, participants' names) for
tests/core/test_encryption_keys.py::SAMPLES: an unregistered member (sealed under the membership's own key) and a
guest participant (under the row's own key)."""

import datetime


def _group(operator):
    from community.models import CommunityGroup
    from tests.factories import CommunityGroupFactory

    return CommunityGroup.objects.filter(name="KOPI Sampel").first() or CommunityGroupFactory(
        actor=operator, name="KOPI Sampel", village="35.05.10.2002")


def make_member(operator):
    from community.services import add_member

    return add_member(operator, _group(operator), name="Sumarni", phone="081234500099",
                      joined_on=datetime.date(2020, 1, 1))


def make_participant(operator):
    from community.services import record_activity

    activity = record_activity(operator, _group(operator), kind="meeting", title="Rapat",
                               date=datetime.date(2024, 3, 1), participants=[("Zaenul Komar", "BPD")])
    return activity.participants.get()


def community_samples():
    return {"community.GroupMember": make_member, "community.ActivityParticipant": make_participant}
