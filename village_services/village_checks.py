"""The service half of the "sop" check of village readiness (governance.readiness adds its SOP documents)."""

from accounts.scoping import code_q

from .models import Service


def villages(area, today):
    """A village with an active service in its SOP catalogue."""
    qs = Service.objects.filter(is_active=True)
    if area:
        qs = qs.filter(code_q("village__code", area))
    return {"sop": set(qs.values_list("village_id", flat=True).distinct())}


def help_texts():
    return {}
