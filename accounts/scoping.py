"""The one scoping rule: a user sees every record whose region code starts with one of theirs.

`scope_q(user, field)` builds the filter; `ScopedQuerySet.visible_to(user)` applies it. Views, API,
exports and search all go through `visible_to`, never through ad hoc filters.
"""

from functools import reduce
from operator import or_

from django.db import models

from .models import Role
from .permissions import covers, regions_with_role

# Every role but organisation staff, who see the cases referred to their organisation (cases app), not a region.
SCOPE_ROLES = frozenset(Role) - {Role.ORGANISATION_STAFF}


def user_scope_codes(user):
    """None means the whole country; otherwise the region codes the user holds (broader ones only)."""
    return regions_with_role(user, SCOPE_ROLES)


def code_q(field, code):
    return models.Q(**{field: code}) | models.Q(**{f"{field}__startswith": code + "."})


def scope_q(user, field):
    """Q for records whose `field` (a region code column, e.g. `village_id`) is inside the user's scope."""
    codes = user_scope_codes(user)
    if codes is None:
        return models.Q()
    if not codes:
        return models.Q(pk__in=[])
    return reduce(or_, (code_q(field, code) for code in codes))


def region_checker(user):
    """`code -> bool` for the user's regions, read once: for callers that check many codes (imports)."""
    codes = user_scope_codes(user)
    if codes is None:
        return lambda code: True
    return lambda code: any(covers(c, code) for c in codes)


def can_access_region(user, code):
    return region_checker(user)(code)


class ScopedQuerySet(models.QuerySet):
    """Records that belong to a place.

    The model names the lookup to its region code in `SCOPE_FIELD`: "village__code" by default,
    "placement__village__code" for a record that belongs to a placement, "region_code" for a plain column.
    """

    def visible_to(self, user):
        return self.filter(scope_q(user, getattr(self.model, "SCOPE_FIELD", "village__code")))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
