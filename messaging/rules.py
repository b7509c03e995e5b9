"""Who may do what with messages (the one rule: accounts.permissions)."""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere, role_in
from people.rules import people_editor

# Template texts are national (one set for the deployment): reviewed by officers above the village.
TEMPLATE_REVIEW_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)
# Per-village switches: the village's own operator and the officers above it.
SWITCH_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER,
                Role.SYSTEM_ADMIN)
# Who sees a message log (on a person's or case's page, already scoped by that page).
LOG_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.DISTRICT_OFFICER,
             Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)

rules.add_perm("messaging.review_templates", role_anywhere(*TEMPLATE_REVIEW_ROLES))
rules.add_perm("messaging.set_switches", role_in(*SWITCH_ROLES))
rules.add_perm("messaging.view_log", role_in(*LOG_ROLES))
# The language of a person's messages: whoever may edit the person (their phone number) sets it.
rules.add_perm("messaging.set_language", people_editor)

# Pages that open one record: {url name: (model, permission)} (tests/test_contract.py walks them).
OBJECT_URLS = {
    # Template texts are national reference data (the view asks messaging.review_templates).
    "messaging:template_edit": ("messaging.MessageTemplate", "reference"),
    "messaging:template_reviewed": ("messaging.MessageTemplate", "reference"),
    "messaging:switches": ("regions.Region.villages", "messaging.set_switches"),
    "messaging:person_language": ("people.Person", "messaging.set_language"),
}
