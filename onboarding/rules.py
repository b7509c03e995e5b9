"""The onboarding screens ask accounts' rules (accounts/rules.py: onboard_village, grant_*_role, manage_user,
change_role); this file declares their URLs that open one record (tests/test_contract.py)."""

OBJECT_URLS = {
    "onboarding:village": ("regions.Region.villages", "accounts.onboard_village"),
    "onboarding:invite": ("regions.Region.villages", "accounts.grant_village_role"),
    "onboarding:sheets": ("regions.Region.villages", "accounts.grant_village_role"),
    "onboarding:user": ("accounts.User", "accounts.manage_user"),
    "onboarding:grant_role": ("accounts.User", "accounts.manage_user"),
    "onboarding:reinvite": ("accounts.User", "accounts.manage_user"),
    "onboarding:deactivate": ("accounts.User", "accounts.manage_user"),
    "onboarding:reactivate": ("accounts.User", "accounts.manage_user"),
    "onboarding:revoke_role": ("accounts.Membership", "accounts.change_role"),
}
