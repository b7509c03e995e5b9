"""What complaint cases hold about a person, for the privacy app (core.registry privacy hooks)."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from core import datakeys
from core.blindindex import holds_digests, prefix_query
from core.datakeys import update_where
from core.registry import ConsentEntry, PersonRecords
from people.models import name_hash, name_index, normalise_name

from .models import Attachment, Case, ChecklistItem, Claim, Consent, Referral, TimelineEntry
from .models.case import OPEN_STATUSES, Status, phone_tail_hash
from .models.records import EntryKind
from .models.referrals import ClaimStatus
from .services.intake import withdraw_consent
from .services.notifications import notify
from .services.referrals import _organisation_users

PENDING_CLAIM = (ClaimStatus.PREPARING, ClaimStatus.SUBMITTED, ClaimStatus.VERIFICATION)
ENDED = (Status.RESOLVED, Status.CLOSED)
CASE = "cases.case"  # a case's own data key (core.crypto), for cases about someone not (yet) registered


def _cases(person):
    return Case.objects.filter(person=person).order_by("received_at", "id")


def _complained_ids(people):
    """Ids of the cases whose complainant may be one of `people` (registered or not, the complainant is text): the
    complainant's phone (the keyed hash of its last 8 digits) is theirs, or a case in their village has a name word
    for each word of theirs (keyed prefix hashes); `complained_by` confirms the name on the opened value. The name
    check reads the cases of the people's villages (indexed) and compares the digests here (core.blindindex's
    `holds_digests`): one OR arm per person made a retention batch of 1,000 people scan every case a thousand times."""
    ids = set()
    phones = [h for h in (phone_tail_hash(p.phone) for p in people) if h]
    if phones:
        ids.update(Case.objects.filter(phone_hash__in=phones).values_list("pk", flat=True))
    wanted = {}
    for person in people:
        digests = prefix_query(normalise_name(person.name).split(), "name") if person.name else []
        if digests and person.village_id:
            wanted.setdefault(person.village_id, []).append(digests)
    villages = sorted(wanted)
    for start in range(0, len(villages), 1000):
        # A plain read (no server-side cursor: three round trips for the few cases of a few villages).
        for pk, village, index in Case.objects.filter(village_id__in=villages[start:start + 1000]).values_list(
                "pk", "village_id", "name_index").order_by():
            if any(holds_digests(index, digests) for digests in wanted[village]):
                ids.add(pk)
    return ids


def complained_by(people):
    """{case id: person id} of the cases `people` complained about without being their registered worker: the same
    complainant phone (last 8 digits), or the same whole name (normalised) in the same village."""
    people = [p for p in people if p.pk is not None]
    if not people:
        return {}
    by_phone = {phone_tail_hash(p.phone): p.pk for p in people if phone_tail_hash(p.phone)}
    by_name = {(p.village_id, normalise_name(p.name)): p.pk for p in people if p.name and p.village_id}
    candidates = Case.objects.filter(pk__in=list(_complained_ids(people))).exclude(person_id__in=[p.pk for p in people])
    datakeys.prime_rows(candidates)
    found = {}
    for case in candidates.only("pk", "person_id", "village_id", "phone_hash", "complainant_name"):
        pk = by_phone.get(case.phone_hash) or by_name.get((case.village_id, normalise_name(case.complainant_name)))
        if pk is not None:
            found[case.pk] = pk
    return found


def records_for(person):
    cases = list(_cases(person))
    ids = [c.pk for c in cases]
    claims = list(Claim.objects.filter(case_id__in=ids))
    referrals = list(Referral.objects.filter(case_id__in=ids).select_related("organisation", "case"))
    # Cases they filed about someone else (or about themselves before they were registered): the complainant.
    complained = list(Case.objects.filter(pk__in=list(complained_by([person]))).order_by("received_at", "id"))
    return [
        PersonRecords(title=_("Kasus pengaduan"), order=30, refs=[("cases.case", c.pk) for c in cases], rows=[{
            _("Nomor"): c.reference, _("Kategori"): c.get_category_display(), _("Status"): c.get_status_display(),
            _("Diterima"): c.received_at, _("Pengadu"): c.complainant_name, _("Hubungan"): c.complainant_relation,
            _("Uraian"): c.description, _("Hasil"): c.outcome_note} for c in cases]),
        PersonRecords(title=_("Kasus yang diadukan warga"), order=30, refs=[("cases.case", c.pk) for c in complained],
                      rows=[{_("Nomor"): c.reference, _("Kategori"): c.get_category_display(),
                             _("Status"): c.get_status_display(), _("Diterima"): c.received_at,
                             _("Pengadu"): c.complainant_name, _("Telepon pengadu"): c.complainant_phone,
                             _("Surel pengadu"): c.complainant_email, _("Alamat pengadu"): c.complainant_address,
                             _("Hubungan"): c.complainant_relation} for c in complained]),
        PersonRecords(title=_("Klaim jaminan sosial"), order=31, refs=[("cases.claim", c.pk) for c in claims], rows=[{
            _("Jenis"): c.get_claim_type_display(), _("Status"): c.get_status_display(),
            _("Ahli waris"): c.heir_name, _("Dibayar"): c.amount_paid} for c in claims]),
        # Who received the person's data: every organisation the cases were referred to.
        PersonRecords(title=_("Rujukan (penerima data)"), order=32, refs=[("cases.referral", r.pk) for r in referrals],
                      rows=[{_("Kasus"): r.case.reference, _("Lembaga"): str(r.organisation),
                             _("Dikirim"): r.sent_at, _("Status"): r.get_status_display(),
                             _("Tanpa persetujuan"): _("ya") if r.consent_override else _("tidak")}
                            for r in referrals]),
    ]


def consents_for(person):
    return [ConsentEntry(purpose=c.get_kind_display(), wording_version=c.text_version, given_at=c.given_at,
                         channel=c.channel, recorded_by=str(c.recorded_by or ""), withdrawn_at=c.withdrawn_at,
                         source="cases")
            for c in Consent.objects.filter(case__person=person).select_related("recorded_by")]


def withdraw_consents(person, actor):
    standing = list(Consent.objects.filter(case__person=person, withdrawn_at__isnull=True).select_related("case"))
    for consent in standing:
        withdraw_consent(actor, consent)
    return len(standing)


def holds_for(person_ids):
    """{person id: reasons}: an open case or a pending claim holds erasure, and so does an open case they filed as
    the complainant (it needs their contact until it ends)."""
    from people.models import Person

    reasons = {}
    # Their keys unwrapped with one query, not one per person as each sealed name loads; only what the match reads.
    datakeys.prime_subjects("people.person", list(person_ids))
    complained = complained_by(list(Person.objects.filter(pk__in=list(person_ids)).only(
        "pk", "village_id", "name", "phone")))
    for case in Case.objects.filter(pk__in=list(complained), status__in=OPEN_STATUSES).order_by("received_at", "id"):
        reasons.setdefault(complained[case.pk], []).append(
            _("kasus %(ref)s yang diadukannya masih terbuka") % {"ref": case.reference})
    for case in (Case.objects.filter(person_id__in=person_ids, status__in=OPEN_STATUSES)
                 .order_by("received_at", "id")):
        reasons.setdefault(case.person_id, []).append(_("kasus %(ref)s masih terbuka") % {"ref": case.reference})
    for claim in (Claim.objects.filter(case__person_id__in=person_ids, status__in=PENDING_CLAIM)
                  .select_related("case").order_by("id")):
        reasons.setdefault(claim.case.person_id, []).append(
            _("klaim pada kasus %(ref)s belum selesai") % {"ref": claim.case.reference})
    return reasons


def on_corrected(person, actor, fields):
    """Tell every organisation the person's cases were referred to that the data changed (UU 27/2022)."""
    told = 0
    for referral in Referral.objects.filter(case__person=person).select_related("case", "organisation"):
        text = _("Data warga pada rujukan ini diperbaiki atas permintaan subjek data (%(f)s). Mohon perbarui "
                 "salinan di %(org)s.") % {"f": ", ".join(fields), "org": referral.organisation}
        TimelineEntry.objects.create(case=referral.case, kind=EntryKind.REFERRAL, text=text,
                                     author=actor if getattr(actor, "is_authenticated", False) else None,
                                     author_name=str(actor or "")[:150])
        for user in _organisation_users(referral.organisation):
            notify(user, text, case=referral.case, url=reverse("cases:referral", args=[referral.pk]))
        told += 1
    return told


def erase(pseudonyms):
    """Pseudonymise the worker and the complainant, blank the contact data and every free text about the person
    (live and history), delete attachments (files through the storage), and destroy the data keys of the cases
    themselves (a case's values were sealed under its own key until it named the registered worker): the sealed
    values in history rows and backups open to nothing. Category, status, dates, country, village and outcome
    amounts stay for the statistics. `pseudonyms`: {person id: pseudonym}."""
    cases = dict(Case.objects.filter(person_id__in=list(pseudonyms)).values_list("pk", "person_id"))
    ids = list(cases)
    if not ids:
        return 0
    blank = dict(worker_nik_hash="", worker_phone="", complainant_phone="", complainant_email="",
                 complainant_address="", phone_last4="", complainant_relation="", description="", outcome_note="",
                 close_note="", employer_name="", recruiter_name="")
    Case.objects.filter(pk__in=ids).update(**blank, phone_hash="", recruiter_index="")
    Case.history.filter(id__in=ids).update(**blank)
    sealed_name = Case._meta.get_field("worker_name")  # a sealed column: the pseudonym is stored encrypted too
    names = {pk: sealed_name.get_db_prep_save(pseudonyms[person], connection) for pk, person in cases.items()}
    update_where(Case, "id", ["worker_name", "complainant_name", "name_index", "worker_name_key"],
                 [(names[pk], names[pk], name_index(pseudonyms[person]), name_hash(pseudonyms[person]), pk)
                  for pk, person in cases.items()])
    update_where(Case.history.model, "id", ["worker_name", "complainant_name"],
                 [(names[pk], names[pk], pk) for pk in ids])
    for manager in (TimelineEntry.objects, TimelineEntry.history):
        manager.filter(case_id__in=ids).update(text="", text_parts="", author_name="")
    for manager in (Claim.objects, Claim.history):
        manager.filter(case_id__in=ids).update(heir_name="", heir_relation="", membership_number="",
                                               rejection_reason="")
    for manager in (Referral.objects, Referral.history):
        manager.filter(case_id__in=ids).update(request="", completion_note="", decline_reason="", accept_note="",
                                               revoked_reason="", override_reason="")
    ChecklistItem.objects.filter(case_id__in=ids).update(note="")
    update_where(Consent, "case_id", ["given_by"], [(names[pk], pk) for pk in ids])
    files = 0
    for attachment in Attachment.objects.filter(case_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
        files += 1
    datakeys.destroy(CASE, ids)
    return len(ids) + files


COMPLAINANT_BLANK = dict(complainant_phone="", complainant_email="", complainant_address="", phone_last4="",
                         complainant_relation="")


def erase_matching(people, pseudonyms):
    """Cases the people filed as complainants about someone else (found by `complained_by`): the complainant is
    pseudonymised and their phone, e-mail, address and relation blanked, live and history, and so is the consent they
    gave; the worker's data and the case stay. The key the case was sealed under (the case's own, or the registered
    worker's, which seals all the worker's records) is then replaced by a new one and destroyed (core.datakeys.rekey),
    so a copy taken before opens to nothing. `people`: the Person records, `pseudonyms`: {person id: pseudonym}."""
    complained = complained_by(people)
    if not complained:
        return 0
    ids = list(complained)
    cases = list(Case.objects.filter(pk__in=ids).only("pk", "person_id", "worker_name", "complainant_name"))
    sealed_name = Case._meta.get_field("complainant_name")
    index = Case._meta.get_field("name_index")
    names = {c.pk: sealed_name.get_db_prep_save(pseudonyms[complained[c.pk]], connection) for c in cases}
    givers = [(c.pk, normalise_name(c.complainant_name)) for c in cases]
    Case.objects.filter(pk__in=ids).update(**COMPLAINANT_BLANK, phone_hash="")
    Case.history.filter(id__in=ids).update(**COMPLAINANT_BLANK)
    update_where(Case, "id", ["complainant_name", "name_index"], [
        (names[c.pk], index.get_db_prep_save(name_index(f"{c.worker_name} {pseudonyms[complained[c.pk]]}"),
                                             connection), c.pk) for c in cases])
    update_where(Case.history.model, "id", ["complainant_name"], [(names[pk], pk) for pk in ids])
    consents = [(names[c.case_id], c.pk) for c in Consent.objects.filter(case_id__in=ids).only("pk", "case_id",
                                                                                               "given_by")
                if (c.case_id, normalise_name(c.given_by)) in givers]
    update_where(Consent, "id", ["given_by"], consents)
    # The complainant's values were sealed under the case's own key, or the registered worker's: a new key for
    # either, the old one destroyed, so a copy taken before opens to nothing while the live rows stay readable.
    datakeys.rekey(CASE, [c.pk for c in cases if c.person_id is None], datakeys.subject_lookups(CASE))
    workers = {c.person_id for c in cases if c.person_id is not None} - set(pseudonyms)
    datakeys.rekey("people.person", workers, datakeys.subject_lookups("people.person"))
    return len(ids)


def retention_candidates(today):
    limit = today - timedelta(days=365 * settings.PRIVACY_RETAIN_CLOSED_CASE_YEARS)
    old = Case.objects.filter(person__isnull=False, status__in=ENDED, updated_at__date__lt=limit)
    return {"closed_case": set(old.values_list("person_id", flat=True))}


def retained(person_ids, today):
    """People with a case still open or ended within the retention period."""
    limit = today - timedelta(days=365 * settings.PRIVACY_RETAIN_CLOSED_CASE_YEARS)
    live = Case.objects.filter(person_id__in=person_ids).exclude(status__in=ENDED, updated_at__date__lt=limit)
    return set(live.values_list("person_id", flat=True))


def person_of_audit_refs(refs):
    ids = [int(i) for t, i in refs if t == "cases.case" and i.isdigit()]
    return {("cases.case", str(pk)): person for pk, person in
            Case.objects.filter(pk__in=ids, person__isnull=False).values_list("pk", "person_id")}
