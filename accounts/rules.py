"""Accounts: a user manages only their own password and API tokens (no rule beyond being that user)."""

# Every URL that opens one record (see community/rules.py and tests/test_contract.py). A token is the user's own:
# anyone else's reads as missing (tests/test_account_controls.py).
OBJECT_URLS = {
    "accounts:token_revoke": ("accounts.ApiToken", "own"),
}
