"""Base for every app's API: the same `visible_to` scoping as the screens, Indonesian errors."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.filters import SearchFilter
from rest_framework.pagination import CursorPagination
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.permissions import require_perm
from accounts.scoping import can_access_region


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    return drf_exception_handler(exc, context)


class RulesObjectPermission(permissions.IsAuthenticated):
    """The one rule (accounts.permissions) for API objects: `view.action_perms[action]` asked with the object.

    Reads need only scope (get_queryset is visible_to); an action without a declared permission on a
    writable viewset is refused, so a new write action cannot slip through undeclared."""

    def has_object_permission(self, request, view, obj):
        perm = view.action_perms.get(view.action)
        if perm is None:
            return request.method in permissions.SAFE_METHODS
        return request.user.has_perm(perm, obj)


class ScopedViewSetMixin:
    """get_queryset() is the model's visible_to(user); writes must stay inside the user's regions.

    `action_perms` maps each write action to its rules permission ("update": "cases.edit_case"); object
    actions are checked by RulesObjectPermission, creates call `self.require(perm, region_or_parent)`."""

    audit_reads = None
    audit_list_reads = None
    action_perms: dict = {}
    permission_classes = [RulesObjectPermission]

    def require(self, perm, obj):
        require_perm(self.request.user, perm, obj)

    def get_queryset(self):
        qs = self.queryset if self.queryset is not None else self.serializer_class.Meta.model.objects
        return qs.all().visible_to(self.request.user) if hasattr(qs, "visible_to") else qs.none()

    def check_region(self, code):
        if code and not can_access_region(self.request.user, code):
            raise exceptions.ValidationError({"village": [_("Wilayah ini di luar wilayah kerja Anda.")]})

    def audits_list_reads(self):
        """Lists of sensitive records write one READ entry per page (count and filter): the viewset says so with
        `audit_list_reads = True`; left None it follows the model's AUDIT_READS."""
        if self.audit_list_reads is not None:
            return self.audit_list_reads
        return bool(getattr(self._listed_model(), "AUDIT_READS", False))

    def _listed_model(self):
        return (self.queryset if self.queryset is not None else self.get_queryset()).model

    def paginate_queryset(self, queryset):
        page = self._sealed_page(queryset)
        self._listed = (page, getattr(getattr(self.paginator, "page", None), "paginator", None))
        return page

    def _sealed_page(self, queryset):
        """The page, its sealed values opened with the data keys of the whole page unwrapped in one query per kind
        (core.datakeys.with_keys), not one key query per row: the page is picked without its sealed columns, then
        its rows are read whole."""
        from .crypto import encrypted_fields
        from .datakeys import subject_columns, with_keys

        sealed = [field.attname for field in encrypted_fields(queryset.model)]
        if not (sealed and subject_columns(queryset.model)):
            return super().paginate_queryset(queryset)
        picked = super().paginate_queryset(queryset.defer(*sealed))
        if picked is None:
            return None
        ids = [row.pk for row in picked]
        rows = {row.pk: row for row in with_keys(queryset.filter(pk__in=ids).order_by())}
        return [rows[pk] for pk in ids if pk in rows]

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200 and self.audits_list_reads():
            from audit.services import log_list_read

            page, paginator = getattr(self, "_listed", (None, None))
            if page is None:  # pagination switched off: the whole (filtered) list was sent
                page = list(self.filter_queryset(self.get_queryset()))
            log_list_read(request.user, self._listed_model(), page,
                          total=paginator.count if paginator is not None else len(page),
                          query=request.GET.urlencode(), request=request)
        return response

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


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A parent record named by id in a write (the case of a timeline entry, the letter type of a letter), looked
    up through `visible_to(user)`: another region's record and a missing one get the same answer, word for word.

    Pass `queryset=Model.objects.all()` (the schema reads the model from it); the lookup narrows it per request."""

    default_error_messages = {
        "does_not_exist": gettext_lazy('Data dengan nomor "{pk_value}" tidak ditemukan di wilayah kerja Anda.'),
    }

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().visible_to(getattr(request, "user", None))


# --- OpenAPI: every operation documents its error answers ------------------------------------------------

_DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# Field name -> messages (DRF validation), or {"detail": ...} (bad JSON, NUL byte): the field is named.
_VALIDATION_SCHEMA = {
    "type": "object",
    "additionalProperties": {},
    "description": "Nama kolom -> daftar pesan, atau {\"detail\": pesan}.",
}


class FilterSetSearch(SearchFilter):
    """`?search=` answered by the list's FilterSet `search(qs, name, value)` method (the page's `q`), for lists
    whose searched values are sealed (core.crypto) and found by keyed hashes, not by LIKE: the page, its export
    and the API search alike. The method must not use the FilterSet instance."""

    def filter_queryset(self, request, queryset, view):
        text = " ".join(self.get_search_terms(request))
        return view.filterset_class.search(None, queryset, "search", text) if text else queryset


class PayungAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the 400/403/404 every Payung operation can answer (bad input, a role
    without the permission, out of scope or missing), so clients and schemathesis know their shape."""

    ERROR_RESPONSES = {
        "400": OpenApiResponse(_VALIDATION_SCHEMA, description="Isian tidak valid; pesan menyebut kolomnya."),
        "403": OpenApiResponse(_DETAIL_SCHEMA, description="Belum masuk, atau peran Anda tidak berwenang."),
        "404": OpenApiResponse(_DETAIL_SCHEMA, description="Tidak ada, atau di luar wilayah kerja Anda."),
    }

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Read-only fields lose allow_blank/allow_null in DRF (ModelSerializer drops them), so the document
        would promise a string or one of the choices where the model may hold "" or null: put them back."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        model_field = self._model_field_of(field) if field.read_only else None
        if model_field is None:
            return schema
        if model_field.null and "$ref" not in schema:
            schema["nullable"] = True
        if getattr(model_field, "choices", None) and "enum" in schema:
            if model_field.blank and "" not in schema["enum"]:
                schema["enum"].append("")
            if model_field.null and None not in schema["enum"]:
                schema["enum"].append(None)
        return schema

    @staticmethod
    def _model_field_of(field):
        model = getattr(getattr(field.parent, "Meta", None), "model", None)
        if model is None or not field.source or "." in field.source or field.source == "*":
            return None
        try:
            return model._meta.get_field(field.source)
        except FieldDoesNotExist:  # a property or method, not a model field
            return None

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self.ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


class BulkCursorPagination(CursorPagination):
    """Bulk reading by other systems: a cursor over (updated_at, id), so a page stays correct while records
    change and never costs an OFFSET; `?page_size=` up to 5,000. Pair with a `changed_since` filter."""

    ordering = ("updated_at", "id")
    page_size = 1000
    page_size_query_param = "page_size"
    max_page_size = 5000
