from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan dan indikator")

    def ready(self):
        # The catalogue registers every indicator once, before any request or command reads the registry.
        from . import catalogue  # noqa: F401
        from .freshness import connect

        # Every write to a record an indicator counts queues a refresh of its village (issue 22).
        connect()
