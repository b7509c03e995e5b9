from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrantsConfig(AppConfig):
    name = "migrants"
    verbose_name = _("Pekerja migran")

    def ready(self):
        from lawbook.signals import rule_changed

        from .reevaluation import on_rule_changed

        # A change of law re-evaluates the open placements (issue 16).
        rule_changed.connect(on_rule_changed, dispatch_uid="migrants.reevaluate_on_rule_changed")
