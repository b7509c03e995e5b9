from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Pengaduan dan kasus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import ServiceStandard
        from .services.common import forget_standards

        # The service standards are kept per process (cases.services.common.standard_for).
        post_save.connect(forget_standards, sender=ServiceStandard, dispatch_uid="cases.standards.saved")
        post_delete.connect(forget_standards, sender=ServiceStandard, dispatch_uid="cases.standards.deleted")
        # The public form's known villages too (cases.forms.PublicVillageField).
        from regions.models import Region

        from .forms import forget_villages

        post_save.connect(forget_villages, sender=Region, dispatch_uid="cases.villages.saved")
        post_delete.connect(forget_villages, sender=Region, dispatch_uid="cases.villages.deleted")
