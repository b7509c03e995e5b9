"""The rules in memory: read by every evaluation (a bulk import evaluates 100,000 placements), so the whole
table (a few hundred rows) is loaded once and kept until a rule or source changes in this process
(post_save/post_delete) or LAWBOOK_CACHE_SECONDS pass (another process changed it)."""

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_state = {"rules": None, "loaded": 0.0}


def changed(*args, **kwargs):
    clear()


def clear():
    with _lock:
        _state["rules"] = None


def _load():
    from .models import Rule

    by_key = {}
    for rule in Rule.objects.select_related("source").prefetch_related("contra_sources").order_by("valid_from", "id"):
        by_key.setdefault((rule.topic, rule.key), []).append(rule)
    return by_key


def _rules():
    now = time.monotonic()
    with _lock:
        rules = _state["rules"]
        if rules is None or now - _state["loaded"] > getattr(settings, "LAWBOOK_CACHE_SECONDS", 30):
            rules = _state["rules"] = _load()
            _state["loaded"] = now
        return rules


def rule(topic, key, on):
    """The version of (topic, key) in force on `on` (not revoked; the latest start wins), or None."""
    found = None
    for version in _rules().get((topic, key), ()):
        if version.in_force_on(on):
            found = version
    return found


def rules(topic, on):
    """{key: version in force on `on`} for a topic."""
    keys = {k for (t, k) in _rules() if t == topic}
    return {k: r for k in sorted(keys) if (r := rule(topic, k, on)) is not None}


def versions(topic, key):
    return list(_rules().get((topic, key), ()))
