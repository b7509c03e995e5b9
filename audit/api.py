from rest_framework import permissions, serializers

from accounts.permissions import has_perm
from core.api import ScopedReadOnlyViewSet

from .filters import AuditEntryFilter
from .models import AuditEntry
from .views import browsable_entries


class AuditEntrySerializer(serializers.ModelSerializer):
    # Opened under the person's data key while it lives; {} once the person is erased (`erased` says so).
    changes = serializers.JSONField(read_only=True)
    erased = serializers.BooleanField(read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_name", "action", "object_type", "object_id", "object_repr",
                  "region_code", "changes", "note", "erased"]


class CanBrowseAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return has_perm(request.user, "audit.browse_audit")


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """Read-only: the API offers no way to create, change or delete audit entries."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, CanBrowseAudit]
    filterset_class = AuditEntryFilter

    def get_queryset(self):
        return browsable_entries(self.request.user)


routes = [("audit", AuditEntryViewSet, "audit-entry")]
