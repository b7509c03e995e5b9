"""Announced when the law changes (a new version, a status switched, a blocking decision): the apps whose
records rest on rules listen (migrants re-evaluates its open placements) without lawbook importing them."""

import django.dispatch

# sender=Rule; rule=the version that changed, previous=the version it ended (or None), change=kind, actor.
rule_changed = django.dispatch.Signal()
