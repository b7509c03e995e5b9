from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, Claim, Referral, ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(SimpleHistoryAdmin):
    list_display = ["category", "working_days", "priority"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["id", "category", "status", "priority", "village", "due_date"]
    list_filter = ["status", "category", "priority"]
    readonly_fields = ["tracking_code"]
    exclude = ["worker_nik"]
    raw_id_fields = ["village", "handler", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["id", "case", "organisation", "status", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["case"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["id", "case", "claim_type", "status", "amount_paid"]
    list_filter = ["status", "claim_type"]
    raw_id_fields = ["case"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
