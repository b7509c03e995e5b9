from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Log audit")

    def ready(self):
        from . import signals  # noqa: F401
