"""View helpers: every list and detail goes through `visible_to`."""

from django.shortcuts import get_object_or_404


def get_visible_or_404(model_or_qs, user, **lookup):
    """A record outside the user's scope is indistinguishable from one that does not exist."""
    qs = model_or_qs.objects.all() if isinstance(model_or_qs, type) else model_or_qs
    return get_object_or_404(qs.visible_to(user), **lookup)

