from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed

from audit.services import snapshot
from core.api import ScopedModelViewSet
from regions.models import Region

from . import services
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
    filterset_fields = ["kind", "status", "region"]
    search_fields = ["title", "summary"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        region = data.get("region")
        self.check_region(region.code if region else None)
        serializer.instance = services.create(self.request.user, Publication(**data))

    def perform_update(self, serializer):
        pub = serializer.instance
        before = snapshot(pub)
        for key, value in serializer.validated_data.items():
            setattr(pub, key, value)
        self.check_region(pub.region_id)
        services.update(self.request.user, pub, before)

    def perform_destroy(self, instance):
        raise MethodNotAllowed("DELETE")


routes = [("portal/publications", PublicationViewSet, "portal-publication")]
