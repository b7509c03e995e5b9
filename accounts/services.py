"""Accounts a user controls: password change, API tokens, logging out everywhere, and login-failure privacy."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import signals
from .models import ApiToken

# --- Failed logins: the typed username is kept only as a fingerprint ------------------------------------


def username_fingerprint(value):
    """A short keyed hash of what was typed into the username box.

    People type their password there by mistake; the raw text must reach no table and no log line. The same
    text always gives the same fingerprint, so repeated guessing at one name still shows and still locks out.
    """
    if value is None:
        return None
    return "h:" + salted_hmac("payung.accounts.login-username", str(value), algorithm="sha256").hexdigest()[:16]


def axes_username(request, credentials):
    """AXES_USERNAME_CALLABLE: django-axes stores, locks and logs on the fingerprint, never the raw text."""
    if credentials:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        value = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username_fingerprint(value)


# --- API tokens ------------------------------------------------------------------------------------------


def hash_token_key(key):
    # The key is 256 random bits: a plain SHA-256 is enough (no password to brute-force).
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user, name, *, request=None):
    """Create a token; returns (token, key). The key is shown once and stored only as its hash."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], key_hash=hash_token_key(key), prefix=key[:8],
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
        )
        signals.token_issued.send(ApiToken, user=user, token=token, request=request)
    return token, key


def revoke_token(user, token, *, request=None):
    with transaction.atomic():
        signals.token_revoked.send(ApiToken, user=user, token=token, request=request)
        token.delete()


def end_other_sessions(user, keep_session_key=None):
    """Delete the user's sessions except `keep_session_key`; returns how many. Each is deleted through the session
    engine, so a session also kept in the shared cache (cached_db, with Redis) ends on every node at once."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def logout_everywhere(user, *, request=None):
    """"Keluar dari semua perangkat": every API token revoked and every session ended (the caller's too)."""
    with transaction.atomic():
        tokens = user.api_tokens.count()
        user.api_tokens.all().delete()
        sessions = end_other_sessions(user)
        signals.logged_out_everywhere.send(type(user), user=user, sessions=sessions, tokens=tokens, request=request)
    return sessions, tokens


def change_own_password(user, form, *, request=None):
    """Save a valid (Set)PasswordChangeForm: tokens are revoked by User.save; the flag is cleared."""
    with transaction.atomic():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save()
        signals.password_changed.send(type(user), user=user, request=request)
    return user


def token_ttl_days():
    return settings.API_TOKEN_TTL_DAYS
