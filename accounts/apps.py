from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Pengguna")

    def ready(self):
        # The signed-in user and their memberships are kept in the shared cache until one of them changes.
        from .usercache import connect

        connect()
