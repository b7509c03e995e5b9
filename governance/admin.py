from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetLine, Regulation


@admin.register(Regulation)
class RegulationAdmin(SimpleHistoryAdmin):
    # Stages move only through governance.services.move_stage (dated, audited), never here.
    list_display = ["title", "kind", "village", "stage", "stage_since"]
    list_filter = ["kind", "stage", "topic"]
    readonly_fields = ["stage", "stage_since", "enacted_on", "promulgated_on"]
    raw_id_fields = ["village"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "village", "year", "planned", "realised"]
    list_filter = ["year", "category"]
    raw_id_fields = ["village"]
