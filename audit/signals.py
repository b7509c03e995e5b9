from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import signals as accounts_signals

from .models import Action
from .services import record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(user, Action.LOGIN, user, request=request, region_code="")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, Action.LOGOUT, user, request=request, region_code="")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # People type their password into the username box: only a keyed fingerprint of the typed username is
    # kept (the same one django-axes stores), so repeated guessing at one name still shows.
    from accounts.services import username_fingerprint

    record(None, Action.LOGIN_FAILED, object_type="accounts.user", object_id="",
           object_repr=username_fingerprint(credentials.get("username", "")), region_code="", request=request)


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    # `username` is already the fingerprint (AXES_USERNAME_CALLABLE).
    record(None, Action.LOGIN_FAILED, object_type="accounts.user", object_repr=str(username)[:150],
           region_code="", request=request, note="locked out")


# --- What users do to their own account (accounts.signals) ------------------------------------------------

@receiver(accounts_signals.token_issued)
def on_token_issued(sender, user, token, request=None, **kwargs):
    record(user, Action.CREATE, token, region_code="", object_repr=str(token), request=request)


@receiver(accounts_signals.token_revoked)
def on_token_revoked(sender, user, token, request=None, **kwargs):
    record(user, Action.DELETE, token, region_code="", object_repr=str(token), note="token dicabut", request=request)


@receiver(accounts_signals.logged_out_everywhere)
def on_logged_out_everywhere(sender, user, sessions, tokens, request=None, **kwargs):
    record(user, Action.LOGOUT, user, region_code="", request=request,
           note=f"keluar dari semua perangkat: {sessions} sesi, {tokens} token")


@receiver(accounts_signals.password_changed)
def on_password_changed(sender, user, request=None, **kwargs):
    record(user, Action.UPDATE, user, region_code="", request=request, note="kata sandi diganti sendiri")
