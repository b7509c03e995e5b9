from django.db import transaction
from rest_framework import serializers

from audit.services import snapshot
from core.api import ScopedModelViewSet
from regions.api import RegionCodeField

from . import services
from .filters import ActivityFilter, GroupFilter
from .models import Activity, CommunityGroup, GroupMember


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupMember
        fields = ["id", "name", "person", "role", "joined_on", "left_on"]


class GroupSerializer(serializers.ModelSerializer):
    village = RegionCodeField()
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = CommunityGroup
        fields = ["id", "name", "kind", "village", "founded_on", "description", "contact_phone", "contact_public",
                  "is_active", "members", "created_at", "updated_at"]


class GroupViewSet(ScopedModelViewSet):
    """Community groups (KOPI, KAWAN PMI, Desbumi cadres, family groups) in the user's villages."""

    queryset = CommunityGroup.objects.select_related("village").prefetch_related("members")
    serializer_class = GroupSerializer
    filterset_class = GroupFilter
    search_fields = ["name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "community.edit_group", "partial_update": "community.edit_group"}

    def perform_create(self, serializer):
        self.check_region(serializer.validated_data["village"].code)
        self.require("community.edit_group", serializer.validated_data["village"].code)
        data = dict(serializer.validated_data)
        data["village_id"] = data.pop("village").code
        serializer.instance = services.create_group(self.request.user, **data)

    def perform_update(self, serializer):
        group = serializer.instance
        self.check_region(serializer.validated_data.get("village", group.village).code)
        before = snapshot(group)
        for key, value in serializer.validated_data.items():
            setattr(group, key, value)
        services.update_group(self.request.user, group, before)



class ActivitySerializer(serializers.ModelSerializer):
    village = RegionCodeField(required=False)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "group", "kind", "title", "date", "village", "place", "minutes", "decisions", "guest_count",
                  "participants", "created_at", "updated_at"]

    def get_participants(self, obj) -> list[dict]:
        return [{"name": p.name, "affiliation": p.affiliation, "member": p.member_id} for p in obj.participants.all()]


class ActivityViewSet(ScopedModelViewSet):
    queryset = Activity.objects.select_related("village", "group").prefetch_related("participants")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["title"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "community.edit_activity", "partial_update": "community.edit_activity"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        group = data.pop("group")
        village = data.pop("village", None) or group.village
        self.check_region(village.code)
        self.require("community.edit_activity", village.code)
        with transaction.atomic():
            serializer.instance = services.record_activity(self.request.user, group, village_id=village.code, **data)

    def perform_update(self, serializer):
        activity = serializer.instance
        before = snapshot(activity)
        for key, value in serializer.validated_data.items():
            setattr(activity, key, value)
        self.check_region(activity.village_id)
        services.update_activity(self.request.user, activity, before)


    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "group" in serializer.fields:
            serializer.fields["group"].queryset = CommunityGroup.objects.visible_to(self.request.user)
        return serializer


routes = [
    ("community/groups", GroupViewSet, "community-group"),
    ("community/activities", ActivityViewSet, "community-activity"),
]
