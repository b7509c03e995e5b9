from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enterprise, Program


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["title", "target_group", "village", "starts_on", "status"]
    list_filter = ["target_group", "status"]
    raw_id_fields = ["village"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["business_name", "owner_name", "sector", "village", "status"]
    list_filter = ["sector", "status", "revenue_band"]
    raw_id_fields = ["village", "owner"]
