"""Letters and service requests of a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.datakeys import update_where
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


def holds_for(person_ids):
    """{person id: reasons}: a letter request still under verification holds erasure."""
    reasons = {}
    for person_id, code in (ServiceRequest.objects.filter(person_id__in=person_ids, status__in=OPEN_STATUSES)
                            .order_by("id").values_list("person_id", "tracking_code")):
        reasons.setdefault(person_id, []).append(_("permohonan surat %(code)s masih diverifikasi") % {"code": code})
    return reasons


def erase(pseudonyms):
    """Letter bodies and values are sealed under the person's data key (destroyed by the privacy app); the
    holder's name and the requests' contact data and free text are blanked (live and history). Numbers,
    types, dates and statuses stay for the service statistics. `pseudonyms`: {person id: pseudonym}."""
    ids = list(pseudonyms)
    names = [(p, pk) for pk, p in pseudonyms.items()]
    letters = Letter.objects.filter(person_id__in=ids).count()
    update_where(Letter, "person_id", ["holder_name"], names)
    update_where(Letter.history.model, "person_id", ["holder_name"], names)
    requests = ServiceRequest.objects.filter(person_id__in=ids).count()
    blank = dict(applicant_nik_hash="", purpose="", decision_note="")
    ServiceRequest.objects.filter(person_id__in=ids).update(**blank, applicant_phone="")
    ServiceRequest.history.filter(person_id__in=ids).update(**blank)
    update_where(ServiceRequest, "person_id", ["applicant_name"], names)
    update_where(ServiceRequest.history.model, "person_id", ["applicant_name"], names)
    return letters + requests
