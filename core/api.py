"""Base for every app's API: the same `visible_to` scoping as the screens, Indonesian errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.scoping import can_access_region


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    return drf_exception_handler(exc, context)


class ScopedViewSetMixin:
    """get_queryset() is the model's visible_to(user); writes must stay inside the user's regions."""

    audit_reads = None

    def get_queryset(self):
        qs = self.queryset if self.queryset is not None else self.serializer_class.Meta.model.objects
        return qs.all().visible_to(self.request.user) if hasattr(qs, "visible_to") else qs.none()

    def check_region(self, code):
        if code and not can_access_region(self.request.user, code):
            raise exceptions.ValidationError({"village": [_("Wilayah ini di luar wilayah kerja Anda.")]})

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        obj = getattr(self, "_retrieved", None)
        if obj is not None and getattr(obj, "AUDIT_READS", False):
            from audit.services import log_read

            log_read(request.user, obj, request=request)
        return response

    def get_object(self):
        obj = super().get_object()
        self._retrieved = obj
        return obj


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class RegionCodeField(serializers.SlugRelatedField):
    """A region written and read as its official code."""

    def __init__(self, **kwargs):
        from regions.models import Region

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

