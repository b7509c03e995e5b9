from django.conf import settings
from django.utils.translation import get_language

from . import navcache


def payung(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_memberships": [], "DEBUG": settings.DEBUG}
    # Kept in the shared cache until the user's roles or something the menu counts change (core.navcache), with
    # its HTML made once: the page marks the current link only.
    menu = navcache.menu(user, get_language())
    return {
        "nav_items": menu.items,
        "nav_html": menu.links_html(request.path),
        "user_memberships": user.active_memberships(),
        "roles_html": menu.roles_html(),
    }
