"""The rules in memory: read by every evaluation (a bulk import evaluates 100,000 placements), so the whole
table (a few hundred rows) is loaded once and kept until a rule or source changes in this process
(post_save/post_delete) or LAWBOOK_CACHE_SECONDS pass (another process changed it). The answer of `rule` for
each (topic, key, day) is kept with them: a national re-evaluation asks the same few thousand days 6 million
times."""

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_state = {"rules": None, "memo": None, "until": 0.0}
_UNKNOWN = object()


def changed(*args, **kwargs):
    clear()


def clear():
    with _lock:
        _state["rules"] = _state["memo"] = None


def _load():
    from .models import Rule

    by_key = {}
    for rule in Rule.objects.select_related("source").prefetch_related("contra_sources").order_by("valid_from", "id"):
        by_key.setdefault((rule.topic, rule.key), []).append(rule)
    return by_key


def _current():
    """(rules by (topic, key), the answers of `rule` given from them): the pair is replaced together."""
    now = time.monotonic()
    with _lock:
        if _state["rules"] is None or now > _state["until"]:
            _state["rules"], _state["memo"] = _load(), {}
            _state["until"] = now + getattr(settings, "LAWBOOK_CACHE_SECONDS", 30)
        return _state["rules"], _state["memo"]


def _rules():
    return _current()[0]


def rule(topic, key, on):
    """The version of (topic, key) in force on `on` (not revoked; the latest start wins), or None."""
    memo = _state["memo"]  # a known answer needs no lock (one dict read; a reload replaces the dict)
    if memo is not None and time.monotonic() <= _state["until"]:
        found = memo.get((topic, key, on), _UNKNOWN)
        if found is not _UNKNOWN:
            return found
    rules, memo = _current()
    found = None
    for version in rules.get((topic, key), ()):
        if version.in_force_on(on):
            found = version
    memo[topic, key, on] = found
    return found


def rules(topic, on):
    """{key: version in force on `on`} for a topic."""
    keys = {k for (t, k) in _rules() if t == topic}
    return {k: r for k in sorted(keys) if (r := rule(topic, k, on)) is not None}


def versions(topic, key):
    return list(_rules().get((topic, key), ()))
