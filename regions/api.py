from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny

from .filters import RegionFilter
from .models import Region


class RegionCodeField(serializers.SlugRelatedField):
    """A region written and read as its official code."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Region.objects.filter(level=4, is_active=True))
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except exceptions.ValidationError:
            raise exceptions.ValidationError(
                _("Kode desa '%(code)s' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002.")
                % {"code": data}
            )


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
    filterset_class = RegionFilter
    search_fields = ["name", "=code"]
    ordering = ["code"]


routes = [("regions", RegionViewSet, "region")]
