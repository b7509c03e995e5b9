from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Guide, JobInfo, Publication


@admin.register(Publication, Guide, JobInfo)
class PublicAdmin(SimpleHistoryAdmin):
    # Publishing goes through portal.services (sanitising, audit); the admin only reads status.
    list_display = ["__str__", "region", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at"]
    raw_id_fields = ["region"]

    def save_model(self, request, obj, form, change):
        from .services import sanitise

        if hasattr(obj, "body"):
            obj.body = sanitise(obj.body)
        super().save_model(request, obj, form, change)
