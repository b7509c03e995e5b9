"""Who may do what in empowerment programs (the one rule: accounts.permissions)."""

import rules

from accounts.models import OVERSIGHT_ROLES, Role
from accounts.permissions import role_in

# Programs, sessions, enrolments and enterprises are run by the village with its community groups.
PROGRAM_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)

rules.add_perm("empowerment.view_programs", role_in(*PROGRAM_ROLES, *OVERSIGHT_ROLES))
rules.add_perm("empowerment.edit_program", role_in(*PROGRAM_ROLES))
rules.add_perm("empowerment.edit_session", role_in(*PROGRAM_ROLES))
rules.add_perm("empowerment.edit_enrolment", role_in(*PROGRAM_ROLES))
rules.add_perm("empowerment.edit_enterprise", role_in(*PROGRAM_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "empowerment:program": ("empowerment.Program", None),
    "empowerment:program_edit": ("empowerment.Program", "empowerment.edit_program"),
    "empowerment:program_status": ("empowerment.Program", "empowerment.edit_program"),
    "empowerment:session_add": ("empowerment.Program", "empowerment.edit_session"),
    "empowerment:enrol": ("empowerment.Program", "empowerment.edit_enrolment"),
    "empowerment:attendance": ("empowerment.ProgramSession", "empowerment.edit_session"),
    "empowerment:outcome": ("empowerment.Enrolment", "empowerment.edit_enrolment"),
    "empowerment:enterprise": ("empowerment.Enterprise", None),
    "empowerment:enterprise_edit": ("empowerment.Enterprise", "empowerment.edit_enterprise"),
}
