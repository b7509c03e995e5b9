"""Letters and service requests of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.registry import PersonRecords

from .models import OPEN_STATUSES, Letter, ServiceRequest


def records_for(person):
    letters = list(Letter.objects.filter(person=person))
    requests = list(ServiceRequest.objects.filter(person=person).select_related("service"))
    return [
        PersonRecords(title=_("Surat keterangan"), order=40, refs=[("services.letter", x.pk) for x in letters],
                      rows=[{_("Nomor"): x.number, _("Jenis"): x.type_name, _("Tanggal"): x.issued_on,
                             _("Status"): x.get_status_display(), _("Isi"): x.body} for x in letters]),
        PersonRecords(title=_("Permohonan layanan"), order=41,
                      refs=[("services.servicerequest", x.pk) for x in requests],
                      rows=[{_("Kode"): x.tracking_code, _("Layanan"): str(x.service),
                             _("Status"): x.get_status_display(), _("Diterima"): x.received_at,
                             _("Keperluan"): x.purpose} for x in requests]),
    ]


def holds_for(person):
    return [_("permohonan surat %(code)s masih diverifikasi") % {"code": r.tracking_code}
            for r in ServiceRequest.objects.filter(person=person, status__in=OPEN_STATUSES)]


def erase(person, pseudonym):
    """Letter bodies and values are sealed under the person's data key (destroyed by the privacy app); the
    holder's name and the requests' contact data and free text are blanked (live and history). Numbers,
    types, dates and statuses stay for the service statistics."""
    letters = list(Letter.objects.filter(person=person).values_list("pk", flat=True))
    for manager in (Letter.objects, Letter.history):
        manager.filter(**({"pk__in": letters} if manager is Letter.objects else {"id__in": letters})).update(
            holder_name=pseudonym)
    requests = list(ServiceRequest.objects.filter(person=person).values_list("pk", flat=True))
    changes = dict(applicant_name=pseudonym, applicant_nik_hash="", purpose="", decision_note="")
    ServiceRequest.objects.filter(pk__in=requests).update(**changes, applicant_phone="")
    ServiceRequest.history.filter(id__in=requests).update(**changes)
    return len(letters) + len(requests)
