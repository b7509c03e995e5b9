"""Who may browse the audit log (UU 27/2022 accountability): administrators and government officers.

Asked with a record (its region), or without one for the menu; the entries shown are still those of the
user's regions (AuditEntry.visible_to)."""

import rules

from accounts.models import Role
from accounts.permissions import role_in

AUDIT_BROWSE_ROLES = (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER)

rules.add_perm("audit.browse_audit", role_in(*AUDIT_BROWSE_ROLES))
