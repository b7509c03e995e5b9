"""Program enrolments and enterprises of a person, for the privacy app (core.registry privacy hooks)."""

from django.db import connection
from django.utils.translation import gettext as _

from core import datakeys
from core.datakeys import update_where, with_keys
from core.registry import PersonRecords
from people.models import name_hash, name_index, normalise_name

from .models import Enrolment, Enterprise

ENROLMENT = "empowerment.enrolment"  # an enrolment's own data key (core.crypto), while the person was not linked
ENTERPRISE = "empowerment.enterprise"  # the same for an enterprise whose owner was not linked


def records_for(person):
    enrolments = with_keys(Enrolment.objects.filter(person=person).select_related("program").order_by(
        "enrolled_on", "id"))
    enterprises = with_keys(Enterprise.objects.filter(owner=person))
    return [
        PersonRecords(title=_("Program pemberdayaan"), order=50, refs=[("empowerment.enrolment", e.pk)
                                                                       for e in enrolments],
                      rows=[{_("Program"): str(e.program), _("Nama"): e.name, _("Terdaftar"): e.enrolled_on,
                             _("Status"): e.get_status_display(), _("Hasil"): e.get_outcome_display(),
                             _("Catatan hasil"): e.outcome_note, _("Telepon"): e.phone} for e in enrolments]),
        PersonRecords(title=_("Usaha"), order=51, refs=[("empowerment.enterprise", e.pk) for e in enterprises],
                      rows=[{_("Usaha"): e.business_name, _("Pemilik"): e.owner_name, _("Uraian"): e.description,
                             _("Dukungan"): e.support_received} for e in enterprises]),
    ]


def person_of_audit_refs(refs):
    """{ref: person id} of audit refs naming an enrolment or enterprise of a registered person (the breach notice)."""
    found = {}
    for model, label, field in ((Enrolment, "empowerment.enrolment", "person_id"),
                                (Enterprise, "empowerment.enterprise", "owner_id")):
        ids = [int(i) for t, i in refs if t == label and i.isdigit()]
        found.update({(label, str(pk)): person for pk, person in model.objects.filter(
            pk__in=ids, **{f"{field}__isnull": False}).values_list("pk", field)})
    return found


def _tail(phone):
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    return digits[-8:] if len(digits) >= 8 else ""


def erase_matching(people, pseudonyms):
    """Enrolments and enterprises never linked to the people but about them: in the person's village, with the
    person's phone number (its last 8 digits; enrolments) or the same whole name (case, accents and spacing aside).
    They are linked to the person here, so `erase` pseudonymises them and destroys their own keys with the others.
    `people`: the Person records (their name and phone still readable), `pseudonyms`: {person id: pseudonym}."""
    by_village = {}
    for person in people:
        by_village.setdefault(person.village_id, []).append((_tail(person.phone), normalise_name(person.name), person))

    def match(village, phone, name):
        tail, name = _tail(phone), normalise_name(name)
        return next((p.pk for t, n, p in by_village.get(village, []) if (tail and t == tail) or n == name), None)

    # Only rows that can match are opened: the same whole name (its keyed hash, indexed) or a phone to compare;
    # opening every unlinked enrolment of the people's villages cost seconds per person in a village with many.
    # The two are read apart (UNION): one OR over both read the whole enrolment table for each erasure.
    names = [name_hash(p.name) for p in people if p.name]
    unlinked = Enrolment.objects.filter(person__isnull=True, program__village_id__in=list(by_village)).order_by()
    ids = list(unlinked.filter(name_key__in=names).values_list("pk", flat=True).union(
        unlinked.exclude(phone="").values_list("pk", flat=True)))
    enrolments = [(match(e.program.village_id, e.phone, e.name), e.pk) for e in with_keys(
        Enrolment.objects.filter(pk__in=ids).select_related("program"))] if ids else []
    enterprises = [(match(e.village_id, "", e.owner_name), e.pk) for e in with_keys(
        Enterprise.objects.filter(owner__isnull=True, village_id__in=list(by_village)))]
    update_where(Enrolment, "id", ["person_id"], [row for row in enrolments if row[0] is not None])
    update_where(Enterprise, "id", ["owner_id"], [row for row in enterprises if row[0] is not None])
    return sum(row[0] is not None for row in enrolments + enterprises)


def erase(pseudonyms):
    """Keep the enrolment (program counts, attendance, outcomes) under the pseudonym; blank contact and notes. An
    enterprise keeps its sector, size and revenue band under the pseudonym, its business name becomes one naming no
    one, its texts are blanked. Live and history rows; the records' own data keys (used while the person was not
    linked) are destroyed, so copies of those rows open to nothing. `pseudonyms`: {person id: pseudonym}."""
    ids = list(pseudonyms)
    enrolments = dict(Enrolment.objects.filter(person_id__in=ids).values_list("pk", "person_id"))
    name_field = Enrolment._meta.get_field("name")  # sealed columns: the pseudonym is stored encrypted too
    names = {pk: name_field.get_db_prep_save(pseudonyms[person], connection) for pk, person in enrolments.items()}
    update_where(Enrolment, "id", ["name", "name_key", "phone", "outcome_note"],
                 [(names[pk], name_hash(pseudonyms[person]), "", "", pk) for pk, person in enrolments.items()])
    update_where(Enrolment.history.model, "id", ["name", "phone", "outcome_note"],
                 [(names[pk], "", "", pk) for pk in enrolments])
    datakeys.destroy(ENROLMENT, list(enrolments))

    enterprises = dict(Enterprise.objects.filter(owner_id__in=ids).values_list("pk", "owner_id"))
    owner_field = Enterprise._meta.get_field("owner_name")
    owners = {pk: owner_field.get_db_prep_save(pseudonyms[person], connection) for pk, person in enterprises.items()}
    business = {pk: f"Usaha {pseudonyms[person]}" for pk, person in enterprises.items()}  # stored: not translated
    update_where(Enterprise, "id", ["owner_name", "owner_index", "business_name", "description", "support_received"],
                 [(owners[pk], name_index(pseudonyms[person]), business[pk], "", "", pk)
                  for pk, person in enterprises.items()])
    update_where(Enterprise.history.model, "id", ["owner_name", "business_name", "description", "support_received"],
                 [(owners[pk], business[pk], "", "", pk) for pk in enterprises])
    datakeys.destroy(ENTERPRISE, list(enterprises))
    return len(enrolments) + len(enterprises)
