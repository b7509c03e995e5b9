"""Helpers shared by the community, empowerment, governance and portal apps (issue 7).

Who may write is decided per role *and* per region: a user who volunteers in Jatinom and only reads
in Blitar may edit Jatinom's group but not Gogodeso's.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import NATIONWIDE_ROLES, Role
from audit.services import log_create, log_update, snapshot

# Community work: groups, members, activities, programs, enterprises.
COMMUNITY_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)
# Village rules and budget are the village government's, drafted with a facilitator's help.
GOVERNANCE_ROLES = (Role.VILLAGE_OPERATOR, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)
# Public information: the village and its groups publish news; officers publish job information and guides.
PUBLISH_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.DISTRICT_OFFICER,
                 Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)
# Who sees the readiness table across villages (Desbumi expansion planning).
OVERSIGHT_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.NGO_FACILITATOR,
                   Role.SYSTEM_ADMIN)


def holds_role_for(user, roles, code):
    """True when one of the user's memberships with one of `roles` covers region `code` (None = national)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for m in user.active_memberships():
        if m.role not in roles:
            continue
        if m.region_id is None:
            if m.role in NATIONWIDE_ROLES:
                return True
            continue
        if code and (code == m.region_id or code.startswith(m.region_id + ".")):
            return True
    return False


def has_any_role(user, roles):
    return bool(user and user.is_authenticated and user.has_role(*roles))


def require(user, roles, code):
    if not holds_role_for(user, roles, code):
        raise PermissionDenied(_("Anda tidak berwenang mengubah data wilayah ini."))


def save_new(actor, obj, *, roles, exclude=None, note=""):
    """Validate, save and audit a new record whose region the actor must be allowed to write."""
    obj.full_clean(exclude=exclude)
    require(actor, roles, obj.region_code or None)
    with transaction.atomic():
        obj.save()
        log_create(actor, obj, note=note)
    return obj


def save_changes(actor, obj, before, *, roles, exclude=None, note=""):
    """`before` is snapshot(obj) taken before the form or caller changed it."""
    obj.full_clean(exclude=exclude)
    require(actor, roles, obj.region_code or None)
    with transaction.atomic():
        obj.save()
        log_update(actor, obj, before, note=note)
    return obj


def fail(field, message):
    raise ValidationError({field: [message]})


__all__ = ["snapshot", "save_new", "save_changes", "fail", "require", "holds_role_for"]
