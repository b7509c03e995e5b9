from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Sistem")

    def ready(self):
        from . import checks, navcache  # registers the key checks

        navcache.connect()  # a kept menu goes stale when what it counts is written
        _history_manager_class_made_once()

        post_migrate.connect(checks.record_after_migrate, sender=self,
                             dispatch_uid="core.checks.record_after_migrate")


def _history_manager_class_made_once():
    """django-simple-history makes a new manager class (Manager.from_queryset, which walks the queryset class with
    inspect.getmembers) on every read of `instance.history`, and it reads it for every historical row it writes:
    about 0.4 ms of CPU per saved record (twice on each public complaint submit, issue 17.8/21.6). The class
    depends only on the descriptor's manager and queryset classes, so it is made once per pair; each access
    still gets its own manager for its model and instance."""
    from simple_history.manager import HistoryDescriptor

    made = {}

    def __get__(self, instance, owner):
        key = (self.manager_class, self.queryset_class)
        manager_class = made.get(key)
        if manager_class is None:
            manager_class = made[key] = self.manager_class.from_queryset(self.queryset_class)
        return manager_class(self.model, instance)

    HistoryDescriptor.__get__ = __get__
