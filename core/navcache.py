"""The main menu of a signed-in user, kept in the shared cache until something it shows changes.

The menu asks every app's `nav.py` (core.registry.nav_items): a dozen permission questions and, for some users,
counts (untaken complaints, unread notifications) — on every page. It is kept per user and language under a
stamp of two versions (tokens in the shared cache, so every web node sees a change at once):
- the user's own version (accounts.usercache): their memberships, roles, flags, password, logging out everywhere;
- the menu counts' version: replaced whenever a record a menu counts is saved or deleted. An app whose menu
  counts records names their models in its nav.py: `NAV_COUNTS = ("cases.Case", ...)`.
A kept menu is used only while both versions are those it was made under, so a count is never older than the
last write to what it counts. The counts' token is replaced once a change commits (once per transaction, however
many counted rows it writes): a reader before that reads committed counts under the old token, which is replaced
anyway. Inside the writing transaction itself (the same connection, which alone sees the uncommitted rows) no kept
menu is used until it commits. Nothing is written to the shared cache inside the transaction: on the database cache
that was four statements and a lock on the token's row held by every complaint's transaction until it committed
(issue 17.8). The expiry bounds what a change without a signal leaves.
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
    return f"core:menu:{user.pk}:{language}"


class Menu:
    """The menu's items and its HTML, made once: the items (`<li>`s, the current page's link marked active per
    request) and the user's roles for the user menu."""

    def __init__(self, items, memberships):
        from django.utils.html import format_html
        from django.utils.translation import gettext as _

        self.items = items
        link = '<li class="nav-item"><a class="nav-link{}" href="{}">{}</a></li>'
        self.links = [(item.url, format_html(link, "", item.url, item.label),
                       format_html(link, " active", item.url, item.label)) for item in items]
        self.roles = "\n".join(format_html('<li><span class="dropdown-item-text small">{} — {}</span></li>',
                                            m.get_role_display(), m.region if m.region else _("Seluruh Indonesia"))
                                for m in memberships)

    def links_html(self, path):
        from django.utils.safestring import mark_safe

        return mark_safe("\n".join(active if url == path else plain for url, plain, active in self.links))

    def roles_html(self):
        from django.utils.safestring import mark_safe

        return mark_safe(self.roles)


def menu(user, language):
    """The user's menu (core.registry.nav_items) as a Menu, from the shared cache while nothing it shows has
    changed."""
    from accounts.usercache import current_version, version_key

    seconds = menu_seconds()
    if not seconds:
        return Menu(registry.nav_items(user), user.active_memberships())
    if counts_pending():  # this transaction changed what menus count: its own menu is made afresh, and not kept
        return Menu(registry.nav_items(user), user.active_memberships())
    key, user_key = _key(user, language), version_key(user.pk)
    found = cache.get_many([key, user_key, COUNTS_VERSION_KEY])
    stamp = (current_version(user.pk, found), _counts_version(found))
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    items = [registry.NavItem(str(item.label), item.url, item.icon, item.order) for item in registry.nav_items(user)]
    made = Menu(items, user.active_memberships())
    cache.set(key, (stamp, made), seconds)
    return made


def nav_items(user, language):
    return menu(user, language).items


def _counts_version(found):
    version = found.get(COUNTS_VERSION_KEY)
    if version is None:
        cache.add(COUNTS_VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(COUNTS_VERSION_KEY)
    return version


def _replace_counts_version():
    cache.set(COUNTS_VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)


def counts_pending(using=None):
    """Whether the current transaction has changed what menus count and not committed yet (its replacement of the
    counts' token is waiting for the commit; a rolled-back savepoint or transaction takes it away)."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and any(
        hook is _replace_counts_version for _sids, hook, _robust in connection.run_on_commit)


def counts_changed():
    """Every kept menu's counts are stale once the current transaction commits (at once outside a transaction)."""
    if not counts_pending():
        transaction.on_commit(_replace_counts_version, robust=True)


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
