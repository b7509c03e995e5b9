from django.urls import reverse
from django.utils.translation import gettext as _

from community.helpers import PUBLISH_ROLES, has_any_role
from core.registry import Figure

from .models import Publication, Status


def home_figures(user):
    if not has_any_role(user, PUBLISH_ROLES):
        return []
    return [Figure(_("Draf publikasi menunggu terbit"),
                   Publication.objects.visible_to(user).filter(status=Status.DRAFT).count(),
                   reverse("portal:manage", args=["berita"]) + "?status=draft")]
