"""Regions are public reference data (the official codes and names): no permission beyond signing in."""

# Every URL that opens one record (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "regions:detail": ("regions.Region", "reference"),
}
