"""The main menu of a signed-in user, kept in the shared cache until something it shows changes.

The menu asks every app's `nav.py` (core.registry.nav_items): a dozen permission questions and, for some users,
counts (untaken complaints, unread notifications) — on every page. It is kept per user and language under a
stamp of two versions (tokens in the shared cache, so every web node sees a change at once):
- the user's own version (accounts.usercache): their memberships, roles, flags, password, logging out everywhere;
- the menu counts' version: replaced whenever a record a menu counts is saved or deleted. An app whose menu
  counts records names their models in its nav.py: `NAV_COUNTS = ("cases.Case", ...)`.
A kept menu is used only while both versions are those it was made under, so a count is never older than the
last write to what it counts. Tokens are replaced when a change is made and again after it commits (a reader
between the two stores under a token already replaced). The expiry bounds what a change without a signal leaves.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import registry

COUNTS_VERSION_KEY = "core:nav:counts:v"
VERSION_SECONDS = 30 * 24 * 3600


def menu_seconds():
    """How long a kept menu lives at most (settings.NAV_CACHE_SECONDS; 0 turns the cache off)."""
    return getattr(settings, "NAV_CACHE_SECONDS", 300)


def _key(user, language):
    return f"core:nav:{user.pk}:{language}"


def nav_items(user, language):
    """The user's menu (core.registry.nav_items), from the shared cache while nothing it shows has changed."""
    from accounts.usercache import current_version, version_key

    seconds = menu_seconds()
    if not seconds:
        return registry.nav_items(user)
    key, user_key = _key(user, language), version_key(user.pk)
    found = cache.get_many([key, user_key, COUNTS_VERSION_KEY])
    stamp = (current_version(user.pk, found), _counts_version(found))
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    items = [registry.NavItem(str(item.label), item.url, item.icon, item.order) for item in registry.nav_items(user)]
    cache.set(key, (stamp, items), seconds)
    return items


def _counts_version(found):
    version = found.get(COUNTS_VERSION_KEY)
    if version is None:
        cache.add(COUNTS_VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(COUNTS_VERSION_KEY)
    return version


def counts_changed():
    """Every kept menu's counts are stale: now, and again once the current transaction commits."""

    def replace():
        cache.set(COUNTS_VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)

    replace()
    transaction.on_commit(replace, robust=True)


# --- Writes to what a menu counts --------------------------------------------------------------------------

_counted = None


def counted_models():
    """Labels of the models some app's menu counts (the NAV_COUNTS of every nav.py)."""
    global _counted
    if _counted is None:
        _counted = frozenset(label for _app, module in registry.app_modules("nav")
                             for label in getattr(module, "NAV_COUNTS", ()))
    return _counted


def _on_write(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if getattr(sender, "_meta", None) is not None and sender._meta.label in counted_models():
        counts_changed()


def connect():
    """Called once from CoreConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from .bulk import rows_written

    post_save.connect(_on_write, dispatch_uid="core.navcache.save")
    post_delete.connect(_on_write, dispatch_uid="core.navcache.delete")
    rows_written.connect(_on_write, dispatch_uid="core.navcache.bulk")
