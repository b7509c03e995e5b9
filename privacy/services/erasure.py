"""Erasure by destroying keys (UU 27/2022 art. 8, 43-44): legal holds first, then every app erases what it
holds (core.registry privacy hooks), every encrypted value about the person is sealed under the person's data
key (live and history rows), and the key is destroyed. Aggregate fields (village, year, sex, country, statuses)
stay, so dashboards and open data count the same.

Everything works on a batch of people (retention erases a thousand a night): the hooks take
{person id: pseudonym} and write one statement per table, the keys are created, unwrapped and destroyed a batch
at a time (core.datakeys), and the erasure records and audit entries are inserted together."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import record, record_many
from core import datakeys
from core.crypto import keyed_hash
from core.registry import privacy_hooks

from ..models import Erasure

PERSON = "people.person"


def pseudonym_for(person) -> str:
    # Stable and unguessable (keyed): the same person gets the same pseudonym in every table.
    pk = getattr(person, "pk", person)
    return f"Warga-{keyed_hash(f'erased-person:{pk}')[:10].upper()}"


def holds_of(person_ids) -> dict:
    """{person id: reasons erasure must wait} (an open case, a pending claim, a letter under verification...),
    for the people who have any; one query per app for the whole batch."""
    reasons = {}
    for _app, function in privacy_hooks("holds_for"):
        for pk, found in function(list(person_ids)).items():
            reasons.setdefault(pk, []).extend(str(r) for r in found)
    return reasons


def holds_for(person) -> list[str]:
    return holds_of([person.pk]).get(person.pk, [])


def is_erased(person) -> bool:
    return Erasure.objects.filter(person_id_erased=person.pk).exists()


def _subject_lookups():
    """(model, lookup to the person's id) for every live and history model holding encrypted values about a
    person (models naming the person as their DATA_SUBJECT, directly or through another record; a record sealed under
    its own key only, such as an inbound message, is reached by the erase_matching hooks)."""
    return datakeys.subject_lookups(PERSON)


def refuse_if_held(actor, person, request=None):
    """A standing legal hold refuses erasure: the refusal is recorded (outside any transaction the refusal
    rolls back, so call this before opening one) and raised with the reasons."""
    if is_erased(person):
        raise ValidationError({"person": [_("Data warga ini sudah dihapus.")]})
    holds = holds_for(person)
    if holds:
        record(actor, Action.OTHER, person, request=request,
               note=_("Penghapusan ditolak karena penahanan hukum: %(r)s") % {"r": "; ".join(holds)})
        raise ValidationError({"person": [_("Data belum dapat dihapus: %(r)s.") % {"r": "; ".join(holds)}]})


def erase_person(actor, person, *, reason="request", data_request=None, request=None):
    """Erase one person for good. Refused (ValidationError, recorded in the audit log) while a hold stands."""
    require_perm(actor, "privacy.erase_person", person)
    refuse_if_held(actor, person, request)
    with transaction.atomic():
        return erase_people(actor, [person], reason=reason, data_request=data_request, request=request)[0]


def erase_people(actor, people, *, reason, data_request=None, request=None):
    """Erase a batch of people whose holds the caller has just asked (retention; erase_person for one), in the
    caller's transaction. Returns their Erasure records."""
    if not people:
        return []
    for person in people:
        require_perm(actor, "privacy.erase_person", person)
    pseudonyms = {p.pk: pseudonym_for(p) for p in people}
    # Seal before the apps blank their plain columns: the encrypted values of every row about the people
    # (including rows written before data keys, or by bulk imports) end up under the keys destroyed below.
    keys = datakeys.data_key_ids(PERSON, list(pseudonyms))
    sealed_rows = datakeys.seal_subject_rows(_subject_lookups(), keys)
    counts = {"sealed_rows": sealed_rows}
    # Rows about the people that do not name them (a message from their number, a complaint they filed about
    # someone else), found by their number or name while the people's rows still hold them (before `erase`).
    for app, function in privacy_hooks("erase_matching"):
        counts[f"{app}_matching"] = function(people, pseudonyms)
    for app, function in privacy_hooks("erase"):
        counts[app] = function(pseudonyms)
    counts["keys_destroyed"] = datakeys.destroy(PERSON, list(pseudonyms))
    for person in people:
        person.__dict__.pop("_data_key_id", None)
    by = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    erasures = Erasure.objects.bulk_create([
        Erasure(person_id_erased=p.pk, village_code=p.village_id, pseudonym=pseudonyms[p.pk], reason=reason[:40],
                request=data_request, erased_by=by, erased_at=now, counts=counts if len(people) == 1 else
                {"batch": len(people), **counts}) for p in people])
    note = _("Data pribadi dihapus (kunci data dimusnahkan), alasan: %(r)s") % {"r": reason}
    record_many(actor, Action.DELETE, [(PERSON, p.pk, pseudonyms[p.pk], p.village_id) for p in people], note=note,
                request=request)
    return erasures
