"""Save a record the one way: validate, ask the permission with the record, write and audit in one step."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_perm
from audit.services import log_create, log_update, snapshot


def save_new(actor, obj, *, perm, exclude=None, note=""):
    """Validate, check `perm` on the new record (its region), save and audit."""
    obj.full_clean(exclude=exclude)
    require_perm(actor, perm, obj)
    with transaction.atomic():
        obj.save()
        log_create(actor, obj, note=note)
    return obj


def save_changes(actor, obj, before, *, perm, exclude=None, note=""):
    """`before` is snapshot(obj) taken before the form or caller changed it."""
    obj.full_clean(exclude=exclude)
    require_perm(actor, perm, obj)
    with transaction.atomic():
        obj.save()
        log_update(actor, obj, before, note=note)
    return obj


def fail(field, message):
    raise ValidationError({field: [message]})


__all__ = ["snapshot", "save_new", "save_changes", "fail"]
