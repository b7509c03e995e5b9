from django.conf import settings
from django.utils.translation import get_language

from . import navcache


def payung(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_memberships": [], "DEBUG": settings.DEBUG}
    return {
        # Kept in the shared cache until the user's roles or something the menu counts change (core.navcache).
        "nav_items": navcache.nav_items(user, get_language()),
        "user_memberships": user.active_memberships(),
    }
