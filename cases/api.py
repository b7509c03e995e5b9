"""/api/v1/ cases, timeline entries, referrals and claims: the same visible_to scoping as the screens,
and every write through cases.services (so the same rules and audit apply)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from accounts.models import Organisation
from core.api import FilterSetSearch, ScopedViewSetMixin, VisibleRelatedField
from core.formatting import mask_nik
from regions.api import RegionCodeField

from . import services
from .filters import CaseFilter, ClaimFilter, ReferralFilter, TimelineFilter
from .models import MANUAL_ENTRY_KINDS, TEXT_MAX_LENGTH, Case, Claim, ClaimStatus, Referral, Status, TimelineEntry


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None)


class CaseSerializer(serializers.ModelSerializer):
    village = RegionCodeField()
    destination_country = CountryField(required=False, allow_blank=True)
    reference = serializers.CharField(read_only=True)
    worker_nik = serializers.CharField(write_only=True, required=False, allow_blank=True)
    worker_nik_masked = serializers.SerializerMethodField()
    handler = serializers.StringRelatedField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "reference", "tracking_code", "village", "category", "status", "priority", "channel",
            "description", "since", "received_at", "due_date", "is_overdue", "handler", "complainant_role",
            "complainant_name", "complainant_relation", "complainant_organisation", "power_of_attorney",
            "complainant_phone", "complainant_email", "complainant_address", "worker_name", "worker_nik",
            "worker_nik_masked", "worker_phone", "destination_country", "agency_name", "recruiter_name",
            "employer_name", "wages_recovered", "compensation", "repatriated", "documents_returned", "claim_paid",
            "outcome_note", "resolved_at", "close_reason", "close_note", "closed_at", "ministry_ticket",
            "ministry_filed_at", "created_at", "updated_at",
        ]
        read_only_fields = [
            "tracking_code", "status", "due_date", "wages_recovered", "compensation", "repatriated",
            "documents_returned", "claim_paid", "outcome_note", "resolved_at", "close_reason", "close_note",
            "closed_at", "created_at", "updated_at",
        ]
        # The same limits as the intake and edit forms.
        extra_kwargs = {"description": {"max_length": TEXT_MAX_LENGTH}}

    def get_worker_nik_masked(self, obj) -> str:
        return mask_nik(obj.worker_nik)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    close_reason = serializers.CharField(required=False, allow_blank=True, default="")
    close_note = serializers.CharField(required=False, allow_blank=True, default="")
    wages_recovered = serializers.IntegerField(required=False, min_value=0)
    compensation = serializers.IntegerField(required=False, min_value=0)
    repatriated = serializers.BooleanField(required=False)
    documents_returned = serializers.BooleanField(required=False)
    claim_paid = serializers.BooleanField(required=False)
    outcome_note = serializers.CharField(required=False, allow_blank=True)


class CaseViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    queryset = Case.objects.select_related("village", "handler")
    filterset_class = CaseFilter
    filter_backends = [DjangoFilterBackend, FilterSetSearch, OrderingFilter]
    search_fields = ["worker_name", "complainant_name", "tracking_code", "agency_name"]  # FilterSetSearch answers
    ordering_fields = ["received_at", "due_date", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_perms = {"update": "cases.edit_case", "partial_update": "cases.edit_case",
                    "transition": "cases.transition_case"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        village = data.pop("village")
        self.check_region(village.code)
        self.require("cases.intake_case", village.code)
        serializer.instance = _call(services.intake_case, self.request.user, village=village,
                                    category=data.pop("category"), description=data.pop("description"),
                                    channel=data.pop("channel", "in_person"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "village" in data and data["village"].code != serializer.instance.village_id:
            raise exceptions.ValidationError({"village": [_("Desa kasus tidak dapat diubah lewat API.")]})
        data.pop("village", None)
        fixed = sorted(set(data) - services.CASE_EDITABLE_FIELDS)
        if fixed:
            raise exceptions.ValidationError({name: [_("Kolom ini tidak dapat diubah setelah kasus dicatat.")]
                                              for name in fixed})
        serializer.instance = _call(services.update_case, self.request.user, serializer.instance, **data)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        to = data.pop("to")
        case = _call(services.transition, request.user, case, to, **data)
        return Response(CaseSerializer(case, context={"request": request}).data)


class TimelineEntrySerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects.all())
    # As the entry form: a kind is chosen (no silent default), and only the kinds a person writes.
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in MANUAL_ENTRY_KINDS])
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = TimelineEntry
        fields = ["id", "case", "kind", "at", "text", "author", "author_name", "created_at"]
        read_only_fields = ["author_name", "created_at"]


class TimelineEntryViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TimelineEntrySerializer
    queryset = TimelineEntry.objects.select_related("author")
    filterset_class = TimelineFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.require("cases.add_entry", data["case"])
        serializer.instance = _call(services.add_entry, self.request.user, data["case"], data["kind"], data["text"],
                                    at=data.get("at"))


class ReferralSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True))
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "case", "organisation", "organisation_name", "status", "request", "sent_at",
                  "consent_override", "override_reason", "answered_at", "decline_reason", "completed_at",
                  "completion_note", "revoked_reason", "external_reference"]
        read_only_fields = ["status", "sent_at", "consent_override", "answered_at", "decline_reason",
                            "completed_at", "completion_note", "revoked_reason", "external_reference"]


class ReferralAnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline", "complete", "revoke"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    external_reference = serializers.CharField(required=False, allow_blank=True, default="")


class ReferralViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReferralSerializer
    queryset = Referral.objects.select_related("organisation", "case")
    filterset_class = ReferralFilter
    # The decision in the body picks the exact permission (answer or revoke), asked again by the service.
    action_perms = {"answer": "cases.act_on_referral"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.require("cases.refer_case", data["case"])
        serializer.instance = _call(services.refer_case, self.request.user, data["case"], data["organisation"],
                                    request=data["request"], override_reason=data.get("override_reason", ""))

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        referral = self.get_object()
        payload = ReferralAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        d = payload.validated_data
        if d["decision"] == "complete":
            _call(services.complete_referral, request.user, referral, note=d["reason"])
        elif d["decision"] == "revoke":
            _call(services.revoke_referral, request.user, referral, reason=d["reason"])
        else:
            _call(services.answer_referral, request.user, referral, accept=d["decision"] == "accept",
                  reason=d["reason"], external_reference=d["external_reference"])
        referral.refresh_from_db()
        return Response(ReferralSerializer(referral, context={"request": request}).data)


class ClaimSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects.all())
    documents = serializers.SerializerMethodField()
    program = serializers.CharField(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "case", "claim_type", "program", "membership_number", "incident_date", "heir_name",
                  "heir_rank", "heir_relation", "status", "due_date", "submitted_date", "paid_date", "amount_paid",
                  "rejection_reason", "bpjs_reference", "documents", "created_at"]
        read_only_fields = ["status", "submitted_date", "paid_date", "amount_paid", "rejection_reason",
                            "bpjs_reference", "created_at"]

    def get_documents(self, obj) -> list[dict]:
        return [{"id": d.pk, "code": d.code, "label": d.label, "article": d.article, "provided": d.provided}
                for d in obj.documents.all()]


class ClaimStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    on = serializers.DateField(required=False)
    amount_paid = serializers.IntegerField(required=False, min_value=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    bpjs_reference = serializers.CharField(required=False, allow_blank=True, default="")


class ClaimViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    audit_list_reads = True  # BPJS membership numbers and heirs
    serializer_class = ClaimSerializer
    queryset = Claim.objects.select_related("case").prefetch_related("documents")
    filterset_class = ClaimFilter
    action_perms = {"status": "cases.update_claim", "document": "cases.update_claim"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        case = data.pop("case")
        self.require("cases.open_claim", case)
        claim_type = data.pop("claim_type")
        serializer.instance = _call(services.open_claim, self.request.user, case, claim_type, **data)

    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        claim = self.get_object()
        payload = ClaimStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        d = dict(payload.validated_data)
        to = d.pop("status")
        _call(services.set_claim_status, request.user, claim, to, **d)
        claim.refresh_from_db()
        return Response(ClaimSerializer(claim, context={"request": request}).data)

    @action(detail=True, methods=["post"], url_path="documents/(?P<document_pk>[0-9]+)")
    def document(self, request, pk=None, document_pk=None):
        claim = self.get_object()
        document = get_object_or_404(claim.documents, pk=document_pk)
        _call(services.set_claim_document, request.user, document, bool(request.data.get("provided")))
        return Response({"id": document.pk, "provided": document.provided}, status=status.HTTP_200_OK)


routes = [
    ("cases", CaseViewSet, "case"),
    ("case-timeline", TimelineEntryViewSet, "case-timeline"),
    ("referrals", ReferralViewSet, "referral"),
    ("claims", ClaimViewSet, "claim"),
]

