"""Who manages the receiving systems: system administrators only (an endpoint may receive every region's
events, and one entitled to NIKs receives personal data)."""

import rules

from accounts.models import Role
from accounts.permissions import role_anywhere

rules.add_perm("webhooks.manage_endpoints", role_anywhere(Role.SYSTEM_ADMIN))

# Endpoints and deliveries belong to no region: visible to those who manage them, a 404 for anyone else
# (webhooks.models.AdminOnlyQuerySet), so tests/test_contract.py walks them like region-scoped records.
OBJECT_URLS = {
    "webhooks:endpoint": ("webhooks.Endpoint", None),
    "webhooks:endpoint_edit": ("webhooks.Endpoint", "webhooks.manage_endpoints"),
    "webhooks:endpoint_replay": ("webhooks.Endpoint", "webhooks.manage_endpoints"),
    "webhooks:delivery": ("webhooks.Delivery", None),
    "webhooks:delivery_replay": ("webhooks.Delivery", "webhooks.manage_endpoints"),
}
