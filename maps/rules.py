"""Who may open which officer map: the same rule as the region's dashboard (reports.rules)."""

import rules

from reports.rules import dashboard_reader

rules.add_perm("maps.view_map", dashboard_reader)

# Every URL that opens one region's map (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "maps:region": ("regions.Region", "maps.view_map"),
}
