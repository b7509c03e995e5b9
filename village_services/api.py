"""API for the service catalogue, requests and letters: read within scope; village operators take
requests and issue/revoke letters through the same domain functions as the screens."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedReadOnlyViewSet, VisibleRelatedField

from . import services
from .filters import LetterFilter, LetterTypeFilter, ServiceFilter, ServiceRequestFilter
from .models import Channel, Letter, LetterType, Service, ServiceRequest
from .pdf import verification_url


def _domain(call, *args, **kwargs):
    """Run a domain function, turning its refusals into API errors."""
    try:
        return call(*args, **kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class ServiceSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id", read_only=True)
    requirements = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = ["id", "village", "code", "name", "description", "eligibility", "requirements", "steps",
                  "responsible_officer", "time_standard_days", "fee", "legal_basis", "letter_type",
                  "is_published", "accepts_online", "is_active"]

    def get_requirements(self, obj) -> list[str]:
        return obj.requirement_list()

    def get_steps(self, obj) -> list[str]:
        return obj.step_list()


class LetterTypeSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id", read_only=True)

    class Meta:
        model = LetterType
        fields = ["id", "village", "code", "name", "title", "number_pattern", "body", "states_placement",
                  "page_size", "is_active"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id", read_only=True)
    nik = serializers.CharField(write_only=True, required=False, allow_blank=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True)
    service = VisibleRelatedField(queryset=Service.objects.all())
    overdue = serializers.SerializerMethodField()
    elapsed_working_days = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = ["id", "village", "service", "tracking_code", "channel", "status", "applicant_name", "nik", "phone",
                  "person", "purpose", "requirements_checked", "received_at", "due_date", "completed_at",
                  "decision_note", "overdue", "elapsed_working_days"]
        read_only_fields = ["tracking_code", "channel", "status", "person", "requirements_checked", "received_at",
                            "due_date", "completed_at", "decision_note"]

    def get_overdue(self, obj) -> bool:
        return services.is_overdue(obj)

    def get_elapsed_working_days(self, obj) -> int:
        return services.elapsed_working_days(obj)


class LetterSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id", read_only=True)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "village", "letter_type", "request", "person", "placement", "number", "year", "seq",
                  "issued_on", "issued_at", "checked_at", "signed_at", "title", "type_name", "holder_name",
                  "signer_name", "signer_title", "page_size", "verification_code", "verification_url", "status",
                  "return_note", "revoked_at"]

    def get_verification_url(self, obj) -> str:
        return verification_url(obj) if obj.is_numbered else ""


class LetterDetailSerializer(LetterSerializer):
    body = serializers.SerializerMethodField()

    class Meta(LetterSerializer.Meta):
        fields = LetterSerializer.Meta.fields + ["body", "revocation_reason"]

    def get_body(self, obj) -> str:
        request = self.context.get("request")
        return services.body_for(getattr(request, "user", None), obj)


class IssueSerializer(serializers.Serializer):
    letter_type = VisibleRelatedField(queryset=LetterType.objects.all())
    request = VisibleRelatedField(queryset=ServiceRequest.objects.all(), required=False, allow_null=True)
    values = serializers.DictField(child=serializers.CharField(allow_blank=True))


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField()


class EmptySerializer(serializers.Serializer):
    pass


class ServiceViewSet(ScopedReadOnlyViewSet):
    queryset = Service.objects.select_related("village")
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter


class LetterTypeViewSet(ScopedReadOnlyViewSet):
    queryset = LetterType.objects.all()
    serializer_class = LetterTypeSerializer
    filterset_class = LetterTypeFilter


class ServiceRequestViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = ServiceRequest.objects.select_related("service", "village")
    serializer_class = ServiceRequestSerializer
    filterset_class = ServiceRequestFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        service = data["service"]
        self.require("services.take_request", service)
        serializer.instance = _domain(
            services.submit_request, service=service, applicant_name=data.get("applicant_name", ""),
            nik=data.get("nik", ""), phone=data.get("phone", ""), purpose=data.get("purpose", ""),
            channel=Channel.COUNTER, actor=self.request.user)


class LetterViewSet(ScopedReadOnlyViewSet):
    queryset = Letter.objects.select_related("village")
    filterset_class = LetterFilter
    search_fields = ["number"]
    action_perms = {"revoke": "services.revoke_letter", "check": "services.check_letter",
                    "send_back": "services.return_letter", "sign": "services.sign_letter"}

    def get_serializer_class(self):
        if self.action == "create":
            return IssueSerializer
        if self.action == "revoke":
            return RevokeSerializer
        if self.action == "send_back":
            return ReturnSerializer
        if self.action in ("check", "sign"):
            return EmptySerializer
        return LetterDetailSerializer if self.action == "retrieve" else LetterSerializer

    @extend_schema(request=IssueSerializer, responses={201: LetterDetailSerializer})
    def create(self, request):
        """Draft a letter (no number yet: the kepala desa's signature takes it)."""
        serializer = IssueSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        letter_type = serializer.validated_data["letter_type"]
        req = serializer.validated_data.get("request")
        self.require("services.draft_letter", letter_type)
        letter = _domain(services.draft_letter, request.user, letter_type, serializer.validated_data["values"],
                         request=req)
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses={200: LetterDetailSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        letter = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = _domain(services.revoke_letter, request.user, letter, serializer.validated_data["reason"])
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: LetterDetailSerializer})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """The sekretaris desa has checked the draft."""
        letter = _domain(services.check_letter, request.user, self.get_object())
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data)

    @extend_schema(request=ReturnSerializer, responses={200: LetterDetailSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        """Back to the operator with a note."""
        letter = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = _domain(services.return_letter, request.user, letter, serializer.validated_data["note"])
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: LetterDetailSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """The kepala desa signs: the number is taken and the letter issued through the signature provider."""
        letter = _domain(services.sign_letter, request.user, self.get_object())
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data)


routes = [
    ("services", ServiceViewSet, "service"),
    ("letter-types", LetterTypeViewSet, "letter-type"),
    ("service-requests", ServiceRequestViewSet, "service-request"),
    ("letters", LetterViewSet, "letter"),
]
