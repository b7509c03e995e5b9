from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.permissions import regions_with_role, require_perm
from accounts.scoping import code_q
from core.filters import filter_list

from .filters import AuditEntryFilter
from .models import Action, AuditEntry
from .rules import AUDIT_BROWSE_ROLES


def browsable_entries(user):
    """Entries of the regions where the user holds a role that may browse the audit log — not of every region
    they see (a volunteer's village is not an officer's to audit)."""
    codes = regions_with_role(user, AUDIT_BROWSE_ROLES)
    qs = AuditEntry.objects.visible_to(user)
    if codes is None:
        return qs
    if not codes:
        return qs.none()
    q = code_q("region_code", codes[0])
    for code in codes[1:]:
        q |= code_q("region_code", code)
    return qs.filter(q)


@login_required
def entry_list(request):
    require_perm(request.user, "audit.browse_audit")
    listing = filter_list(request, AuditEntryFilter, browsable_entries(request.user).select_related("actor"),
                          per_page=50)
    return render(request, "audit/entry_list.html", {"page": listing.page, "form": listing.form,
                                                     "actions": Action.choices}, status=listing.status)
