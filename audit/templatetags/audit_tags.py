"""`{% load audit_tags %}{% access_log record %}` on a record's detail page: who opened or changed it.

Shown only to users who may browse the audit log; the entries are the audit log's own, scoped the same way."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from accounts.permissions import has_perm, region_code_of
from audit.models import AuditEntry

register = template.Library()

ACCESS_LOG_SIZE = 10


def _may_browse(user, obj):
    """audit.browse_audit asked with the record (its region); a record without a place asks the role alone."""
    try:
        region_code_of(obj)
    except TypeError:
        obj = None
    return has_perm(user, "audit.browse_audit", obj)


@register.inclusion_tag("audit/_access_log.html", takes_context=True)
def access_log(context, obj, size=ACCESS_LOG_SIZE):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if obj is None or user is None or not _may_browse(user, obj):
        return {"show": False}
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}"
    entries = list(
        AuditEntry.objects.visible_to(user).filter(object_type=object_type, object_id=str(obj.pk))[:size]
    )
    return {
        "show": True, "entries": entries, "size": size,
        "all_url": reverse("audit:list") + "?" + urlencode({"object_type": object_type, "object_id": obj.pk}),
    }
