"""Who manages the receiving systems: system administrators only (an endpoint may receive every region's
events, and one entitled to NIKs receives personal data)."""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere

rules.add_perm("webhooks.manage_endpoints", role_anywhere(Role.SYSTEM_ADMIN))

OBJECT_URLS = {}
