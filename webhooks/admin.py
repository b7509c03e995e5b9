"""Administrators register receiving systems and read the delivery log (per endpoint and per record) here;
failed deliveries are replayed with the list action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "region_prefix", "entitled_to_nik", "active"]
    list_filter = ["active", "entitled_to_nik"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in services.ENDPOINT_FIELDS if k in form.cleaned_data}
        existing = Endpoint.objects.get(pk=obj.pk) if change else None
        saved = services.save_endpoint(request.user, existing, request=request, **fields)
        obj.pk = saved.pk


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "endpoint", "object_type", "object_id", "status", "attempts",
                    "last_status_code", "last_error"]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["object_id"]
    actions = ["replay_failed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Kirim ulang pengiriman yang gagal"))
    def replay_failed(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                services.replay(request.user, delivery, request=request)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{delivery.pk}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
        if done:
            messages.success(request, _("%(n)s pengiriman dijadwalkan ulang.") % {"n": done})
