"""The Django admin audits its deletes: every ModelAdmin registered anywhere (Payung's and third-party ones)
gets AuditedDeleteMixin, so a single delete and the bulk "delete selected" action each write one DELETE
entry per record, in the same transaction as the delete.

Global rather than a base class each admin.py must remember: `AuditedAdminConfig` replaces
"django.contrib.admin" in INSTALLED_APPS and its site adds the mixin when a ModelAdmin is registered.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _


class AuditedDeleteMixin:
    def delete_model(self, request, obj):
        from .services import log_delete

        with transaction.atomic(using=router.db_for_write(obj.__class__)):
            log_delete(request.user, obj, request=request, note="Django admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        from .services import log_delete

        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                log_delete(request.user, obj, request=request, note="Django admin: hapus terpilih")
            super().delete_queryset(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    """The Django admin is the system administrators' tool (issue 22): officers add villages and users on Payung's
    own screens (the onboarding app). Its sections and models speak Indonesian: each Payung app has a
    `verbose_name` and each model an Indonesian one (tests/onboarding/test_admin.py)."""

    site_header = _("Administrasi sistem Payung")
    site_title = _("Administrasi Payung")
    index_title = _("Data sistem")

    def has_permission(self, request):
        """A staff account that is a superuser or holds the system administrator role nationwide; a staff flag
        alone (an officer's account flagged by mistake) does not open it."""
        from accounts.models import Role
        from accounts.permissions import holds_role

        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or holds_role(user, frozenset({Role.SYSTEM_ADMIN}), "")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedDeleteMixin):
            admin_class = type(admin_class.__name__, (AuditedDeleteMixin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        return super().register(model_or_iterable, admin_class, **options)


class AuditedAdminConfig(AdminConfig):
    default_site = "audit.admin_site.AuditedAdminSite"
