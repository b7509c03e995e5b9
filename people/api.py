"""People under /api/v1/people/: scoped like the screens; NIK/KK are write-only and shown masked."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers
from rest_framework.filters import OrderingFilter

from accounts.permissions import has_perm
from core.api import FilterSetSearch, ScopedModelViewSet
from regions.api import RegionCodeField

from . import services
from .filters import PersonFilter
from .models import FamilyContact, Person
from .phone import normalise_phone


def _drf(exc):
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return exc


class FamilyContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = FamilyContact
        fields = ["id", "name", "relationship", "phone", "address", "is_primary"]


class PersonSerializer(serializers.ModelSerializer):
    nik = serializers.CharField(write_only=True, required=False,
                                help_text=_lazy("16 digit; tidak pernah dikirim balik."))
    kk = serializers.CharField(write_only=True, required=False, allow_blank=True)
    nik_masked = serializers.CharField(source="masked_nik", read_only=True)
    village = RegionCodeField()
    contacts = FamilyContactSerializer(many=True, read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "nik", "nik_masked", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun",
                  "rt", "rw", "address", "phone", "marital_status", "education", "notes", "contacts", "warnings",
                  "created_at", "updated_at"]

    def get_warnings(self, obj) -> list[str]:
        return getattr(obj, "_warnings", [])

    def validate_nik(self, value):
        from django.core.exceptions import ValidationError

        try:
            nik = services.validate_nik(value)
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.messages)
        taken = services.nik_taken_message(self.context["request"].user, nik,
                                           exclude_pk=getattr(self.instance, "pk", None))
        if taken:
            raise exceptions.ValidationError(taken)
        return nik

    def validate_village(self, village):
        # The village chosen must be one where the user registers (or edits) people: the field is named.
        perm = "people.edit_person" if self.instance is not None else "people.register_person"
        if not has_perm(self.context["request"].user, perm, village.code):
            raise exceptions.ValidationError(_("Wilayah ini di luar wilayah kerja Anda."))
        return village

    def validate_kk(self, value):
        from django.core.exceptions import ValidationError

        try:
            return services.validate_kk(value)
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.messages)

    def validate_phone(self, value):
        from django.core.exceptions import ValidationError

        try:
            return normalise_phone(value)
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.messages)

    def validate(self, attrs):
        if self.instance is None and not attrs.get("nik"):
            raise exceptions.ValidationError({"nik": [_("NIK wajib diisi: 16 digit sesuai KTP.")]})
        return attrs


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("village").prefetch_related("contacts")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    # ?search= is PersonFilter's search (name by keyed word-prefix hashes, NIK, phone, dusun): the name is sealed,
    # so no LIKE over it and no ordering by it.
    filter_backends = [DjangoFilterBackend, FilterSetSearch, OrderingFilter]
    search_fields = ["name", "dusun"]  # documents ?search=; FilterSetSearch answers it
    ordering_fields = ["birth_date", "created_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_perms = {"update": "people.edit_person", "partial_update": "people.edit_person"}

    def create(self, request, *args, **kwargs):
        self.require("people.register_person", None)  # no role that registers people anywhere: 403 before validating
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.require("people.register_person", data["village"].code)
        check = services.check_person(self.request.user, nik=data["nik"], name=data["name"],
                                      birth_date=data["birth_date"], sex=data["sex"], village_code=data["village"].code)
        try:
            person = services.register_person(self.request.user, request=self.request, **data)
        except Exception as exc:
            raise _drf(exc)
        person._warnings = check.warnings
        serializer.instance = person

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "village" in data:
            self.require("people.edit_person", data["village"].code)
        try:
            person = services.update_person(self.request.user, serializer.instance, request=self.request, **data)
        except Exception as exc:
            raise _drf(exc)
        serializer.instance = person


routes = [("people", PersonViewSet, "person")]
