"""Community-group memberships and activity attendance of a person, for the privacy app (core.registry privacy
hooks)."""

from django.db import connection
from django.utils.translation import gettext as _

from core import datakeys
from core.datakeys import update_where, with_keys
from core.registry import PersonRecords
from people.models import normalise_name

from .models import ActivityParticipant, CommunityGroup, GroupMember

MEMBER = "community.groupmember"  # a membership's own data key (core.crypto), while the member was not registered


def records_for(person):
    members = with_keys(GroupMember.objects.filter(person=person).select_related("group").order_by("joined_on", "id"))
    attended = with_keys(ActivityParticipant.objects.filter(member__person=person).select_related(
        "activity", "activity__group").order_by("activity__date", "id"))
    return [
        PersonRecords(title=_("Keanggotaan kelompok"), order=60,
                      refs=[("community.groupmember", m.pk) for m in members],
                      rows=[{_("Kelompok"): str(m.group), _("Nama"): m.name, _("Jabatan"): m.get_role_display(),
                             _("Bergabung"): m.joined_on, _("Keluar"): m.left_on, _("Telepon"): m.phone}
                            for m in members]),
        PersonRecords(title=_("Kehadiran kegiatan kelompok"), order=61,
                      refs=[("community.activity", p.activity_id) for p in attended],
                      rows=[{_("Kegiatan"): p.activity.title, _("Kelompok"): str(p.activity.group),
                             _("Tanggal"): p.activity.date, _("Nama"): p.name, _("Unsur/lembaga"): p.affiliation}
                            for p in attended]),
    ]


def person_of_audit_refs(refs):
    """{ref: person id} of audit refs naming a membership of a registered person (the breach notice's reach)."""
    ids = [int(i) for t, i in refs if t == "community.groupmember" and i.isdigit()]
    return {("community.groupmember", str(pk)): person for pk, person in
            GroupMember.objects.filter(pk__in=ids, person__isnull=False).values_list("pk", "person_id")}


def erase_matching(people, pseudonyms):
    """Memberships never linked to the people but about them: in a group of the person's village, with the person's
    phone number (its last 8 digits) or the same whole name (case, accents and spacing aside). They are linked to
    the person here, so `erase` pseudonymises them and destroys their own keys with the others. `people`: the
    Person records (their name and phone still readable), `pseudonyms`: {person id: pseudonym}."""
    by_village = {}
    for person in people:
        by_village.setdefault(person.village_id, []).append((_tail(person.phone), normalise_name(person.name), person))
    matched = []
    for member in with_keys(GroupMember.objects.filter(person__isnull=True, group__village_id__in=list(by_village))
                            .select_related("group")):
        tail, name = _tail(member.phone), normalise_name(member.name)
        found = next((p for t, n, p in by_village[member.group.village_id] if (tail and t == tail) or n == name), None)
        if found is not None:
            matched.append((found.pk, member.pk))
    update_where(GroupMember, "id", ["person_id"], matched)
    return len(matched)


def _tail(phone):
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    return digits[-8:] if len(digits) >= 8 else ""


def _blank_group_contacts(members):
    """A group whose contact phone is the number of an erased member (live or history row) loses it, live and
    history: the phone is the person's."""
    tails = {}
    for model, key in ((GroupMember, "pk"), (GroupMember.history.model, "id")):
        for row in model._base_manager.filter(**{f"{key}__in": list(members)}).only("group_id", "phone").iterator():
            if _tail(row.phone):
                tails.setdefault(row.group_id, set()).add(_tail(row.phone))
    groups = [pk for pk, phone in CommunityGroup.objects.filter(pk__in=list(tails)).values_list("pk", "contact_phone")
              if _tail(phone) in tails[pk]]
    update_where(CommunityGroup, "id", ["contact_phone"], [("", pk) for pk in groups])
    history = CommunityGroup.history.model
    update_where(history, "history_id", ["contact_phone"], [
        ("", hid) for hid, pk, phone in history.objects.filter(id__in=list(tails)).values_list(
            "history_id", "id", "contact_phone") if _tail(phone) in tails[pk]])
    return len(groups)


def erase(pseudonyms):
    """Memberships stay (group counts) under the pseudonym, phone blanked, live and history; the member's name on
    activity attendance lists too (attendance counts stay). A group's contact phone that is the member's number is
    blanked. The memberships' own data keys are destroyed: a copy of the rows taken while the member was not yet
    linked to the registered person (sealed under that key) opens to nothing. `pseudonyms`: {person id: pseudonym}."""
    members = dict(GroupMember.objects.filter(person_id__in=list(pseudonyms)).values_list("pk", "person_id"))
    if not members:
        return 0
    _blank_group_contacts(members)
    sealed_name = GroupMember._meta.get_field("name")  # a sealed column: the pseudonym is stored encrypted too
    names = {pk: sealed_name.get_db_prep_save(pseudonyms[person], connection) for pk, person in members.items()}
    rows = [(names[pk], "", pk) for pk in members]
    update_where(GroupMember, "id", ["name", "phone"], rows)
    update_where(GroupMember.history.model, "id", ["name", "phone"], rows)
    update_where(ActivityParticipant, "member_id", ["name"], [(names[pk], pk) for pk in members])
    datakeys.destroy(MEMBER, list(members))
    return len(members)
