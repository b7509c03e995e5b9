"""Who may do what with village services, requests and letters (the one rule: accounts.permissions).

Asked with the record (a service, letter type, request or letter: its village) or a village code. A system
administrator with a region acts only there; one without a region acts everywhere (accounts.NATIONWIDE_ROLES).
Everyone else reads within their scope.
"""

import rules

from accounts.models import Role
from accounts.permissions import role_in
from accounts.rules import onboards

# The village office: keeps the catalogue and letterhead, takes requests at the counter, drafts and revokes letters.
VILLAGE_OFFICE_ROLES = (Role.VILLAGE_OPERATOR, Role.SYSTEM_ADMIN)

village_office = role_in(*VILLAGE_OFFICE_ROLES, name="village_office")

# The officer who adds a village to Payung (accounts.onboard_village) copies its default catalogue and letterhead.
rules.add_perm("services.copy_catalogue", village_office | onboards)
rules.add_perm("services.edit_service", village_office)
rules.add_perm("services.edit_letter_type", village_office)
rules.add_perm("services.edit_letterhead", village_office)
rules.add_perm("services.take_request", village_office)
rules.add_perm("services.process_request", village_office)
# Letters as a village signs them (issue 22.2): the office drafts, the sekretaris desa checks, the kepala desa
# signs (the number is taken then); either sends a letter back with a note.
village_secretary = role_in(Role.VILLAGE_SECRETARY, name="village_secretary")
village_head = role_in(Role.VILLAGE_HEAD, name="village_head")

rules.add_perm("services.draft_letter", village_office)
rules.add_perm("services.check_letter", village_secretary)
rules.add_perm("services.sign_letter", village_head)
rules.add_perm("services.return_letter", village_secretary | village_head)
# The signature provider's step, when it could not sign at once (retried by the office or the head).
rules.add_perm("services.issue_signed_letter", village_office | village_head)
rules.add_perm("services.revoke_letter", village_office | village_head)
# The outgoing-letter book (Buku Agenda Surat Keluar) and its exports: the village office and its officials.
rules.add_perm("services.view_agenda", village_office | village_secretary | village_head)

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "services:service_detail": ("services.Service", None),
    "services:service_edit": ("services.Service", "services.edit_service"),
    "services:letter_type_edit": ("services.LetterType", "services.edit_letter_type"),
    "services:letterhead_edit": ("regions.Region.villages", "services.edit_letterhead"),
    "services:request_detail": ("services.ServiceRequest", None),
    "services:letter_issue": ("services.LetterType", "services.draft_letter", lambda t: {"type_pk": t.pk}),
    "services:letter_detail": ("services.Letter", None),
    "services:letter_pdf": ("services.Letter", None),
    "services:letter_edit": ("services.Letter", "services.draft_letter"),
    "services:letter_check": ("services.Letter", "services.check_letter"),
    "services:letter_return": ("services.Letter", "services.return_letter"),
    "services:letter_sign": ("services.Letter", "services.sign_letter"),
    "services:letter_finish": ("services.Letter", "services.issue_signed_letter"),
    "services:letter_revoke": ("services.Letter", "services.revoke_letter"),
    # The public catalogue and request form of a village, and the letter check by its code: for everyone.
    "services:public_catalogue": ("regions.Region", "public"),
    "services:online_request": ("regions.Region", "public"),
    "services:verify": ("services.Letter", "public"),
}
