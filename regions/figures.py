from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scoping import user_scope_codes
from core.registry import Figure

from .models import Level, Region


def home_figures(user):
    codes = user_scope_codes(user)
    qs = Region.objects.active().filter(level=Level.VILLAGE)
    if codes is not None:
        qs = qs.visible_to(user)
    first = codes[0] if codes else None
    return [Figure(_("Desa/kelurahan dalam wilayah Anda"), qs.count(),
                   reverse("regions:detail", args=[first]) if first else "")]
