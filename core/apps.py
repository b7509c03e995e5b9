from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Sistem")

    def ready(self):
        from . import checks, navcache  # registers the key checks

        navcache.connect()  # a kept menu goes stale when what it counts is written

        post_migrate.connect(checks.record_after_migrate, sender=self,
                             dispatch_uid="core.checks.record_after_migrate")
