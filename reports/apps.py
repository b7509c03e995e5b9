from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        # The catalogue registers every indicator once, before any request or command reads the registry.
        from . import catalogue  # noqa: F401
