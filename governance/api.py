from rest_framework import serializers

from audit.services import snapshot
from core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from regions.api import RegionCodeField

from . import services
from .filters import BudgetLineFilter, RegulationFilter
from .models import BudgetLine, Regulation, StageEvent


class StageEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageEvent
        fields = ["from_stage", "to_stage", "date", "note"]


class RegulationSerializer(serializers.ModelSerializer):
    village = RegionCodeField()
    stage_events = StageEventSerializer(many=True, read_only=True)

    class Meta:
        model = Regulation
        fields = ["id", "kind", "topic", "title", "number", "summary", "village", "stage", "stage_since",
                  "enacted_on", "promulgated_on", "stage_events", "created_at", "updated_at"]
        read_only_fields = ["stage", "enacted_on", "promulgated_on", "number"]


class RegulationViewSet(ScopedModelViewSet):
    """Village regulations; stages move only through the domain transition (screens), never by a PATCH."""

    queryset = Regulation.objects.select_related("village").prefetch_related("stage_events")
    serializer_class = RegulationSerializer
    filterset_class = RegulationFilter
    search_fields = ["title", "number"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "governance.edit_regulation", "partial_update": "governance.edit_regulation"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_region(data["village"].code)
        self.require("governance.edit_regulation", data["village"].code)
        serializer.instance = services.create_regulation(self.request.user, **data)

    def perform_update(self, serializer):
        reg = serializer.instance
        before = snapshot(reg)
        for key, value in serializer.validated_data.items():
            setattr(reg, key, value)
        self.check_region(reg.village_id)
        services.update_regulation(self.request.user, reg, before)


class BudgetLineSerializer(serializers.ModelSerializer):
    village = RegionCodeField()

    class Meta:
        model = BudgetLine
        fields = ["id", "year", "village", "title", "category", "source", "planned", "realised", "note"]


class BudgetLineViewSet(ScopedReadOnlyViewSet):
    queryset = BudgetLine.objects.select_related("village")
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilter


routes = [
    ("governance/regulations", RegulationViewSet, "governance-regulation"),
    ("governance/budget-lines", BudgetLineViewSet, "governance-budget-line"),
]
