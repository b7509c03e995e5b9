from rest_framework import serializers

from audit.services import snapshot
from core.api import ScopedModelViewSet
from regions.models import Region

from . import services
from .filters import PublicationFilter
from .models import Publication


class PublicationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=False, allow_null=True, required=False,
                                          queryset=Region.objects.all())

    class Meta:
        model = Publication
        fields = ["id", "kind", "title", "region", "group", "summary", "body", "status", "published_at",
                  "author_name", "created_at", "updated_at"]
        read_only_fields = ["status", "published_at"]


class PublicationViewSet(ScopedModelViewSet):
    """News and bulletins the user may edit; bodies are sanitised, new ones start as drafts."""

    queryset = Publication.objects.select_related("region")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    search_fields = ["title", "summary"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "portal.edit_publication", "partial_update": "portal.edit_publication"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        region = data.get("region")
        self.check_region(region.code if region else None)
        self.require("portal.edit_publication", region.code if region else "")
        serializer.instance = services.create(self.request.user, Publication(**data))

    def perform_update(self, serializer):
        pub = serializer.instance
        before = snapshot(pub)
        for key, value in serializer.validated_data.items():
            setattr(pub, key, value)
        self.check_region(pub.region_id)
        services.update(self.request.user, pub, before)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "group" in serializer.fields:
            # Another village's group reads as a group that does not exist.
            from community.models import CommunityGroup

            serializer.fields["group"].queryset = CommunityGroup.objects.visible_to(self.request.user)
        return serializer


routes = [("portal/publications", PublicationViewSet, "portal-publication")]
