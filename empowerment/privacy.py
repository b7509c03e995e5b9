"""Program enrolments and enterprises of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.datakeys import update_where
from core.registry import PersonRecords

from .models import Enrolment, Enterprise


def records_for(person):
    enrolments = list(Enrolment.objects.filter(person=person).select_related("program"))
    enterprises = list(Enterprise.objects.filter(owner=person))
    return [
        PersonRecords(title=_("Program pemberdayaan"), order=50, refs=[("empowerment.enrolment", e.pk)
                                                                       for e in enrolments],
                      rows=[{_("Program"): str(e.program), _("Terdaftar"): e.enrolled_on,
                             _("Status"): e.get_status_display(), _("Hasil"): e.get_outcome_display(),
                             _("Telepon"): e.phone} for e in enrolments]),
        PersonRecords(title=_("Usaha"), order=51, refs=[("empowerment.enterprise", e.pk) for e in enterprises],
                      rows=[{_("Usaha"): str(e)} for e in enterprises]),
    ]


def erase(pseudonyms):
    """Keep the enrolment (program counts, outcomes) under the pseudonym; blank contact and notes. An
    enterprise keeps its sector, size and revenue band under the pseudonym. `pseudonyms`: {person id: pseudonym}."""
    ids = list(pseudonyms)
    names = [(p, pk) for pk, p in pseudonyms.items()]
    enrolments = Enrolment.objects.filter(person_id__in=ids).count()
    for manager in (Enrolment.objects, Enrolment.history):
        manager.filter(person_id__in=ids).update(phone="", outcome_note="")
    update_where(Enrolment, "person_id", ["name"], names)
    update_where(Enrolment.history.model, "person_id", ["name"], names)
    enterprises = Enterprise.objects.filter(owner_id__in=ids).count()
    update_where(Enterprise, "owner_id", ["owner_name"], names)
    update_where(Enterprise.history.model, "owner_id", ["owner_name"], names)
    return enrolments + enterprises
