from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, CommunityGroup, FollowUp, GroupMember


class MemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ["person"]


@admin.register(CommunityGroup)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "village", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "village__name"]
    raw_id_fields = ["village"]
    inlines = [MemberInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "kind", "date", "village"]
    list_filter = ["kind"]
    raw_id_fields = ["village", "group"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["description", "responsible", "due_on", "status"]
    list_filter = ["status"]
