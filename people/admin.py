from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FamilyContact, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    # NIK/KK are never listed or searched in the admin: they are revealed only through the audited view.
    list_display = ("name", "masked_nik", "sex", "birth_date", "village")
    search_fields = ("name",)
    list_filter = ("sex",)
    exclude = ("nik", "kk")
    readonly_fields = ("village",)

    def has_add_permission(self, request):
        return False


@admin.register(FamilyContact)
class FamilyContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "relationship", "phone", "person")
    raw_id_fields = ("person",)
