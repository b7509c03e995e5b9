"""Who may open which dashboard (asked with the region code; reports.models.NATION "" is the whole country,
which only memberships without a region of a nationwide role cover)."""

import rules

from accounts.models import Role
from accounts.permissions import role_in

# Everyone who works in a region reads its figures; organisation staff see referred cases, not a region.
DASHBOARD_ROLES = tuple(role for role in Role if role != Role.ORGANISATION_STAFF)

dashboard_reader = role_in(*DASHBOARD_ROLES)

rules.add_perm("reports.view_dashboard", dashboard_reader)
rules.add_perm("reports.export_dashboard", dashboard_reader)
# Recomputing a village's rollup changes no record: whoever reads the dashboard may ask for fresh figures.
rules.add_perm("reports.refresh_rollup", dashboard_reader)
# Recomputing a whole area (every village of a regency or province) is heavier: the officers who oversee it.
rules.add_perm("reports.refresh_area", role_in(Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER))

# The monthly art. 42(d) reports: the region's own readers and the officers above it (asked with the region code;
# visible_to already limits the list to the user's regions).
rules.add_perm("reports.download_monthly", dashboard_reader)

# Every URL that opens one region's figures (see community/rules.py and tests/test_contract.py).
OBJECT_URLS = {
    "reports:dashboard": ("regions.Region", "reports.view_dashboard"),
    "reports:xlsx": ("regions.Region", "reports.export_dashboard"),
    "reports:pdf": ("regions.Region", "reports.export_dashboard"),
    "reports:map": ("regions.Region", "reports.view_dashboard"),
    "reports:refresh": ("regions.Region", "reports.refresh_rollup"),
    "reports:refresh_area": ("regions.Region", "reports.refresh_area"),
    "reports:monthly_file": ("reports.MonthlyReport", "reports.download_monthly",
                             lambda r: {"pk": r.pk, "fmt": "pdf"}),
}
