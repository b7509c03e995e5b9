"""Community-group memberships of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.datakeys import update_where
from core.registry import PersonRecords

from .models import ActivityParticipant, GroupMember


def records_for(person):
    members = list(GroupMember.objects.filter(person=person).select_related("group"))
    return [PersonRecords(title=_("Keanggotaan kelompok"), order=60,
                          refs=[("community.groupmember", m.pk) for m in members],
                          rows=[{_("Kelompok"): str(m.group), _("Jabatan"): m.get_role_display(),
                                 _("Bergabung"): m.joined_on, _("Keluar"): m.left_on, _("Telepon"): m.phone}
                                for m in members])]


def erase(pseudonyms):
    """Memberships stay (group counts) under the pseudonym, phone blanked, live and history; the member's name
    on activity attendance lists too. `pseudonyms`: {person id: pseudonym}."""
    members = dict(GroupMember.objects.filter(person_id__in=list(pseudonyms)).values_list("pk", "person_id"))
    rows = [(pseudonyms[person], "", pk) for pk, person in members.items()]
    update_where(GroupMember, "id", ["name", "phone"], rows)
    update_where(GroupMember.history.model, "id", ["name", "phone"], rows)
    update_where(ActivityParticipant, "member_id", ["name"],
                 [(pseudonyms[person], pk) for pk, person in members.items()])
    return len(members)
