"""Program enrolments and enterprises of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

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


def erase(person, pseudonym):
    """Keep the enrolment (program counts, outcomes) under the pseudonym; blank contact and notes."""
    ids = list(Enrolment.objects.filter(person=person).values_list("pk", flat=True))
    for manager in (Enrolment.objects, Enrolment.history):
        manager.filter(**({"pk__in": ids} if manager is Enrolment.objects else {"id__in": ids})).update(
            name=pseudonym, phone="", outcome_note="")
    return len(ids)
