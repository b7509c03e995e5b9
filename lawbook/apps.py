from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_shipped(sender, using="default", **kwargs):
    # After every migrate (and every test-database flush): the shipped rule files become the initial version;
    # a re-run adds what is new and never overwrites a rule changed here (lawbook.loader).
    from . import loader

    loader.load_shipped(using=using)


class LawbookConfig(AppConfig):
    name = "lawbook"
    verbose_name = _("Dasar hukum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import store
        from .models import LegalSource, Rule

        post_migrate.connect(_load_shipped, sender=self, dispatch_uid="lawbook.load_shipped")
        for model in (Rule, LegalSource):
            post_save.connect(store.changed, sender=model, dispatch_uid=f"lawbook.changed.{model.__name__}")
            post_delete.connect(store.changed, sender=model, dispatch_uid=f"lawbook.deleted.{model.__name__}")
