"""Domain actions for community groups: members, activities, follow-ups, photos. Each one is audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, record, snapshot
from core import datakeys
from core.formatting import long_date
from core.records import fail, save_changes, save_new

from .models import (
    Activity,
    ActivityParticipant,
    ActivityPhoto,
    CommunityGroup,
    FollowUp,
    FollowUpStatus,
    GroupMember,
    MemberRole,
)

PARTICIPANT = "community.activityparticipant"  # a guest participant's own data key (core.crypto)

# Roles a group has at most one of at a time.
SINGLE_ROLES = {MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.TREASURER}


def create_group(actor, **fields):
    other_villages = fields.pop("other_villages", [])
    group = CommunityGroup(**fields)
    with transaction.atomic():
        save_new(actor, group, perm="community.edit_group")
        if other_villages:
            group.other_villages.set(other_villages)
    return group


def update_group(actor, group, before, other_villages=None):
    with transaction.atomic():
        save_changes(actor, group, before, perm="community.edit_group")
        if other_villages is not None:
            group.other_villages.set(other_villages)
    return group


def _check_single_role(member):
    if member.role in SINGLE_ROLES and member.left_on is None:
        taken = member.group.members.filter(role=member.role, left_on__isnull=True).exclude(pk=member.pk)
        holder = taken.first()
        if holder:
            fail("role", _("%(role)s kelompok ini masih %(name)s. Catat dulu tanggal keluar/ganti jabatannya.")
                 % {"role": member.get_role_display(), "name": holder.name})


def add_member(actor, group, *, name, role=MemberRole.MEMBER, joined_on=None, phone="", person=None):
    member = GroupMember(group=group, name=name, role=role, phone=phone,
                         joined_on=joined_on or timezone.localdate())
    if person is not None and hasattr(member, "person"):
        member.person = person
    if person is not None and not name:
        member.name = str(person)
    _check_single_role(member)
    return save_new(actor, member, perm="community.edit_member")


def update_member(actor, member, before):
    if member.left_on and member.left_on < member.joined_on:
        fail("left_on", _("Tanggal keluar tidak boleh sebelum tanggal bergabung."))
    _check_single_role(member)
    return save_changes(actor, member, before, perm="community.edit_member")


def end_membership(actor, member, left_on=None):
    """A member leaves the group (the record stays: the group's history)."""
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        fail("left_on", _("Anggota ini sudah keluar pada %(date)s.") % {"date": long_date(member.left_on)})
    if left_on < member.joined_on:
        fail("left_on", _("Tanggal keluar tidak boleh sebelum tanggal bergabung."))
    before = snapshot(member)
    member.left_on = left_on
    return save_changes(actor, member, before, perm="community.edit_member", note=_("keluar dari kelompok"))


def change_role(actor, member, role, on=None):
    """A new role starts a new membership period, so the group's history shows who held which role when."""
    on = on or timezone.localdate()
    if member.left_on is not None:
        fail("role", _("Anggota ini sudah keluar dari kelompok."))
    if role == member.role:
        return member
    with transaction.atomic():
        end_membership(actor, member, on)
        return add_member(actor, member.group, name=member.name, role=role, joined_on=on, phone=member.phone,
                          person=getattr(member, "person", None))


def _check_activity_village(activity):
    group = activity.group
    if activity.village_id and activity.village_id != group.village_id and \
            not group.other_villages.filter(code=activity.village_id).exists():
        fail("village", _("Desa kegiatan harus desa kelompok atau salah satu desa wilayah kegiatannya."))


def record_activity(actor, group, *, participants=(), **fields):
    """`participants`: GroupMember instances or (name, affiliation) pairs."""
    fields.setdefault("village_id", group.village_id)
    activity = Activity(group=group, **fields)
    _check_activity_village(activity)
    with transaction.atomic():
        save_new(actor, activity, perm="community.edit_activity")
        set_participants(actor, activity, participants, audit=False)
    return activity


def update_activity(actor, activity, before, *, participants=None):
    """Saves an edited activity and, when `participants` is given, its new participant list with it."""
    _check_activity_village(activity)
    with transaction.atomic():
        save_changes(actor, activity, before, perm="community.edit_activity")
        if participants is not None:
            set_participants(actor, activity, participants)
    return activity


def set_participants(actor, activity, participants, audit=True):
    require_perm(actor, "community.edit_activity", activity)
    rows = []
    for p in participants:
        if isinstance(p, GroupMember):
            if p.group_id != activity.group_id:
                fail("participants", _("%(name)s bukan anggota kelompok ini.") % {"name": p.name})
            rows.append(ActivityParticipant(activity=activity, member=p, name=p.name,
                                            affiliation=p.get_role_display()))
        else:
            name, affiliation = (p, "") if isinstance(p, str) else p
            name = name.strip()
            if name:
                rows.append(ActivityParticipant(activity=activity, name=name[:150], affiliation=affiliation[:150]))
    with transaction.atomic():
        # A guest's name was sealed under the row's own key: destroyed with the row, so no copy of it stays readable.
        guests = list(activity.participants.filter(member__isnull=True).values_list("pk", flat=True))
        before = activity.participants.count()
        activity.participants.all().delete()
        datakeys.destroy(PARTICIPANT, guests)
        for row in rows:
            row.save()  # one by one: each name is sealed under its subject's data key as it is saved (core.crypto)
        if audit:  # counts only: the names are personal data (the audit log is append-only)
            record(actor, Action.UPDATE, activity, changes={"participants": [before, len(rows)]})
    return rows


def add_follow_up(actor, activity, *, description, responsible, due_on):
    if due_on < activity.date:
        fail("due_on", _("Tenggat tidak boleh sebelum tanggal kegiatan (%(date)s).")
             % {"date": long_date(activity.date)})
    return save_new(actor, FollowUp(activity=activity, description=description, responsible=responsible,
                                    due_on=due_on), perm="community.edit_follow_up")


def _close_follow_up(actor, follow_up, status, done_on, result):
    if follow_up.status != FollowUpStatus.OPEN:
        fail("status", _("Tindak lanjut ini sudah ditutup (%(status)s).")
             % {"status": follow_up.get_status_display()})
    before = snapshot(follow_up)
    follow_up.status = status
    follow_up.done_on = done_on or timezone.localdate()
    follow_up.result = result
    require_perm(actor, "community.edit_follow_up", follow_up)
    follow_up.full_clean()
    with transaction.atomic():
        follow_up.save()
        record(actor, Action.TRANSITION, follow_up,
               changes={"status": [before["status"], status], "done_on": [None, str(follow_up.done_on)]})
    return follow_up


def complete_follow_up(actor, follow_up, *, result="", done_on=None):
    return _close_follow_up(actor, follow_up, FollowUpStatus.DONE, done_on, result)


def drop_follow_up(actor, follow_up, *, result=""):
    if not result.strip():
        fail("result", _("Tuliskan alasan tindak lanjut dibatalkan."))
    return _close_follow_up(actor, follow_up, FollowUpStatus.DROPPED, None, result)


def add_photo(actor, activity, upload, caption=""):
    require_perm(actor, "community.add_photo", activity)
    photo = ActivityPhoto(activity=activity, image=upload, caption=caption)
    photo.full_clean()
    with transaction.atomic():
        photo.save()
        log_create(actor, photo)
    return photo
