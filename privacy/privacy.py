"""The privacy app's own contributions to the person's file: the requests they made and the consents recorded
in the register itself (the same hooks every app provides, core.registry)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.registry import ConsentEntry, PersonRecords

from .models import Consent, DataRequest


def records_for(person):
    requests = list(DataRequest.objects.filter(person=person))
    return [PersonRecords(title=_("Permintaan atas data pribadi"), order=90,
                          refs=[("privacy.datarequest", r.pk) for r in requests],
                          rows=[{_("Nomor"): r.reference, _("Jenis"): r.get_kind_display(),
                                 _("Diajukan"): r.filed_at, _("Batas waktu"): r.due_at,
                                 _("Status"): r.get_status_display(), _("Jawaban"): r.answer} for r in requests])]


def consents_for(person):
    return [ConsentEntry(purpose=c.get_purpose_display(), wording_version=c.wording_version, given_at=c.given_at,
                         channel=c.channel, recorded_by=str(c.recorded_by or ""), withdrawn_at=c.withdrawn_at,
                         source="privacy")
            for c in Consent.objects.filter(person=person).select_related("recorded_by")]


def withdraw_consents(person, actor):
    standing = list(Consent.objects.filter(person=person, withdrawn_at__isnull=True))
    for consent in standing:
        consent.withdrawn_at = timezone.now()
        consent.save()
    return len(standing)


def erase(pseudonyms):
    # Request details and contacts are sealed under the person's key (destroyed); the answers may quote data.
    ids = list(DataRequest.objects.filter(person_id__in=list(pseudonyms)).values_list("pk", flat=True))
    DataRequest.objects.filter(pk__in=ids).update(answer="")
    DataRequest.history.filter(id__in=ids).update(answer="")
    return len(ids)
