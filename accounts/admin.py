from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminSetPasswordForm
from .models import ApiToken, Invitation, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["region", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Payung"), {"fields": ("full_name", "phone", "must_change_password")}),)
    list_display = ["username", "full_name", "email", "is_active", "is_staff", "must_change_password"]
    # A password the administrator typed is known to two people: the user replaces it at the next login.
    change_password_form = AdminSetPasswordForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see and revoke tokens; keys are created only by their owner (accounts:tokens)."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are made on Payung's screens (Kelola desa); here they are only read."""

    list_display = ["user", "channel", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["user", "created_by"]
    list_filter = ["channel"]
    search_fields = ["user__username", "user__full_name"]
    readonly_fields = ["user", "channel", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
