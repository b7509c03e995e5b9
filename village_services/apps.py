from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "village_services"
    verbose_name = _("Layanan desa")
    # The label stays "services" so migrations, permissions ("services.*"), URLs and templates keep their names.
    label = "services"
