from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Figure

from .models import Publication, Status


def home_figures(user):
    if not has_perm(user, "portal.edit_publication"):
        return []
    return [Figure(_("Draf publikasi menunggu terbit"),
                   Publication.objects.visible_to(user).filter(status=Status.DRAFT).count(),
                   reverse("portal:manage", args=["berita"]) + "?status=draft")]
