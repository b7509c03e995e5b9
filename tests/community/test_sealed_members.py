"""Group members' names and phones and activity participants' names are ciphertext (issue 19 point 3): sealed under
the registered person's data key when the member is linked to one, else under the membership's own key; a guest
participant under the row's own key. Erasing the person destroys both keys, so a copy of the raw rows taken before
(live, history, a backup) opens to nothing, while the group's member and attendance counts stay."""

import datetime
from functools import partial

import pytest

from audit.models import AuditEntry
from community import services
from community.models import ActivityKind, CommunityGroup, GroupMember, MemberRole
from community.privacy import records_for
from core.crypto import SEAL_PREFIX, decrypt, is_encrypted_token
from core.models import DataKey
from privacy.services import erase_person
from tests.privacy import rawrows
from tests.privacy.rawrows import key_kinds
from tests.privacy.rawrows import opened_all as opened

pytestmark = pytest.mark.django_db

D = datetime.date
NAME, PHONE, GUEST = "Wulandari Setyaningsih", "0813-7766-5544", "Ahmad Fauzi"

# (table, WHERE naming the member, sealed columns): the membership live and history, and its attendance rows.
SEALED = [
    ("community_groupmember", "id", ["name", "phone"]),
    ("community_historicalgroupmember", "id", ["name", "phone"]),
    ("community_activityparticipant", "member_id", ["name"]),
]
raw_values = partial(rawrows.raw_values, SEALED)
raw_cells = partial(rawrows.raw_cells, SEALED)
GUEST_ROWS = [("community_activityparticipant", "member_id IS NULL AND activity_id = %s", ["name"])]


@pytest.fixture
def member(kopi_jatinom, jatinom_operator):
    """An unregistered member (the group's phone is hers) who attended a meeting with a guest."""
    kopi_jatinom.contact_phone = PHONE
    kopi_jatinom.save()
    member = services.add_member(jatinom_operator, kopi_jatinom, name=NAME, phone=PHONE, role=MemberRole.CHAIR,
                                 joined_on=D(2020, 1, 1))
    services.add_member(jatinom_operator, kopi_jatinom, name="Sumarni", joined_on=D(2020, 1, 1))
    activity = services.record_activity(jatinom_operator, kopi_jatinom, kind=ActivityKind.MEETING, title="Rapat",
                                        date=D(2024, 3, 1), participants=[member, (GUEST, "Ketua BPD")])
    member.activity = activity
    return member


def test_an_unregistered_member_and_a_guest_are_sealed_under_their_own_keys(member):
    stored = raw_values(member.pk)
    assert set(stored) == {(t, c) for t, _k, columns in SEALED for c in columns}
    tokens = [v for values in stored.values() for v in values]
    assert all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for v in tokens)
    assert key_kinds(stored) == {"community.groupmember"}
    assert opened(stored) == {NAME, PHONE}
    guest = rawrows.raw_values(GUEST_ROWS, member.activity.pk)
    assert key_kinds(guest) == {"community.activityparticipant"} and opened(guest) == {GUEST}
    cells = raw_cells(member.pk) + rawrows.raw_cells(GUEST_ROWS, member.activity.pk)
    assert [s for s in (NAME, "Wulandari", "7766-5544", GUEST, "Fauzi") if any(s in c for c in cells)] == []
    # Not in the audit diffs either: the member's entry says the name changed, the attendance its count.
    entry = AuditEntry.objects.get(object_type="community.groupmember", object_id=str(member.pk))
    assert (entry.changes["name"], entry.changes["phone"]) == ({"changed": True}, {"changed": True})


def test_pages_read_the_names_and_sort_them(member, client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    group_page = client.get(f"/komunitas/kelompok/{member.group_id}/").content.decode()
    assert group_page.index(NAME) < group_page.index("Sumarni")  # chair first, as before
    activity_page = client.get(f"/komunitas/kegiatan/{member.activity.pk}/").content.decode()
    assert activity_page.index(GUEST) < activity_page.index(NAME)  # by name, though the guest was entered last


def test_erasing_the_linked_person_leaves_no_readable_name_or_phone_and_keeps_the_counts(
        member, make_person, jatinom_operator):
    backup = raw_values(member.pk)  # sealed under the membership's own key: she was not registered yet
    person = make_person(name=NAME)
    linked = GroupMember.objects.get(pk=member.pk)
    linked.person = person  # registered later and linked: her values move under her own key on save
    linked.save()
    backup_after_link = raw_values(member.pk)
    assert key_kinds({k: v for k, v in backup_after_link.items() if k[0] == "community_groupmember"}) == {
        "people.person"}  # the live row; earlier history rows and the attendance stay under the membership's key
    group, activity = CommunityGroup.objects.get(pk=member.group_id), member.activity
    counts = (group.current_members().count(), activity.participant_total)

    erasure = erase_person(jatinom_operator, person)

    for copy in (backup, backup_after_link):
        assert opened(copy) == {None}
    now = raw_values(member.pk)  # the pseudonym in the name columns, the phone blank
    assert set(now) == {("community_groupmember", "name"), ("community_historicalgroupmember", "name"),
                        ("community_activityparticipant", "name")}
    assert opened(now) == {erasure.pseudonym}
    cells = raw_cells(member.pk)
    assert [s for s in (NAME, "Wulandari", "7766-5544") if any(s in c for c in cells)] == []
    assert not DataKey.objects.filter(subject_type="community.groupmember", subject_id=str(member.pk),
                                      destroyed_at=None).exists()
    group.refresh_from_db()
    assert group.contact_phone == ""  # it was her number
    # History rows: her number blanked, the group's earlier number (not hers) kept.
    assert sorted(set(group.history.values_list("contact_phone", flat=True))) == ["", "081234567890"]
    assert (group.current_members().count(), activity.participant_total) == counts
    assert sorted(p.name for p in activity.participants.all()) == [GUEST, erasure.pseudonym]


def test_the_access_file_lists_the_membership_and_the_attendance_opened(member, make_person):
    person = make_person(name=NAME)
    GroupMember.objects.filter(pk=member.pk).update(person=person)

    sections = {str(s.title): s for s in records_for(person)}

    membership = sections["Keanggotaan kelompok"]
    assert [(r["Nama"], r["Telepon"], r["Jabatan"]) for r in membership.rows] == [(NAME, PHONE, "Ketua")]
    assert membership.refs == [("community.groupmember", member.pk)]
    attended = sections["Kehadiran kegiatan kelompok"]
    assert [(r["Kegiatan"], r["Nama"]) for r in attended.rows] == [("Rapat", NAME)]
    assert attended.refs == [("community.activity", member.activity.pk)]


def test_a_guest_taken_off_the_list_is_shredded_and_the_audit_entry_counts_only(member, jatinom_operator):
    activity = member.activity
    backup = rawrows.raw_values(GUEST_ROWS, activity.pk)

    services.set_participants(jatinom_operator, activity, [member, ("Bu Lurah", "Pemerintah desa")])

    assert opened(backup) == {None}
    assert opened(rawrows.raw_values(GUEST_ROWS, activity.pk)) == {"Bu Lurah"}
    entry = AuditEntry.objects.filter(object_type="community.activity", object_id=str(activity.pk)).latest("id")
    assert entry.changes == {"participants": [2, 2]}


def test_erasure_reaches_an_unlinked_membership_with_her_number_or_whole_name_in_her_village_only(
        member, make_person, jatinom_operator, gogodeso_operator, kopi_gogodeso):
    person = make_person(name="Sri Lestari", phone="+6281377665544")  # her number is the member's (last 8 digits)
    namesake = services.add_member(jatinom_operator, member.group, name="sri  LESTARI", joined_on=D(2021, 1, 1))
    elsewhere = services.add_member(gogodeso_operator, kopi_gogodeso, name="Sri Lestari", joined_on=D(2021, 1, 1))
    backup = raw_values(member.pk)

    erasure = erase_person(jatinom_operator, person)

    assert opened(backup) == {None}
    assert {GroupMember.objects.get(pk=pk).name for pk in (member.pk, namesake.pk)} == {erasure.pseudonym}
    assert GroupMember.objects.get(pk=elsewhere.pk).name == "Sri Lestari"  # another village: someone else
