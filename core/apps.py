from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import checks  # registers the key checks

        post_migrate.connect(checks.record_after_migrate, sender=self,
                             dispatch_uid="core.checks.record_after_migrate")
