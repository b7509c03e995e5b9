"""Placements, documents, costs and agencies under /api/v1/, scoped exactly like the screens."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ExpressionWrapper, F, TextField
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.serializer_fields import CountryField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from accounts.permissions import require_perm
from core.api import (
    BulkCursorPagination,
    FilterSetSearch,
    RulesObjectPermission,
    ScopedModelViewSet,
    ScopedViewSetMixin,
)
from core.datakeys import open_tokens
from core.uploads import UploadSerializerField
from people.models import Person

from . import risk, services
from .filters import AgencyFilter, CostFilter, DocumentFilter, PlacementFilter
from .models import Agency, CostItem, Placement, PlacementDocument, Status


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc))


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(source="rule.label")
    blocking = serializers.BooleanField()
    detail = serializers.CharField()
    basis = serializers.CharField(source="rule.basis")
    source = serializers.CharField()  # instrument and article of the rule version applied (lawbook)
    disputed = serializers.BooleanField()
    legal_status = serializers.CharField()


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A parent named by id, looked up among the records the user may see: one out of scope gets the same
    answer as one that does not exist."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class PlacementSerializer(serializers.ModelSerializer):
    person = VisiblePrimaryKeyField(queryset=Person.objects.all())
    village = serializers.CharField(source="village_id", read_only=True)
    destination_country = CountryField(required=False, allow_blank=True)
    flags = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = ["id", "person", "village", "status", "process_step", "destination_country", "sector", "position",
                  "position_detail", "employer_type", "scheme", "agency", "recruiter", "employer_name",
                  "employer_address", "contract_start", "contract_end", "departure_date", "expected_return",
                  "actual_return", "national_id_ref", "other_ref", "lost_contact", "non_procedural", "flags",
                  "verified_at", "override_reason", "status_note", "created_at", "updated_at"]
        read_only_fields = ["status", "verified_at", "override_reason", "lost_contact", "non_procedural"]

    def get_flags(self, obj) -> list[dict]:
        return FlagSerializer(risk.evaluate(obj), many=True).data

    def validate_person(self, person):
        if self.instance is not None and person.pk != self.instance.person_id:
            raise exceptions.ValidationError(_("Warga sebuah penempatan tidak dapat diganti."))
        return person


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementViewSet(ScopedModelViewSet):
    # Placement details are not read-audited (AUDIT_READS), but a page of them lists who went where: audited.
    audit_list_reads = True
    queryset = Placement.objects.select_related("person", "agency").prefetch_related("documents", "costs")
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    # ?search= is PlacementFilter's search: the worker's name, the employer, the SISKOP2MI ID and the document and
    # receipt numbers are sealed (keyed hashes).
    filter_backends = [DjangoFilterBackend, FilterSetSearch, OrderingFilter]
    search_fields = ["person__name", "employer_name", "national_id_ref", "documents__number",
                     "costs__receipt_number"]  # documents ?search=
    ordering_fields = ["created_at", "departure_date", "contract_end"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "migrants.edit_placement", "partial_update": "migrants.edit_placement",
                    "transition": "migrants.change_status"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person")
        self.require("migrants.register_placement", person)
        serializer.instance = _call(services.create_placement, self.request.user, person, request=self.request,
                                    **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("person", None)
        serializer.instance = _call(services.update_placement, self.request.user, serializer.instance,
                                    request=self.request, **data)

    @extend_schema(request=TransitionSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move along the lifecycle; an illegal move answers 400 with the reason."""
        placement = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        placement = _call(services.transition, request.user, placement, data["status"], note=data["note"],
                          on=data.get("on"), override_reason=data["override_reason"], request=request)
        return Response(PlacementSerializer(placement, context={"request": request}).data)


class DocumentSerializer(serializers.ModelSerializer):
    scan = UploadSerializerField(label_text=gettext_lazy("Pindaian"), write_only=True, required=False)
    scan_url = serializers.SerializerMethodField()

    class Meta:
        model = PlacementDocument
        fields = ["id", "placement", "kind", "status", "number", "issued_on", "expires_on", "note", "scan",
                  "scan_url", "scan_content_type", "scan_size", "verified_at"]
        read_only_fields = ["placement", "kind", "scan_content_type", "scan_size", "verified_at"]

    def get_scan_url(self, obj) -> str:
        return reverse("migrants:document_scan", args=[obj.placement_id, obj.pk]) if obj.scan else ""


class DocumentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The checklist rows exist for every placement; they are read and updated, never created by hand."""

    queryset = PlacementDocument.objects.select_related("placement")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    # Setting the status to "verified" also needs migrants.verify_document (checked by the service).
    action_perms = {"update": "migrants.edit_document", "partial_update": "migrants.edit_document"}

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _call(services.update_document, self.request.user, serializer.instance,
                                    request=self.request, **data)


class CostSerializer(serializers.ModelSerializer):
    placement = VisiblePrimaryKeyField(queryset=Placement.objects.all())

    class Meta:
        model = CostItem
        fields = ["id", "placement", "component", "amount", "collected_by", "collector_name", "paid_on",
                  "receipt_number", "note", "created_at"]


class CostViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.DestroyModelMixin, viewsets.GenericViewSet):
    queryset = CostItem.objects.select_related("placement")
    serializer_class = CostSerializer
    filterset_class = CostFilter
    action_perms = {"destroy": "migrants.delete_cost"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        self.require("migrants.add_cost", placement)
        serializer.instance = _call(services.add_cost, self.request.user, placement, request=self.request, **data)

    def perform_destroy(self, instance):
        _call(services.delete_cost, self.request.user, instance, request=self.request)


class AgencySerializer(serializers.ModelSerializer):
    licence_valid_today = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["id", "name", "licence_number", "licence_valid_from", "licence_valid_until", "licence_revoked",
                  "licence_valid_today", "address", "phone", "notes"]

    def get_licence_valid_today(self, obj) -> bool:
        from django.utils import timezone

        return obj.licence_valid_on(timezone.localdate())


class AgencyViewSet(viewsets.ModelViewSet):
    """Agencies are shared reference data: every signed-in user reads them, so repeat offenders show."""

    queryset = Agency.objects.all()
    serializer_class = AgencySerializer
    permission_classes = [RulesObjectPermission]
    action_perms = {"update": "migrants.edit_agency", "partial_update": "migrants.edit_agency"}
    filterset_class = AgencyFilter
    search_fields = ["name", "licence_number"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "migrants.edit_agency")  # refused before the body is read
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = _call(services.save_agency, self.request.user, None, request=self.request,
                                    **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = _call(services.save_agency, self.request.user, serializer.instance,
                                    request=self.request, **serializer.validated_data)


class PlacementBulkSerializer(serializers.ModelSerializer):
    """Lean rows for other systems' bulk reads: plain values, no nested documents or costs."""

    destination_country = serializers.SerializerMethodField()
    person_name = serializers.CharField(read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "person", "person_name", "village", "status", "destination_country", "sector", "position",
                  "scheme", "agency", "employer_name", "contract_start", "contract_end", "departure_date",
                  "expected_return", "actual_return", "national_id_ref", "created_at", "updated_at"]
        read_only_fields = fields

    def get_destination_country(self, obj) -> str:
        return getattr(obj.destination_country, "code", "") or ""


class PlacementBulkViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Every placement in the caller's scope, a cursor page at a time, oldest change first; pass
    `changed_since` (and the list's other filters) to pull only what changed since the last run."""

    audit_list_reads = True  # one READ entry per page, as the placement list
    # The name by annotation: loading the person would decrypt NIK and KK for every row (two Fernet opens each).
    # The name and the SISKOP2MI ID are sealed under each worker's data key: read raw and opened a page at a time
    # (core.datakeys.open_tokens: the page's data keys unwrapped with one query, not one look-up per row).
    queryset = (Placement.objects.defer("national_id_ref", "other_ref", "status_note", "override_reason")
                .annotate(person_name_raw=ExpressionWrapper(F("person__name"), output_field=TextField()),
                          national_id_ref_raw=ExpressionWrapper(F("national_id_ref"), output_field=TextField())))
    serializer_class = PlacementBulkSerializer
    filterset_class = PlacementFilter
    pagination_class = BulkCursorPagination
    filter_backends = [DjangoFilterBackend]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else opened(page)

    def get_object(self):
        return opened([super().get_object()])[0]


def opened(placements):
    """Placements of the bulk read with their worker's name and SISKOP2MI ID opened, all data keys at once."""
    placements = list(placements)
    texts = open_tokens([p.person_name_raw for p in placements] + [p.national_id_ref_raw for p in placements])
    for i, placement in enumerate(placements):
        placement.person_name, placement.national_id_ref = texts[i], texts[len(placements) + i]
    return placements


routes = [
    ("placements", PlacementViewSet, "placement"),
    ("placements-bulk", PlacementBulkViewSet, "placement-bulk"),
    ("placement-documents", DocumentViewSet, "placement-document"),
    ("placement-costs", CostViewSet, "placement-cost"),
    ("agencies", AgencyViewSet, "agency"),
]
