from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from .models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "postal_code", "is_active", "successor"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Official Kemendagri regions (public reference data). Search by name with ?search=."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    # Kemendagri codes are dotted (35.05, 35.05.10.2002); the router's default lookup stops at a dot.
    lookup_value_regex = r"[0-9.]+"
    permission_classes = [AllowAny]
    filterset_fields = ["level", "parent", "is_active"]
    search_fields = ["name", "=code"]
    ordering = ["code"]


routes = [("regions", RegionViewSet, "region")]
