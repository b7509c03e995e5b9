from django.contrib import admin

from .models import RebuildRun


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
