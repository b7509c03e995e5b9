"""Who may do what with data-subject requests, consents, erasures and breaches (accounts.permissions)."""

import rules

from accounts.models import Role
from accounts.permissions import role_in

# File a request for a person who came to the office, check identity, answer, correct, export the access file.
REQUEST_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER,
                 Role.SYSTEM_ADMIN)
# Erase a person (crypto-shredding cannot be undone): the village operator with the checked request, or above.
ERASE_ROLES = REQUEST_ROLES
# Late requests escalate to the district: its officers see and answer them.
ESCALATION_ROLES = (Role.DISTRICT_OFFICER,)
# Record a breach and build its notification letter: officers responsible for a region, and administrators.
BREACH_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)
# Retention runs as the system; its dry-run report is for administrators and national officers.
RETENTION_ROLES = (Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)

rules.add_perm("privacy.view_request", role_in(*REQUEST_ROLES))
rules.add_perm("privacy.file_request", role_in(*REQUEST_ROLES))  # asked with the village
rules.add_perm("privacy.answer_request", role_in(*REQUEST_ROLES))
rules.add_perm("privacy.export_access_file", role_in(*REQUEST_ROLES))
rules.add_perm("privacy.erase_person", role_in(*ERASE_ROLES))
rules.add_perm("privacy.record_consent", role_in(*REQUEST_ROLES))
rules.add_perm("privacy.manage_breach", role_in(*BREACH_ROLES))
rules.add_perm("privacy.run_retention", role_in(*RETENTION_ROLES))

OBJECT_URLS = {
    "privacy:request": ("privacy.DataRequest", "privacy.view_request"),
    "privacy:check_identity": ("privacy.DataRequest", "privacy.answer_request"),
    "privacy:answer": ("privacy.DataRequest", "privacy.answer_request"),
    "privacy:access_pdf": ("privacy.DataRequest", "privacy.export_access_file"),
    "privacy:access_json": ("privacy.DataRequest", "privacy.export_access_file"),
    "privacy:person": ("people.Person", "privacy.view_request"),
    "privacy:breach": ("privacy.Breach", "privacy.manage_breach"),
    "privacy:breach_letter": ("privacy.Breach", "privacy.manage_breach"),
}
