from django.contrib import admin

from .models import Region, RegionDataset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "postal_code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = [f.name for f in Region._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegionDataset)
class RegionDatasetAdmin(admin.ModelAdmin):
    list_display = ["decree", "package", "loaded_at", "villages", "created", "updated", "retired"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
