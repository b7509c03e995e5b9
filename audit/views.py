from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.permissions import regions_with_role, require_perm
from accounts.scoping import code_q

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
    qs = browsable_entries(request.user).select_related("actor")
    action = request.GET.get("action")
    if action in Action.values:
        qs = qs.filter(action=action)
    if request.GET.get("object_type"):
        qs = qs.filter(object_type=request.GET["object_type"])
    if request.GET.get("object_id"):
        qs = qs.filter(object_id=request.GET["object_id"])
    if request.GET.get("actor"):
        qs = qs.filter(actor_name__icontains=request.GET["actor"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "actions": Action.choices})
