"""The signed-in user and their active memberships, kept in the shared cache between requests.

Every signed-in page needs the user (Django's session check) and their memberships (the permission rule, the
menu): two statements a page. They are kept in the shared cache (database or Redis, settings.CACHE_BACKEND), so
every web node sees the same entry, under the user's *version*: a random token that every change the entry
depends on replaces (the user saved: password, flags, last login; a membership saved or deleted; logging out
everywhere). An entry is used only while it names the current version, so a change on one node is seen by the
next request on any node.

Race-free across nodes: the version is read before the database, and a change replaces the version both when it
is made and again after its transaction commits. A reader that read the database before the commit stores what
it read under a version that is already replaced, so nobody uses it. One cache round trip a request
(`get_many` of the entry and the version). The expiry only bounds what a change nobody announced leaves behind
(a region's name shown in the user menu; a bulk update that sends no signal).
"""

import copy
import uuid

from django.core.cache import cache
from django.db import transaction

ENTRY_SECONDS = 600
VERSION_SECONDS = 30 * 24 * 3600


def _entry_key(pk):
    return f"accounts:user:{pk}"


def version_key(pk):
    return f"accounts:user:{pk}:v"


def bump(pk):
    """Make every kept copy of user `pk` (and what hangs on it: their menu) stale, now and after the commit."""
    if pk is None:
        return

    def replace():
        cache.set(version_key(pk), uuid.uuid4().hex, VERSION_SECONDS)

    replace()
    transaction.on_commit(replace, robust=True)


def current_version(pk, found=None):
    """The user's version token (made if there is none yet); `found` is a get_many answer that may hold it."""
    key = version_key(pk)
    version = (found or {}).get(key) if found is not None else cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(key)
    return version


def load_user(pk):
    """The active or inactive user `pk` with `active_memberships()` filled, or None when there is no such user."""
    from .models import User

    keys = [_entry_key(pk), version_key(pk)]
    found = cache.get_many(keys)
    entry = found.get(keys[0])
    version = found.get(keys[1])
    if entry is not None and version is not None and entry[0] == version:
        user, memberships = entry[1], entry[2]
        user._membership_cache = memberships
        return user
    version = current_version(pk, found)
    try:
        user = User._default_manager.get(pk=pk)
    except User.DoesNotExist:
        return None
    memberships = user.active_memberships()
    kept = _kept(user)
    cache.set(keys[0], (version, kept, [_pointing_to(membership, kept) for membership in memberships]), ENTRY_SECONDS)
    user._membership_cache = memberships
    return user


def _kept(user):
    """The copy of `user` the cache holds: no password hash in a shared cache (Redis or a table), only the hash
    Django's session check compares (User.get_session_auth_hash); the password stays a deferred field that a
    password check loads from the database, and a save leaves it alone. Without the per-request attributes Django
    and the rules add later (permission caches)."""
    kept = copy.copy(user)
    kept._session_hash = user.get_session_auth_hash()
    for name in ("password", "_membership_cache", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        kept.__dict__.pop(name, None)
    return kept


def _pointing_to(membership, kept):
    """A copy of `membership` whose cached user is the kept copy (the related manager left the full user there)."""
    membership = copy.copy(membership)
    if "user" in membership._state.fields_cache:
        membership._state.fields_cache["user"] = kept
    return membership


# --- What replaces the version ------------------------------------------------------------------------------

def _user_changed(sender, instance, **kwargs):
    bump(instance.pk)


def _membership_changed(sender, instance, **kwargs):
    bump(instance.user_id)


def _logged_out_everywhere(sender, user, **kwargs):
    bump(user.pk)


def connect():
    """Called once from AccountsConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from . import signals
    from .models import Membership, User

    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=User, dispatch_uid=f"accounts.usercache.user.{signal is post_save}")
        signal.connect(_membership_changed, sender=Membership,
                       dispatch_uid=f"accounts.usercache.membership.{signal is post_save}")
    signals.logged_out_everywhere.connect(_logged_out_everywhere, dispatch_uid="accounts.usercache.logout_all")
    signals.password_changed.connect(_logged_out_everywhere, dispatch_uid="accounts.usercache.password")
