"""The shell's own home figure (first on the page): the villages in the user's scope.

It is here and not in regions because regions sits below core and does not use the hook registry.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scoping import user_scope_codes
from regions.models import Level, Region

from .registry import Figure


def home_figures(user):
    codes = user_scope_codes(user)
    qs = Region.objects.active().filter(level=Level.VILLAGE)
    if codes is not None:
        qs = qs.visible_to(user)
    first = codes[0] if codes else None
    return [Figure(_("Desa/kelurahan dalam wilayah Anda"), qs.count(),
                   reverse("regions:detail", args=[first]) if first else "")]
