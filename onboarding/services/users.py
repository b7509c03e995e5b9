"""Roles per region and deactivation. A role taken away and a deactivated user are kept, not deleted: the records
they made stay theirs and the history says who held what, where and when."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.permissions import require_perm
from accounts.rules import ROLE_LEVELS, grant_perm
from accounts.services import end_other_sessions
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.records import fail
from regions.models import Level

from .invitations import user_region


def grant_role(actor, user, role, region, *, request=None):
    """Give `user` the role in `region` (a Region); an earlier, inactive membership of the same role and region is
    made active again."""
    require_perm(actor, "accounts.manage_user", user)
    require_perm(actor, grant_perm(role), region.code)
    if region.level not in ROLE_LEVELS.get(role, ()):
        fail("region", _("Peran ini diberikan di tingkat %(levels)s. Pilih wilayah tingkat itu.")
             % {"levels": _level_names(role)})
    if not region.is_active:
        fail("region", _("Wilayah ini sudah tidak berlaku. Pilih kode penggantinya."))
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, role=role, region=region).first()
        if membership is None:
            membership = Membership.objects.create(user=user, role=role, region=region)
            log_create(actor, membership, request=request)
        elif membership.is_active:
            fail("role", _("Pengguna ini sudah memegang peran itu di wilayah itu."))
        else:
            before = snapshot(membership)
            membership.is_active = True
            membership.save(update_fields=["is_active"])
            log_update(actor, membership, before, request=request, note="peran diaktifkan kembali")
    return membership


def _level_names(role):
    return ", ".join(str(Level(level).label) for level in ROLE_LEVELS.get(role, ()))


def revoke_role(actor, membership, *, request=None):
    """Take a role away (the membership stays, inactive)."""
    require_perm(actor, "accounts.change_role", membership)
    if not membership.is_active:
        fail("role", _("Peran ini sudah tidak aktif."))
    with transaction.atomic():
        before = snapshot(membership)
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        log_update(actor, membership, before, request=request, note="peran dicabut")
    return membership


def deactivate_user(actor, user, *, request=None):
    """The user can no longer sign in or use the API: sessions end, tokens and open invitations are cancelled.
    Nothing they made is deleted."""
    require_perm(actor, "accounts.manage_user", user)
    if user.pk == actor.pk:
        fail("user", _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if not user.is_active:
        fail("user", _("Pengguna ini sudah tidak aktif."))
    with transaction.atomic():
        before = snapshot(user, ["is_active"])
        user.is_active = False
        user.save(update_fields=["is_active"])
        user.api_tokens.all().delete()
        for invitation in user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True):
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
        sessions = end_other_sessions(user)
        record(actor, Action.UPDATE, user, region_code=user_region(user), request=request,
               changes={"is_active": [before["is_active"], False]},
               note=f"pengguna dinonaktifkan; {sessions} sesi diakhiri")
    return user


def reactivate_user(actor, user, *, request=None):
    require_perm(actor, "accounts.manage_user", user)
    if user.is_active:
        fail("user", _("Pengguna ini sudah aktif."))
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(actor, Action.UPDATE, user, region_code=user_region(user), request=request,
               changes={"is_active": [False, True]}, note="pengguna diaktifkan kembali")
    return user
