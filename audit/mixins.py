"""View helpers of the audit log."""

from .services import log_read


class AuditedReadMixin:
    """For detail views of records whose model sets AUDIT_READS: opening one writes a read entry."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if getattr(obj, "AUDIT_READS", False):
            log_read(self.request.user, obj, request=self.request)
        return obj
