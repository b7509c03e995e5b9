"""Who may publish on the public portal (the one rule: accounts.permissions)."""

import rules

from accounts.models import Role
from accounts.permissions import role_in

# The village and its groups publish news; officers publish job information and guides. A publication
# without a region (national) is written by national officers and system administrators only.
PUBLISH_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.DISTRICT_OFFICER,
                 Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)

rules.add_perm("portal.edit_publication", role_in(*PUBLISH_ROLES))

# Every URL that opens one record (see community/rules.py and tests/test_contract.py). Public pages show only
# published records to everyone ("public": not scoped by user); the editors' pages are scoped.
OBJECT_URLS = {
    "portal:publication": ("portal.Publication", "public"),
    "portal:publication_cover": ("portal.Publication", "public"),
    "portal:publication_pdf": ("portal.Publication", "public"),
    "portal:guide": ("portal.Guide", "public"),
    "portal:job": ("portal.JobInfo", "public"),
    "portal:village": ("regions.Region", "public"),
    "portal:village_rss": ("regions.Region", "public"),
    "portal:manage_detail": ("portal.Publication", None, lambda p: {"kind": "berita", "pk": p.pk}),
    "portal:edit": ("portal.Publication", "portal.edit_publication", lambda p: {"kind": "berita", "pk": p.pk}),
    "portal:status": ("portal.Publication", "portal.edit_publication", lambda p: {"kind": "berita", "pk": p.pk}),
    "portal:draft_file": ("portal.Publication", None, lambda p: {"pk": p.pk, "which": "cover"}),
}
