from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        # The catalogue registers every indicator once, before any request or command reads the registry.
        from . import catalogue  # noqa: F401
        from .freshness import connect

        # Every write to a record an indicator counts queues a refresh of its village (issue 22).
        connect()
