"""Writing the audit log. Domain functions call these; nothing else writes AuditEntry."""

import threading
from contextlib import contextmanager

from django.db import models
from django.utils.translation import gettext as _

from core.throttle import client_ip

from .models import Action, AuditEntry

MASK = "••••"


def _label(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _region_code(obj):
    code = getattr(obj, "region_code", None)
    if code is None:
        code = getattr(obj, "village_id", None)
    return code or ""


def _ip(request):
    # The real client behind a trusted reverse proxy: the same address the throttle counts.
    return client_ip(request)


def _actor_fields(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor, str(actor)[:150]


def common_region(codes):
    """The deepest region containing every code ("35.05.10.2002", "35.05.12.2001" -> "35.05");
    "" when they share no province (nationwide); None for no codes at all."""
    parts = None
    for code in codes:
        segments = (code or "").split(".") if code else []
        if parts is None:
            parts = segments
        else:
            n = 0
            while n < min(len(parts), len(segments)) and parts[n] == segments[n]:
                n += 1
            parts = parts[:n]
        if not parts:
            return ""
    return None if parts is None else ".".join(parts)


def actor_region(actor):
    """The region an actor's scope covers as one code ("" for a nationwide or multi-province scope)."""
    from accounts.scoping import user_scope_codes

    codes = user_scope_codes(actor)
    return "" if not codes else common_region(codes)


def record(actor, action, obj=None, *, changes=None, note="", request=None, object_type=None, object_id=None,
           region_code=None, object_repr=None):
    """Append one entry. `obj` may be a model instance; otherwise give object_type/object_id.

    `region_code` scopes the entry (AuditEntry.visible_to: an officer sees entries whose code lies in their
    region, so "" is seen only by nationwide roles). Omitted, it is the object's region. An EXPORT about
    many records must say what it exported: pass the deepest region containing every exported row
    (`common_region(codes)`; core.exports.record_export does this for every export); an EXPORT with
    neither `obj` nor `region_code` is filed under the actor's own scope (`actor_region`), never under ""
    by accident.
    """
    user, name = _actor_fields(actor)
    if region_code is None and obj is None and action == Action.EXPORT:
        region_code = actor_region(user)
    label = (object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:200]
    label, note, changes = _sealed_for_subject(obj, label, note, changes or {})
    entry = AuditEntry(
        actor=user,
        actor_name=name,
        action=action,
        object_type=object_type or (_label(obj) if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        object_repr=label,
        region_code=region_code if region_code is not None else (_region_code(obj) if obj is not None else ""),
        changes=changes,
        note=note,
        ip_address=_ip(request),
    )
    pending = getattr(_together, "entries", None)
    if pending is not None:
        pending.append(entry)
    else:
        entry.save(force_insert=True)
    return entry


_together = threading.local()


@contextmanager
def together():
    """The entries recorded inside the block (`record`, `log_create`, ...) are inserted with one statement when it
    ends, in the caller's transaction: a domain action that writes several entries (a complaint and its consent)
    pays one INSERT. Nothing is inserted if the block raises (the caller's transaction rolls back anyway). Inside,
    a returned entry has no id yet; a nested block joins the outer one."""
    if getattr(_together, "entries", None) is not None:
        yield
        return
    _together.entries = []
    try:
        yield
        entries = _together.entries
    finally:
        _together.entries = None
    if entries:
        AuditEntry.objects.bulk_create(entries)


def _sealed_for_subject(obj, *texts):
    """The label, note and changes (a dict of before/after values: a birth date, a dusun) of an entry about a record
    that holds a person's data (its model names a DATA_SUBJECT), marked to be sealed under that person's data key
    (core.crypto): the entry itself never changes, and once the person is erased (the key destroyed) it opens to
    nothing, in the database and in every backup."""
    from core.crypto import data_key_id, data_subject, sealed

    if obj is None or not getattr(type(obj), "DATA_SUBJECT", None) or not any(texts):
        return texts
    subject = data_subject(obj)
    if subject is None or subject.pk is None:
        return texts
    key_id = data_key_id(subject)
    return tuple(sealed(text if isinstance(text, dict) else str(text), key_id) if text else text for text in texts)



def record_many(actor, action, targets, *, note="", request=None):
    """`record` for a batch job: one entry per target (object_type, object_id, object_repr, region_code), all
    inserted with one statement (retention erases a thousand people a night)."""
    user, name = _actor_fields(actor)
    ip = _ip(request)
    return AuditEntry.objects.bulk_create([
        AuditEntry(actor=user, actor_name=name, action=action, object_type=object_type, object_id=str(object_id),
                   object_repr=str(object_repr)[:200], region_code=region_code or "", changes={}, note=note,
                   ip_address=ip)
        for object_type, object_id, object_repr, region_code in targets], batch_size=1000)

def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(obj, fields=None):
    """Field values of an instance, for diffing before and after an edit."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name, None)) for name in names}


def diff(before, after, sensitive=()):
    """{field: [old, new]} for changed fields; sensitive fields only say that they changed."""
    changes = {}
    for name, new in after.items():
        old = before.get(name)
        if old != new:
            key = name[:-3] if name.endswith("_id") and name[:-3] in sensitive else name
            changes[key] = {"changed": True} if key in sensitive or name in sensitive else [old, new]
    return changes


def sensitive_fields(obj):
    return set(getattr(obj, "AUDIT_SENSITIVE_FIELDS", ()))


def log_create(actor, obj, request=None, note=""):
    after = snapshot(obj)
    after.pop("id", None)
    changes = diff({}, {k: v for k, v in after.items() if v not in (None, "")}, sensitive_fields(obj))
    return record(actor, Action.CREATE, obj, changes=changes, request=request, note=note)


def log_update(actor, obj, before, request=None, note="", action=Action.UPDATE):
    """`before` is snapshot(obj) taken before the change. Writes nothing when nothing changed."""
    changes = diff(before, snapshot(obj, list(before)), sensitive_fields(obj))
    if not changes and action == Action.UPDATE:
        return None
    return record(actor, action, obj, changes=changes, request=request, note=note)


def log_delete(actor, obj, request=None, note=""):
    return record(actor, Action.DELETE, obj, request=request, note=note)


def log_read(actor, obj, request=None, note=""):
    """Opening a sensitive record (a case, a person's documents)."""
    return record(actor, Action.READ, obj, request=request, note=note)


SEARCH_PARAMETERS = ("q", "search")


def _without_search_text(query):
    """A list's query string with the typed search text masked: it may be anyone's name or number, and an
    append-only entry about no one in particular could never be erased (issue 19 point 3)."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    for key in SEARCH_PARAMETERS:
        if params.get(key):
            params.setlist(key, [MASK])
    from urllib.parse import quote

    # urlencode's `safe` applies to bytes, so the mask's UTF-8 would come out percent-encoded: put it back.
    return params.urlencode().replace(quote(MASK), MASK)


def log_list_read(actor, model, objects, *, total=None, query="", request=None):
    """One READ entry for one page of a list of sensitive records: how many, out of how many, which filter.

    Filed under the deepest region containing the listed records (the actor's scope for an empty page),
    so the officers of that region see who listed their villages' records."""
    objects = list(objects)
    region = common_region(_region_code(obj) for obj in objects)
    if region is None:
        region = actor_region(actor)
    count = len(objects)
    note = _("Daftar API: %(count)s dari %(total)s baris; saringan: %(query)s") % {
        "count": count, "total": total if total is not None else count, "query": _without_search_text(query)[:1000]
        or "—"}
    return record(actor, Action.READ, object_type=f"{model._meta.app_label}.{model._meta.model_name}",
                  object_id="", object_repr=str(model._meta.verbose_name_plural)[:200], region_code=region,
                  note=note, request=request)
