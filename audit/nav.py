from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import NavItem

from .views import can_browse_audit


def nav_items(user):
    return [NavItem(_("Log audit"), reverse("audit:list"), order=90)] if can_browse_audit(user) else []
