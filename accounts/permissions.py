"""The one permission rule: a role counts only in the regions of the membership that grants it.

A user who is village operator in Jatinom and volunteer in Gogodeso is an operator in Jatinom only.
Every action is a django-rules permission declared in its app's `rules.py`:

    rules.add_perm("migrants.verify_placement", role_in(Role.VILLAGE_OPERATOR, Role.SYSTEM_ADMIN))

and every layer asks the same question with the object the action is about:

    services:  require_perm(actor, "migrants.verify_placement", placement)
    views:     core.mixins.get_visible_or_404 for the record (404), then require_perm with it (403)
    templates: {% load rules %}{% has_perm "migrants.verify_placement" user placement as can_verify %}
    API:       core.api.RulesObjectPermission (the viewset's `action_perms` map)

The object names the region: a record (its `region_code`, or its `SCOPE_FIELD` walked; a Region's is its own
`code`), or a region code string. Asked without an object, the question is "does the user hold the role in any
region" — for menus and buttons on list pages; the action itself is asked again with its object.
A record without a region (national reference data, a national publication) counts only for
memberships without a region (national officers, system administrators).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import NATIONWIDE_ROLES, Role

ANYWHERE = object()


def region_code_of(obj):
    """The region code an object belongs to; None for a record without a region; ANYWHERE for None."""
    if obj is None:
        return ANYWHERE
    if isinstance(obj, str):
        return obj or None
    if hasattr(obj, "region_code"):
        return obj.region_code or None
    field = getattr(obj, "SCOPE_FIELD", None)
    if field is None:
        raise TypeError(f"{type(obj).__name__} names no region (region_code or SCOPE_FIELD)")
    *path, last = field.split("__")
    target = obj
    for name in path[:-1]:
        target = getattr(target, name, None)
        if target is None:
            return None
    if path and last == "code":
        # village__code: read the FK column, no query.
        return getattr(target, f"{path[-1]}_id", None) or None
    return getattr(target, last, None) or None


def covers(region_id, code):
    return code == region_id or code.startswith(region_id + ".")


def holds_role(user, roles, obj=None):
    """True when one active membership of the user has one of `roles` AND covers the object's region."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    code = region_code_of(obj)
    for m in user.active_memberships():
        if m.role not in roles:
            continue
        if m.region_id is None:
            if m.role in NATIONWIDE_ROLES or code is ANYWHERE:
                return True
            continue
        if code is ANYWHERE or (code is not None and covers(m.region_id, code)):
            return True
    return False


def role_in(*roles, name=None):
    """A rules predicate: the user holds one of `roles` in a membership covering the object's region."""
    roles = frozenset(roles)

    def check(user, obj=None):
        return holds_role(user, roles, obj)

    return rules.predicate(check, name=name or "role_in(" + ",".join(sorted(roles)) + ")")


def role_anywhere(*roles, name=None):
    """For objects without a place (shared reference data): the role in any region counts."""
    roles = frozenset(roles)

    def check(user, obj=None):
        return holds_role(user, roles, None)

    return rules.predicate(check, name=name or "role_anywhere(" + ",".join(sorted(roles)) + ")")


def regions_with_role(user, roles):
    """Region codes where the user holds one of `roles`; None means the whole country.

    For choices in forms (the villages a user may act in) and list filters."""
    if not user or not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    codes = set()
    for m in user.active_memberships():
        if m.role not in roles:
            continue
        if m.region_id is None:
            if m.role in NATIONWIDE_ROLES:
                return None
            continue
        codes.add(m.region_id)
    codes = sorted(codes)
    return [c for c in codes if not any(c != o and covers(o, c) for o in codes)]


def ancestors_and_self(code):
    """"35.05.10.2002" -> ["35", "35.05", "35.05.10", "35.05.10.2002"]: the regions whose memberships cover it."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def members_with_role(roles, *, near=None, obj=None):
    """Active users holding one of `roles` (the same rule as holds_role), for choices: handlers, assignees.

    `near`: only memberships in the regions of that user's own `roles` memberships (inside them or above them);
    a membership without a region (national officers, administrators) counts only for a near user who is
    nationwide too, so a village volunteer is never offered national officers or administrators.
    `obj`: only memberships whose region covers the object's region (as holds_role asks it)."""
    from django.db.models import Q

    from .models import User

    memberships = Q(memberships__is_active=True, memberships__role__in=list(roles))
    if near is not None:
        codes = regions_with_role(near, roles)
        if codes is not None:
            if not codes:
                return User.objects.none()
            area = Q()
            for code in codes:
                area |= (Q(memberships__region_id__in=ancestors_and_self(code))
                         | Q(memberships__region__code__startswith=code + "."))
            memberships &= area
    if obj is not None:
        code = region_code_of(obj)
        if code is not ANYWHERE:
            nationwide = Q(memberships__region__isnull=True, memberships__role__in=list(NATIONWIDE_ROLES))
            memberships &= nationwide | Q(memberships__region_id__in=ancestors_and_self(code) if code else [])
    return User.objects.filter(memberships, is_active=True).distinct().order_by("full_name", "username")


def has_perm(user, perm, obj=None):
    """A Payung permission (one registered in a rules.py) is answered by its rule alone: asking
    `user.has_perm` would, on every "no", go on to Django's ModelBackend, which loads the user's and groups'
    database permissions (two queries on every page whose navigation hides an item). Payung grants no
    database permission under a rules name; Django's own (admin) permissions still go through the backends."""
    if not user:
        return False
    if user.is_active and user.is_superuser:
        return True
    if rules.perm_exists(perm):
        return rules.has_perm(perm, user, obj)
    return user.has_perm(perm, obj)


def require_perm(user, perm, obj=None, message=None):
    """Services call this first: PermissionDenied with an Indonesian message when the rule says no.

    `user=None` is the system itself (tasks, imports run by commands) and is always allowed."""
    if user is None:
        return
    if not has_perm(user, perm, obj):
        raise PermissionDenied(message or _("Anda tidak berwenang melakukan tindakan ini di wilayah ini."))


__all__ = ["ANYWHERE", "Role", "holds_role", "region_code_of", "regions_with_role", "require_perm", "has_perm",
           "members_with_role", "role_in", "role_anywhere"]
