"""Program enrolments and enterprises of a person, for the privacy app (core.registry privacy hooks)."""

from django.db import connection
from django.utils.translation import gettext as _

from core import datakeys
from core.datakeys import update_where
from core.registry import PersonRecords
from people.models import name_hash, name_index

from .models import Enrolment, Enterprise, with_keys

ENROLMENT = "empowerment.enrolment"  # an enrolment's own data key (core.crypto), while the person was not linked
ENTERPRISE = "empowerment.enterprise"  # the same for an enterprise whose owner was not linked


def records_for(person):
    enrolments = with_keys(Enrolment.objects.filter(person=person).select_related("program").order_by(
        "enrolled_on", "id"))
    enterprises = with_keys(Enterprise.objects.filter(owner=person), ENTERPRISE, "owner_id")
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
