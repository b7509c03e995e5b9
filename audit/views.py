from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.models import Role

from .models import Action, AuditEntry

# Who may browse the audit log (UU 27/2022 accountability): administrators and government officers.
AUDIT_ROLES = (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER)


def can_browse_audit(user):
    return user.is_authenticated and user.has_role(*AUDIT_ROLES)


@login_required
def entry_list(request):
    if not can_browse_audit(request.user):
        raise PermissionDenied
    qs = AuditEntry.objects.visible_to(request.user).select_related("actor")
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
