from django.conf import settings

from . import registry


def payung(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_memberships": [], "DEBUG": settings.DEBUG}
    return {
        "nav_items": registry.nav_items(user),
        "user_memberships": user.active_memberships(),
    }
