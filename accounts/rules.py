"""Accounts: a user manages their own password and API tokens (no rule beyond being that user); district officers
and administrators add villages and their users (the onboarding app's screens ask these rules).

- `accounts.onboard_village`, asked with a village (a Region or its code): add it to Payung, i.e. copy the default
  services, letter types and letterhead (village_services' onboarding hook) and invite its users.
- `accounts.grant_village_role` / `accounts.grant_officer_role`, asked with the region of the membership: give (or
  take away) a role there. `GRANT_PERMS` says which one a role needs; `ROLE_LEVELS` at which region levels.
- `accounts.manage_user`, asked with a user: deactivate, reactivate, invite again. Allowed only when the actor
  could grant every membership the user has ever held (a district officer never manages a national officer, nor
  a facilitator who also works in another regency); a user without any membership only by a nationwide
  administrator; a superuser only by a superuser.
"""

import rules

from .models import Role
from .permissions import has_perm, holds_role, role_in

# Who adds villages to Payung and gives their people roles: the regency's officer (for villages in the regency)
# and the system administrator.
ONBOARDING_ROLES = (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER)
# Roles given at village level (or above it for those who serve several villages) by an onboarding officer.
VILLAGE_ROLES = (Role.VILLAGE_OPERATOR, Role.VILLAGE_SECRETARY, Role.VILLAGE_HEAD, Role.COMMUNITY_VOLUNTEER,
                 Role.NGO_FACILITATOR)
# Officer roles: only a system administrator gives them (in a region).
OFFICER_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)
# Region levels (regions.Level) each role may be given at on Payung's screens. National officers, organisation
# staff and system administrators are made in the Django admin by a system administrator.
ROLE_LEVELS = {
    Role.VILLAGE_OPERATOR: (4,),
    Role.VILLAGE_SECRETARY: (4,),
    Role.VILLAGE_HEAD: (4,),
    Role.COMMUNITY_VOLUNTEER: (3, 4),
    Role.NGO_FACILITATOR: (2, 3, 4),
    Role.DISTRICT_OFFICER: (2,),
    Role.PROVINCE_OFFICER: (1,),
}
GRANT_PERMS = {**{role: "accounts.grant_village_role" for role in VILLAGE_ROLES},
               **{role: "accounts.grant_officer_role" for role in OFFICER_ROLES}}
# A membership of any other role (nationwide roles, organisation staff) is a nationwide administrator's matter.
OTHER_ROLE_PERM = "accounts.grant_officer_role"

onboards = role_in(*ONBOARDING_ROLES, name="onboards")


def grant_perm(role):
    return GRANT_PERMS.get(role, OTHER_ROLE_PERM)


def may_change_membership(actor, membership):
    """The actor may give or take away this role in this region (a nationwide one: "" = nationwide only)."""
    return has_perm(actor, grant_perm(membership.role), membership.region_id or "")


@rules.predicate
def manages_user(actor, target=None):
    if target is None:
        return holds_role(actor, frozenset(ONBOARDING_ROLES))
    if target.is_superuser and not actor.is_superuser:
        return False
    memberships = list(target.memberships.all())
    if not memberships:
        return holds_role(actor, frozenset({Role.SYSTEM_ADMIN}), "")
    return all(may_change_membership(actor, m) for m in memberships)


@rules.predicate
def changes_membership(actor, membership=None):
    if membership is None:
        return holds_role(actor, frozenset(ONBOARDING_ROLES))
    return may_change_membership(actor, membership)


rules.add_perm("accounts.onboard_village", onboards)
rules.add_perm("accounts.grant_village_role", onboards)
rules.add_perm("accounts.grant_officer_role", role_in(Role.SYSTEM_ADMIN))
rules.add_perm("accounts.manage_user", manages_user)
rules.add_perm("accounts.change_role", changes_membership)

# Every URL that opens one record (see community/rules.py and tests/test_contract.py). A token is the user's own:
# anyone else's reads as missing (tests/test_account_controls.py).
OBJECT_URLS = {
    "accounts:token_revoke": ("accounts.ApiToken", "own"),
}
