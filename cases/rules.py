"""Who may do what with complaints and cases (the one rule: accounts.permissions).

Each permission is asked with the record it is about (a case, or a referral/claim/entry of one), or with a
village code when a case is being recorded; the region comes from the object, the role from the same membership.
"""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere, role_in
from migrants.rules import placement_editor

# Roles that handle cases in their regions. Organisation staff only answer referrals to their organisation.
CASE_WORKER_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.DISTRICT_OFFICER,
                     Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)
# Roles that may refer a case without the complainant's consent to share (with a reason; audited).
CONSENT_OVERRIDE_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)
# Roles that edit the national service standards (working days per category).
STANDARD_EDITOR_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)


def _organisation_ids(user):
    from .models import user_organisation_ids

    return user_organisation_ids(user)


@rules.predicate
def staff_of_a_referred_organisation(user, obj=None):
    """Organisation staff whose organisation the case (or the case of a referral/claim/entry) is referred to.

    A revoked referral gives nothing. Without an object: the user works for some organisation."""
    orgs = _organisation_ids(user)
    if not orgs or obj is None:
        return bool(orgs)
    from .models import ReferralStatus

    case = getattr(obj, "case", obj)
    return case.referrals.filter(organisation_id__in=orgs).exclude(status=ReferralStatus.REVOKED).exists()


@rules.predicate
def staff_of_the_receiving_organisation(user, referral=None):
    """Staff of the organisation a referral is addressed to: they accept, decline and complete it."""
    orgs = _organisation_ids(user)
    if referral is None:
        return bool(orgs)
    return referral.organisation_id in orgs


case_worker = role_in(*CASE_WORKER_ROLES, name="case_worker")

# Menus and lists (asked without an object: the role in any region).
rules.add_perm("cases.view_cases", case_worker)
rules.add_perm("cases.view_referrals", case_worker | staff_of_a_referred_organisation)
# Asked with the village code of the new case. (No name here is one of Django's model permissions, add_case,
# change_case, ...: those are the admin site's, and the rules backend would answer them too.)
rules.add_perm("cases.intake_case", case_worker)
# Who may be named handler of a case (asked for the candidate, with the case or its village code).
rules.add_perm("cases.handle_case", case_worker)
rules.add_perm("cases.edit_case", case_worker)
rules.add_perm("cases.transition_case", case_worker)
rules.add_perm("cases.assign_handler", case_worker)
rules.add_perm("cases.record_consent", case_worker)
rules.add_perm("cases.withdraw_consent", case_worker)
rules.add_perm("cases.edit_checklist", case_worker)
# The receiving organisation adds notes and documents to a case referred to it.
rules.add_perm("cases.add_entry", case_worker | staff_of_a_referred_organisation)
rules.add_perm("cases.attach_file", case_worker | staff_of_a_referred_organisation)
rules.add_perm("cases.refer_case", case_worker)
rules.add_perm("cases.override_consent", role_in(*CONSENT_OVERRIDE_ROLES))
rules.add_perm("cases.revoke_referral", case_worker)
rules.add_perm("cases.answer_referral", staff_of_the_receiving_organisation)
# The API's one endpoint for both (the decision in the body picks answer_referral or revoke_referral).
rules.add_perm("cases.act_on_referral", staff_of_the_receiving_organisation | case_worker)
rules.add_perm("cases.open_claim", case_worker)
rules.add_perm("cases.update_claim", case_worker)
# A placement's overcharging flag made a complaint in one click: whoever keeps the placement (asked with it).
rules.add_perm("cases.file_overcharging_complaint", placement_editor)
# Service standards are national reference data without a region.
rules.add_perm("cases.edit_standards", role_anywhere(*STANDARD_EDITOR_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "cases:detail": ("cases.Case", None),
    "cases:edit": ("cases.Case", "cases.edit_case"),
    "cases:transition": ("cases.Case", "cases.transition_case"),
    "cases:assign": ("cases.Case", "cases.assign_handler"),
    "cases:entry": ("cases.Case", "cases.add_entry"),
    "cases:consent": ("cases.Case", "cases.record_consent"),
    "cases:consent_withdraw": ("cases.Consent", "cases.withdraw_consent",
                               lambda c: {"pk": c.case_id, "consent_pk": c.pk}),
    "cases:attach": ("cases.Case", "cases.attach_file"),
    "cases:checklist": ("cases.ChecklistItem", "cases.edit_checklist", lambda i: {"pk": i.case_id, "item_pk": i.pk}),
    "cases:refer": ("cases.Case", "cases.refer_case"),
    "cases:claim_create": ("cases.Case", "cases.open_claim"),
    "cases:reference": ("cases.Case", "cases.edit_case", lambda c: {"pk": c.pk, "kind": "siskop2mi"}),
    "cases:attachment": ("cases.Attachment", None),
    "cases:referral": ("cases.Referral", None),
    "cases:referral_letter": ("cases.Referral", None),
    "cases:claim": ("cases.Claim", None),
    "cases:overcharging_complaint": ("migrants.Placement", "cases.file_overcharging_complaint"),
    # A notification belongs to one user: anyone else's reads as missing (tests/cases).
    "cases:notification": ("cases.Notification", "own"),
}
