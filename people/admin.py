from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FamilyContact, Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    # NIK/KK are never listed or searched in the admin: they are revealed only through the audited view.
    list_display = ("name", "masked_nik", "sex", "birth_date", "village")
    # The name is sealed: searched by its keyed word-prefix hashes (Person.objects.named), never by LIKE.
    search_fields = ("name_index",)
    list_filter = ("sex",)
    exclude = ("nik", "kk")
    readonly_fields = ("village",)

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset & Person.objects.named(search_term), False


@admin.register(FamilyContact)
class FamilyContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "relationship", "phone", "person")
    raw_id_fields = ("person",)
