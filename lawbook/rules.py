"""Who may read and maintain the rule book. Rules are national reference data (not scoped by region): every
signed-in user reads them; only system administrators change them (each change audited)."""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere

RULE_MANAGE_ROLES = (Role.SYSTEM_ADMIN,)

rules.add_perm("lawbook.read_rules", rules.is_authenticated)
rules.add_perm("lawbook.manage_rules", role_anywhere(*RULE_MANAGE_ROLES))

OBJECT_URLS = {
    "lawbook:rule": ("lawbook.Rule", "reference"),
    "lawbook:new_version": ("lawbook.Rule", "reference"),
    "lawbook:status": ("lawbook.Rule", "reference"),
    "lawbook:blocking": ("lawbook.Rule", "reference"),
}
