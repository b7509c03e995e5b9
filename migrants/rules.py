"""Who may do what with placements, their documents, costs and contacts, and the agency/recruiter lists.

The one rule (accounts.permissions): a role counts only in the regions of the membership that grants it.
The risk flags of a placement are another kind of rule: migrants.risk.
"""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere, role_in

# Record placements and keep them up to date: the village and the community that accompanies its workers.
PLACEMENT_EDIT_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)
# UU 18/2017 art. 42 b, c: verifying a prospective migrant and their documents is the village's duty.
VERIFY_ROLES = (Role.VILLAGE_OPERATOR, Role.SYSTEM_ADMIN)
# Record a departure despite a blocking risk flag (with a written reason, audited).
FLAG_OVERRIDE_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.SYSTEM_ADMIN)
# Agencies (P3MI) are shared reference data, kept by village and government staff.
AGENCY_EDIT_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER,
                     Role.SYSTEM_ADMIN)
# Field recruiters: village editors record the calo they meet, the agency curators keep the list.
RECRUITER_EDIT_ROLES = tuple(dict.fromkeys(PLACEMENT_EDIT_ROLES + AGENCY_EDIT_ROLES))

placement_editor = role_in(*PLACEMENT_EDIT_ROLES)

rules.add_perm("migrants.register_placement", placement_editor)  # asked with the person (her village)
rules.add_perm("migrants.edit_placement", placement_editor)
rules.add_perm("migrants.change_status", placement_editor)
rules.add_perm("migrants.extend_contract", placement_editor)
rules.add_perm("migrants.set_flag", placement_editor)
rules.add_perm("migrants.edit_document", placement_editor)
rules.add_perm("migrants.add_cost", placement_editor)
rules.add_perm("migrants.delete_cost", placement_editor)
rules.add_perm("migrants.log_contact", placement_editor)
rules.add_perm("migrants.import_placements", placement_editor)  # asked with each row's village code
rules.add_perm("migrants.verify_placement", role_in(*VERIFY_ROLES))
rules.add_perm("migrants.verify_document", role_in(*VERIFY_ROLES))
rules.add_perm("migrants.override_flag", role_in(*FLAG_OVERRIDE_ROLES))
rules.add_perm("migrants.edit_agency", role_anywhere(*AGENCY_EDIT_ROLES))
rules.add_perm("migrants.edit_recruiter", role_anywhere(*RECRUITER_EDIT_ROLES))
# Erasing a recruiter's personal data on their request (UU 27/2022): whoever keeps the register.
rules.add_perm("migrants.erase_recruiter", role_anywhere(*RECRUITER_EDIT_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py). Agencies and recruiters
# are shared reference data: every signed-in user reads them ("reference": not scoped by region).
OBJECT_URLS = {
    "migrants:detail": ("migrants.Placement", None),
    "migrants:edit": ("migrants.Placement", "migrants.edit_placement"),
    "migrants:transition": ("migrants.Placement", "migrants.change_status"),
    "migrants:extend": ("migrants.Placement", "migrants.extend_contract"),
    "migrants:verify": ("migrants.Placement", "migrants.verify_placement"),
    "migrants:flag": ("migrants.Placement", "migrants.set_flag"),
    "migrants:cost_add": ("migrants.Placement", "migrants.add_cost"),
    "migrants:contact_add": ("migrants.Placement", "migrants.log_contact"),
    "migrants:reference": ("migrants.Placement", "migrants.edit_placement",
                           lambda p: {"pk": p.pk, "kind": "id_pmi"}),
    "migrants:documents": ("migrants.Placement", "migrants.edit_document"),
    "migrants:document": ("migrants.PlacementDocument", "migrants.edit_document",
                          lambda d: {"pk": d.placement_id, "doc_pk": d.pk}),
    "migrants:document_scan": ("migrants.PlacementDocument", None, lambda d: {"pk": d.placement_id, "doc_pk": d.pk}),
    "migrants:agency_detail": ("migrants.Agency", "reference"),
    "migrants:agency_edit": ("migrants.Agency", "reference"),
    "migrants:recruiter_detail": ("migrants.Recruiter", "reference"),
    "migrants:recruiter_edit": ("migrants.Recruiter", "reference"),
    "migrants:recruiter_erase": ("migrants.Recruiter", "reference"),
}
