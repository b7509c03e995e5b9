"""Onboarding a village without the raw admin (issue 22): an administrator, or the regency's officer for villages in
the regency, adds a village to Payung, invites its users (an e-mail link or a printed one-time sign-in sheet),
gives roles per region and deactivates users (their records stay). Users choose their own password with the
invitation. Every action asks its rule (accounts.rules) and writes the audit log."""

from .invitations import (  # noqa: F401
    Invited,
    activate,
    activation_page_url,
    find_invitation,
    find_invitation_by_id,
    invitation_link,
    invite_user,
    issue_invitation,
    issue_sheets,
    normalise_key,
)
from .users import deactivate_user, grant_role, reactivate_user, revoke_role  # noqa: F401
from .villages import grantable_roles, onboard_village, village_users  # noqa: F401
