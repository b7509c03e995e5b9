"""View helpers: every list and detail goes through `visible_to`, sensitive reads are audited."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404

from audit.services import log_read


def get_visible_or_404(model_or_qs, user, **lookup):
    """A record outside the user's scope is indistinguishable from one that does not exist."""
    qs = model_or_qs.objects.all() if isinstance(model_or_qs, type) else model_or_qs
    return get_object_or_404(qs.visible_to(user), **lookup)


class ScopedQuerysetMixin(LoginRequiredMixin):
    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class AuditedReadMixin:
    """For detail views of records whose model sets AUDIT_READS: opening one writes a read entry."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if getattr(obj, "AUDIT_READS", False):
            log_read(self.request.user, obj, request=self.request)
        return obj
