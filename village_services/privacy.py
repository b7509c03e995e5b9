"""Letters and service requests of a person, for the privacy app (core.registry privacy hooks)."""

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from core import datakeys
from core.datakeys import update_where, with_keys
from core.registry import PersonRecords

from .models import OPEN_STATUSES, Letter, LetterStatus, ServiceRequest

REQUEST = "services.servicerequest"  # a request's own data key (core.crypto), while it names no registered person
LETTER = "services.letter"


def _theirs(person_ids, nik_hashes, nik_column):
    """The people's records: linked to them, or (never linked) filed with one of their NIKs, which erasure reaches."""
    return Q(person_id__in=list(person_ids)) | Q(person__isnull=True, **{f"{nik_column}__in": list(nik_hashes)})


def records_for(person):
    hashes = [person.nik_hash] if person.nik_hash else []
    letters = with_keys(Letter.objects.filter(_theirs([person.pk], hashes, "holder_nik_hash")))
    requests = with_keys(ServiceRequest.objects.filter(_theirs([person.pk], hashes, "applicant_nik_hash"))
                         .select_related("service"))
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


# A letter past the operator's draft and not yet issued: the sekretaris desa checked it, the kepala desa signs it.
VERIFYING_LETTER_STATUSES = (LetterStatus.CHECKED, LetterStatus.SIGNED)


def holds_for(person_ids):
    """{person id: reasons}: a letter request still under verification, or a letter being checked and signed, holds
    erasure; also when it was filed with the person's NIK and never linked to them (erasure would reach it)."""
    from people.models import Person

    person_of = dict(Person.objects.filter(pk__in=person_ids).exclude(nik_hash="").values_list("nik_hash", "pk"))
    requests = ServiceRequest.objects.filter(_theirs(person_ids, person_of, "applicant_nik_hash"),
                                             status__in=OPEN_STATUSES)
    letters = Letter.objects.filter(_theirs(person_ids, person_of, "holder_nik_hash"),
                                    status__in=VERIFYING_LETTER_STATUSES)
    reasons = {}
    for person_id, nik_hash, code in requests.order_by("id").values_list("person_id", "applicant_nik_hash",
                                                                          "tracking_code"):
        reasons.setdefault(person_id or person_of[nik_hash], []).append(
            _("permohonan surat %(code)s masih diverifikasi") % {"code": code})
    for person_id, nik_hash, kind in letters.order_by("id").values_list("person_id", "holder_nik_hash", "type_name"):
        reasons.setdefault(person_id or person_of[nik_hash], []).append(
            _("surat \"%(type)s\" sedang diperiksa dan ditandatangani") % {"type": kind})
    return reasons


def erase_matching(people, pseudonyms):
    """Requests never linked to the people but filed with their NIK (the keyed hash of the request's NIK is the
    person's `nik_hash`; indexed), and the letters answering them: linked to the person here, so `erase`
    pseudonymises them and destroys their own keys with the others. `people`: the Person records,
    `pseudonyms`: {person id: pseudonym}. Letters drafted for the NIK with no request are linked the same way."""
    by_hash = {p.nik_hash: p.pk for p in people if p.nik_hash}
    if not by_hash:
        return 0
    requests = [(by_hash[nik_hash], pk) for pk, nik_hash in ServiceRequest.objects.filter(
        person__isnull=True, applicant_nik_hash__in=list(by_hash)).values_list("pk", "applicant_nik_hash")]
    update_where(ServiceRequest, "id", ["person_id"], requests)
    person_of = {pk: person for person, pk in requests}
    # The letters answering those requests, and letters drafted with no request for someone not registered then
    # (the operator typed the holder's values; the NIK among them).
    letters = [(person_of[request] if request in person_of else by_hash[nik_hash], pk)
               for pk, request, nik_hash in Letter.objects.filter(
                   Q(request_id__in=list(person_of)) | Q(holder_nik_hash__in=list(by_hash)), person__isnull=True)
               .values_list("pk", "request_id", "holder_nik_hash")]
    update_where(Letter, "id", ["person_id"], letters)
    return len(requests) + len(letters)


def erase(pseudonyms):
    """Letter bodies and values are sealed under the person's data key (destroyed by the privacy app); the holder's
    and applicant's name become the pseudonym (sealed columns: stored encrypted too), the requests' phone, NIK and its
    hash, purpose and decision note and the letters' return and revocation notes are blanked, live and history (every
    history row of the record, also those written before it named the person). The records' own data keys (used
    while they named no registered person) are destroyed, so copies of those rows open to nothing. Numbers, types,
    dates and statuses stay for the service statistics. `pseudonyms`: {person id: pseudonym}."""
    ids = list(pseudonyms)
    letters = dict(Letter.objects.filter(person_id__in=ids).values_list("pk", "person_id"))
    holder = Letter._meta.get_field("holder_name")
    names = {pk: holder.get_db_prep_save(pseudonyms[person], connection) for pk, person in letters.items()}
    for model in (Letter, Letter.history.model):
        update_where(model, "id", ["holder_name", "holder_nik_hash", "return_note", "revocation_reason"],
                     [(names[pk], "", "", "", pk) for pk in letters])
    datakeys.destroy(LETTER, list(letters))  # signed PDFs of letters that named no one were sealed under it too

    requests = dict(ServiceRequest.objects.filter(person_id__in=ids).values_list("pk", "person_id"))
    applicant = ServiceRequest._meta.get_field("applicant_name")
    names = {pk: applicant.get_db_prep_save(pseudonyms[person], connection) for pk, person in requests.items()}
    update_where(ServiceRequest, "id", ["applicant_name", "applicant_nik", "applicant_nik_hash", "applicant_phone",
                                        "purpose", "decision_note"], [(names[pk], "", "", "", "", "", pk)
                                                                      for pk in requests])
    update_where(ServiceRequest.history.model, "id", ["applicant_name", "applicant_nik_hash", "purpose",
                                                      "decision_note"],
                 [(names[pk], "", "", "", pk) for pk in requests])
    datakeys.destroy(REQUEST, list(requests))
    return len(letters) + len(requests)
