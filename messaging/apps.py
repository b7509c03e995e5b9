from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Pesan WhatsApp dan SMS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The lower apps announce events as signals (cases.signals, village_services.signals, people.signals);
        # this app listens, so they never import it.
        from . import receivers  # noqa: F401
