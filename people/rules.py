"""Who may do what with residents (the one rule: accounts.permissions)."""

import rules

from accounts.models import Role
from accounts.permissions import role_in

# Register residents, edit them and their family contacts: the village and its community.
PEOPLE_EDIT_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)
# See a full NIK/KK, always through the audited reveal. Volunteers and NGO facilitators work with the masked
# number: they need to tell people apart, not to copy identity numbers.
NIK_REVEAL_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER,
                    Role.SYSTEM_ADMIN)

people_editor = role_in(*PEOPLE_EDIT_ROLES)

rules.add_perm("people.register_person", people_editor)  # asked with the village code chosen
rules.add_perm("people.edit_person", people_editor)
rules.add_perm("people.edit_contact", people_editor)
# The duplicate check (/warga/cek/) is part of registering: asked without an object (a role anywhere).
rules.add_perm("people.check_duplicate", people_editor)
rules.add_perm("people.reveal_nik", role_in(*NIK_REVEAL_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "people:detail": ("people.Person", None),
    "people:edit": ("people.Person", "people.edit_person"),
    "people:reveal": ("people.Person", "people.reveal_nik"),
    "people:contact_add": ("people.Person", "people.edit_contact"),
}
