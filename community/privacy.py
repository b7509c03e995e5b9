"""Community-group memberships of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.registry import PersonRecords

from .models import ActivityParticipant, GroupMember


def records_for(person):
    members = list(GroupMember.objects.filter(person=person).select_related("group"))
    return [PersonRecords(title=_("Keanggotaan kelompok"), order=60,
                          refs=[("community.groupmember", m.pk) for m in members],
                          rows=[{_("Kelompok"): str(m.group), _("Jabatan"): m.get_role_display(),
                                 _("Bergabung"): m.joined_on, _("Keluar"): m.left_on, _("Telepon"): m.phone}
                                for m in members])]


def erase(person, pseudonym):
    ids = list(GroupMember.objects.filter(person=person).values_list("pk", flat=True))
    for manager in (GroupMember.objects, GroupMember.history):
        manager.filter(**({"pk__in": ids} if manager is GroupMember.objects else {"id__in": ids})).update(
            name=pseudonym, phone="")
    ActivityParticipant.objects.filter(member_id__in=ids).update(name=pseudonym)
    return len(ids)
