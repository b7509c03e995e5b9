"""Adding a village to Payung: every app's setup step (core.registry.setup_village), audited."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from accounts.permissions import has_perm, require_perm
from accounts.rules import ROLE_LEVELS, grant_perm
from audit.models import Action
from audit.services import record
from core import registry
from core.records import fail


def grantable_roles(actor, region):
    """The roles the actor may give in this region (a Region), in Role order: its level fits the role and the
    actor holds the role's grant permission there."""
    return [role for role in Role if region.level in ROLE_LEVELS.get(role, ())
            and has_perm(actor, grant_perm(role), region.code)]


def onboard_village(actor, village, *, address="", contact="", request=None):
    """Add a village: copy the default services, letter types and letterhead (each app's `village_setup`), once;
    running it again adds only what is missing. Returns what was made, as sentences."""
    require_perm(actor, "accounts.onboard_village", village)
    if village.level != 4 or not village.is_active:
        fail("village", _("Pilih desa atau kelurahan yang masih berlaku (bukan kecamatan atau kabupaten)."))
    with transaction.atomic():
        made = registry.setup_village(actor, village, address=address.strip(), contact=contact.strip())
        record(actor, Action.OTHER, village, region_code=village.code, request=request,
               note="desa ditambahkan ke Payung: " + " ".join(made))
    return made


def village_users(village):
    """The memberships held in this village (active first), with their users."""
    return (Membership.objects.filter(region=village).select_related("user", "region")
            .order_by("-is_active", "user__full_name", "user__username", "role"))
