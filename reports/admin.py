from django.contrib import admin

from .models import PendingRefresh, RebuildRun


@admin.register(RebuildRun)
class RebuildRunAdmin(admin.ModelAdmin):
    """When the rollups were recomputed and how long it took (read-only: runs are written by the task)."""

    list_display = ["started_at", "scope", "region_code", "rows", "seconds", "finished_at"]
    list_filter = ["scope"]
    readonly_fields = [f.name for f in RebuildRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PendingRefresh)
class PendingRefreshAdmin(admin.ModelAdmin):
    """Villages refreshed during a full rebuild, waiting for the rebuild to redo them (read-only)."""

    list_display = ["requested_at", "region_code"]
    readonly_fields = [f.name for f in PendingRefresh._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
