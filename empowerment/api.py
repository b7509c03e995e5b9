from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from audit.services import snapshot
from core.api import FilterSetSearch, ScopedModelViewSet
from people.models import Person
from regions.api import RegionCodeField

from . import services
from .filters import EnterpriseFilter, ProgramFilter
from .models import Enterprise, Program


class ProgramSerializer(serializers.ModelSerializer):
    village = RegionCodeField()
    participants = serializers.IntegerField(source="enrolments.count", read_only=True)
    sessions = serializers.IntegerField(source="sessions.count", read_only=True)

    class Meta:
        model = Program
        fields = ["id", "title", "target_group", "village", "organiser", "description", "starts_on", "ends_on",
                  "capacity", "status", "outcome_summary", "participants", "sessions", "created_at", "updated_at"]
        read_only_fields = ["status"]


class ProgramViewSet(ScopedModelViewSet):
    """Empowerment programs (UU 18/2017 art. 42 e); status changes go through the screens' transitions."""

    queryset = Program.objects.select_related("village")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    search_fields = ["title", "organiser"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "empowerment.edit_program", "partial_update": "empowerment.edit_program"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_region(data["village"].code)
        self.require("empowerment.edit_program", data["village"].code)
        serializer.instance = services.create_program(self.request.user, **data)

    def perform_update(self, serializer):
        program = serializer.instance
        before = snapshot(program)
        for key, value in serializer.validated_data.items():
            setattr(program, key, value)
        self.check_region(program.village_id)
        services.update_program(self.request.user, program, before)


class EnterpriseSerializer(serializers.ModelSerializer):
    village = RegionCodeField()

    class Meta:
        model = Enterprise
        fields = ["id", "owner", "owner_name", "business_name", "village", "sector", "description", "started_on",
                  "workers", "revenue_band", "support_received", "programs", "status", "created_at", "updated_at"]


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("village").prefetch_related("programs")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    filter_backends = [DjangoFilterBackend, FilterSetSearch, OrderingFilter]
    search_fields = ["business_name", "owner_name"]  # documents ?search=; FilterSetSearch answers it
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "empowerment.edit_enterprise", "partial_update": "empowerment.edit_enterprise"}

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        fields = getattr(serializer, "fields", {})
        if "programs" in fields:
            fields["programs"].child_relation.queryset = Program.objects.visible_to(self.request.user)
        if "owner" in fields:
            fields["owner"].queryset = Person.objects.visible_to(self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_region(data["village"].code)
        self.require("empowerment.edit_enterprise", data["village"].code)
        programs = data.pop("programs", [])
        serializer.instance = services.create_enterprise(self.request.user, programs=programs, **data)

    def perform_update(self, serializer):
        enterprise = serializer.instance
        before = snapshot(enterprise)
        data = dict(serializer.validated_data)
        programs = data.pop("programs", None)
        for key, value in data.items():
            setattr(enterprise, key, value)
        self.check_region(enterprise.village_id)
        services.update_enterprise(self.request.user, enterprise, before, programs)


routes = [
    ("empowerment/programs", ProgramViewSet, "empowerment-program"),
    ("empowerment/enterprises", EnterpriseViewSet, "empowerment-enterprise"),
]
