"""Who may do what with village regulations and budgets (the one rule: accounts.permissions)."""

import rules

from accounts.models import OVERSIGHT_ROLES, Role
from accounts.permissions import role_in

# Village rules and budget are the village government's, drafted with a facilitator's help.
GOVERNANCE_ROLES = (Role.VILLAGE_OPERATOR, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)

rules.add_perm("governance.view_governance", role_in(*GOVERNANCE_ROLES, *OVERSIGHT_ROLES))
rules.add_perm("governance.edit_regulation", role_in(*GOVERNANCE_ROLES))
rules.add_perm("governance.edit_budget", role_in(*GOVERNANCE_ROLES))
# The readiness table across villages (Desbumi expansion planning).
rules.add_perm("governance.view_readiness", role_in(*OVERSIGHT_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "governance:regulation": ("governance.Regulation", None),
    "governance:regulation_edit": ("governance.Regulation", "governance.edit_regulation"),
    "governance:regulation_move": ("governance.Regulation", "governance.edit_regulation"),
    "governance:version_add": ("governance.Regulation", "governance.edit_regulation"),
    "governance:version_file": ("governance.RegulationVersion", None),
    "governance:budget_edit": ("governance.BudgetLine", "governance.edit_budget"),
}
