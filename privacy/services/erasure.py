"""Erasure by destroying keys (UU 27/2022 art. 8, 43-44): legal holds first, then every app erases what it
holds (core.registry privacy hooks), every encrypted value about the person is sealed under the person's data
key (live and history rows), and the key is destroyed. Aggregate fields (village, year, sex, country, statuses)
stay, so dashboards and open data count the same."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import record
from core.crypto import data_key_id, destroy_data_key, encrypted_fields, keyed_hash, seal_queryset
from core.registry import privacy_hooks

from ..models import Erasure


def pseudonym_for(person) -> str:
    # Stable and unguessable (keyed): the same person gets the same pseudonym in every table.
    return f"Warga-{keyed_hash(f'erased-person:{person.pk}')[:10].upper()}"


def holds_for(person) -> list[str]:
    """Reasons erasure must wait (an open case, a pending claim, a letter under verification...)."""
    reasons = []
    for _app, function in privacy_hooks("holds_for"):
        reasons.extend(str(r) for r in function(person))
    return reasons


def is_erased(person) -> bool:
    return Erasure.objects.filter(person_id_erased=person.pk).exists()


def _encrypted_querysets(person):
    """Every live and history queryset holding encrypted values about the person (models naming the person as
    their DATA_SUBJECT, directly or through `person`)."""
    from django.apps import apps

    for model in apps.get_models():
        path = getattr(model, "DATA_SUBJECT", None)
        if not path or not encrypted_fields(model):
            continue
        lookup = "pk" if path == "self" else path.replace(".", "__")
        pks = list(model._base_manager.filter(**{lookup: person.pk}).values_list("pk", flat=True))
        if not pks:
            continue
        yield model._base_manager.filter(pk__in=pks)
        history = getattr(model, "history", None)
        if history is not None and encrypted_fields(history.model):
            yield history.model._base_manager.filter(**{f"{model._meta.pk.attname}__in": pks})


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


def erase_person(actor, person, *, reason="request", data_request=None, request=None, holds_checked=False):
    """Erase one person for good. Refused (ValidationError, recorded in the audit log) while a hold stands.
    `holds_checked`: the caller (retention) has just asked every hold; not asked twice."""
    require_perm(actor, "privacy.erase_person", person)
    if not holds_checked:
        refuse_if_held(actor, person, request)
    with transaction.atomic():
        return _erase(actor, person, reason, data_request, request)


def _erase(actor, person, reason, data_request, request):
    region = person.village_id
    pseudonym = pseudonym_for(person)
    # Seal before the apps blank their plain columns: the encrypted values of every row about the person
    # (including rows written before data keys, or by bulk imports) end up under the one key destroyed below.
    key_id = data_key_id(person)
    sealed_rows = sum(seal_queryset(qs, key_id) for qs in _encrypted_querysets(person))
    counts = {"sealed_rows": sealed_rows}
    for app, function in privacy_hooks("erase"):
        counts[app] = function(person, pseudonym)
    counts["keys_destroyed"] = destroy_data_key(person)
    erasure = Erasure.objects.create(person_id_erased=person.pk, village_code=region, pseudonym=pseudonym,
                                     reason=reason[:40], request=data_request,
                                     erased_by=actor if getattr(actor, "is_authenticated", False) else None,
                                     counts=counts)
    record(actor, Action.DELETE, object_type="people.person", object_id=person.pk, object_repr=pseudonym,
           region_code=region, request=request,
           note=_("Data pribadi dihapus (kunci data dimusnahkan), alasan: %(r)s") % {"r": reason})
    return erasure
