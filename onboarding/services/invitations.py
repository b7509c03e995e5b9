"""Invitations: a user an officer added chooses their own password with a one-time key.

Two ways to deliver it: an e-mail link, or a printed sign-in sheet (a 12-character code to type and a QR code of
the same link). Only the key's hash is stored (accounts.Invitation); a key works once, for INVITATION_DAYS, and a
newer invitation of the same user cancels the older one. Until the user uses it their password is unusable."""

import hashlib
import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Invitation, InvitationChannel, Membership, User
from accounts.permissions import has_perm, require_perm
from accounts.rules import ROLE_LEVELS, grant_perm
from audit.models import Action
from audit.services import common_region, log_create, record
from core.formatting import long_date
from core.records import fail

logger = logging.getLogger(__name__)

INVITATION_DAYS = 14
# Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHEET_CODE_LENGTH = 12  # about 59 bits: typed by hand, throttled, valid 14 days, once
LINK_KEY_LENGTH = 32  # about 158 bits: only ever clicked


@dataclass
class Invited:
    user: object
    invitation: object
    key: str
    sent: bool = False

    @property
    def code(self):
        """The key as printed: groups of four."""
        return "-".join(self.key[i:i + 4] for i in range(0, len(self.key), 4))

    @property
    def link(self):
        return invitation_link(self.key)


def normalise_key(key):
    """What was typed or clicked, as stored: capitals, without spaces or dashes."""
    return re.sub(r"[^A-Z0-9]", "", (key or "").upper())[:64]


def _hash(key):
    return hashlib.sha256(normalise_key(key).encode()).hexdigest()


def invitation_link(key):
    return f"{settings.SITE_URL.rstrip('/')}{reverse('onboarding:activate_link', args=[normalise_key(key)])}"


def activation_page_url():
    """Where a printed code is typed (the site's public address, as on the QR code)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('onboarding:activate')}"


def user_region(user):
    """The region the user's memberships share, for the audit entries about them ("" when nationwide)."""
    return common_region([m.region_id or "" for m in user.memberships.all()]) or ""


def _new_invitation(actor, user, channel, *, request=None):
    now = timezone.now()
    for old in user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True):
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
    length = SHEET_CODE_LENGTH if channel == InvitationChannel.SHEET else LINK_KEY_LENGTH
    key = "".join(secrets.choice(ALPHABET) for _ in range(length))
    invitation = Invitation.objects.create(user=user, channel=channel, key_hash=_hash(key), created_by=actor,
                                           expires_at=now + timedelta(days=INVITATION_DAYS))
    record(actor, Action.CREATE, invitation, region_code=user_region(user), request=request,
           note=f"undangan ({channel}) untuk {user.username}")
    return Invited(user=user, invitation=invitation, key=key)


def _roles_text(user):
    return "; ".join(f"{m.get_role_display()} — {m.region or _('Seluruh Indonesia')}"
                     for m in user.memberships.filter(is_active=True).select_related("region"))


def _send_email(invited):
    """Sends the link; False when the mail server refused or could not be reached (the officer then prints a
    sheet instead: the invitation stays valid)."""
    user = invited.user
    body = _(
        "Yth. %(name)s,\n\n"
        "Anda didaftarkan sebagai pengguna Payung (%(roles)s).\n"
        "Nama pengguna Anda: %(username)s\n\n"
        "Buka tautan ini untuk membuat kata sandi Anda sendiri. Tautan hanya bisa dipakai sekali dan berlaku "
        "sampai %(date)s:\n%(link)s\n\n"
        "Jangan teruskan surel ini kepada siapa pun. Bila Anda tidak merasa didaftarkan, abaikan surel ini."
    ) % {"name": user.full_name or user.username, "roles": _roles_text(user), "username": user.username,
         "date": long_date(timezone.localdate(invited.invitation.expires_at)), "link": invited.link}
    try:
        send_mail(_("[Payung] Undangan memakai Payung"), body, None, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("invitation e-mail to user %s not sent: %s", user.pk, error)
        return False
    return True


def suggest_username(full_name, village):
    first = slugify(full_name).split("-")[0] or "pengguna"
    base = f"{first}.{slugify(village.name).replace('-', '')}"[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def invite_user(actor, village, *, full_name, role, channel, username="", email="", phone="", request=None):
    """A new user of the village with one role there, and their invitation. Returns Invited (its `key` is shown
    once: printed on the sheet or sent by e-mail, never stored)."""
    require_perm(actor, grant_perm(role), village)
    if village.level not in ROLE_LEVELS.get(role, ()):
        fail("role", _("Peran ini tidak diberikan di tingkat desa. Pilih peran lain."))
    full_name, username, email = full_name.strip(), username.strip(), email.strip().lower()
    if not full_name:
        fail("full_name", _("Isi nama lengkap pengguna."))
    if username and User.objects.filter(username__iexact=username).exists():
        fail("username", _("Nama pengguna \"%(username)s\" sudah dipakai. Pilih nama lain atau kosongkan agar "
                           "dibuatkan.") % {"username": username})
    if channel == InvitationChannel.EMAIL and not email:
        fail("email", _("Isi alamat surel untuk mengirim undangan, atau pilih lembar masuk tercetak."))
    if email and User.objects.filter(email__iexact=email).exists():
        fail("email", _("Surel ini sudah dipakai pengguna lain. Beri pengguna itu peran di desa ini dari halaman "
                        "penggunanya (Tambah peran)."))
    with transaction.atomic():
        user = User(username=username or suggest_username(full_name, village), full_name=full_name, email=email,
                    phone=phone.strip())
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        record(actor, Action.CREATE, user, region_code=village.code, request=request,
               changes={"username": [None, user.username], "full_name": [None, full_name]},
               note="pengguna diundang")
        membership = Membership.objects.create(user=user, role=role, region=village)
        log_create(actor, membership, request=request)
        invited = _new_invitation(actor, user, channel, request=request)
    if channel == InvitationChannel.EMAIL:
        invited.sent = _send_email(invited)
    return invited


def issue_invitation(actor, user, channel, *, request=None):
    """A new invitation for a user (the earlier one stops working): to send again, to print a sheet, or when a
    user forgot their password. Returns Invited."""
    require_perm(actor, "accounts.manage_user", user)
    if not user.is_active:
        fail("channel", _("Pengguna ini tidak aktif. Aktifkan dulu, lalu buat undangan baru."))
    if channel == InvitationChannel.EMAIL and not user.email:
        fail("channel", _("Pengguna ini belum punya alamat surel. Cetak lembar masuk."))
    with transaction.atomic():
        invited = _new_invitation(actor, user, channel, request=request)
    if channel == InvitationChannel.EMAIL:
        invited.sent = _send_email(invited)
    return invited


def issue_sheets(actor, village, *, request=None):
    """A sign-in sheet for every active user of the village who has never signed in (one page each)."""
    require_perm(actor, "accounts.grant_village_role", village)
    users = (User.objects.filter(memberships__region=village, memberships__is_active=True, is_active=True,
                                 last_login__isnull=True).distinct().order_by("full_name", "username"))
    users = [u for u in users if has_perm(actor, "accounts.manage_user", u)]
    if not users:
        fail("village", _("Semua pengguna desa ini sudah pernah masuk; tidak ada lembar masuk yang perlu dicetak."))
    with transaction.atomic():
        return [_new_invitation(actor, user, InvitationChannel.SHEET, request=request) for user in users]


def find_invitation(key):
    """The open invitation with this key, or None (unknown, used, cancelled or expired: one answer for all)."""
    key = normalise_key(key)
    if len(key) not in (SHEET_CODE_LENGTH, LINK_KEY_LENGTH):
        return None
    invitation = Invitation.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if invitation is None or not invitation.is_open(timezone.now()) or not invitation.user.is_active:
        return None
    return invitation


def find_invitation_by_id(pk):
    """The open invitation the session remembers (after its key was checked), or None."""
    if not isinstance(pk, int):
        return None
    invitation = Invitation.objects.select_related("user").filter(pk=pk).first()
    if invitation is None or not invitation.is_open(timezone.now()) or not invitation.user.is_active:
        return None
    return invitation


def activate(invitation, form, *, request=None):
    """The user chose their password (a valid SetPasswordForm for invitation.user): it is saved, the invitation
    used, and every other open invitation of the user cancelled."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        now = timezone.now()
        if not invitation.is_open(now) or not invitation.user.is_active:
            fail("new_password1", _("Undangan ini sudah tidak berlaku. Minta undangan baru kepada petugas yang "
                                    "mendaftarkan Anda."))
        user = form.save(commit=False)
        user.must_change_password = False
        user.save()
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        for other in user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True):
            other.revoked_at = now
            other.save(update_fields=["revoked_at"])
        record(user, Action.UPDATE, user, region_code=user_region(user), request=request,
               changes={"password": {"changed": True}}, note="kata sandi dibuat sendiri dengan undangan")
    return user
