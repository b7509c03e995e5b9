"""The migrants lists' FilterSets: one per list, used by the HTML list, its CSV/XLSX export and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, RegionCodeFilter, ScopedFilterSet, any_of

from . import risk, services
from .models import Agency, CostItem, FlagChange, Placement, PlacementDocument, Recruiter, Sector, Status


class _RecruiterChoices(forms.models.ModelChoiceIterator):
    """The recruiters offered, their data keys primed with one query (core.datakeys.with_keys) instead of one per
    row as each sealed name loads, sorted by name in memory (the database cannot sort a sealed name)."""

    def __iter__(self):
        from core.datakeys import with_keys
        from people.models import normalise_name

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for recruiter in sorted(with_keys(self.queryset), key=lambda r: (normalise_name(str(r.name)), r.pk)):
            yield self.choice(recruiter)


class RecruiterChoiceField(forms.ModelChoiceField):
    iterator = _RecruiterChoices


class RecruiterChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RecruiterChoiceField


class PlacementFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    # `country` (the screen's short name) and `destination_country` (the API's field name) are the same filter.
    country = django_filters.CharFilter(method="filter_country", label=_("Negara tujuan"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sektor"))
    flag = django_filters.ChoiceFilter(choices=risk.flag_choices(), method="filter_flag", label=_("tanda risiko"))
    region = RegionCodeFilter(label=_("kode wilayah (awalan)"))
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label=_("P3MI"))
    recruiter = RecruiterChoiceFilter(queryset=Recruiter.objects.all(), label=_("Perekrut"))
    # A parent named by id: another region's and a missing one both give an empty list (no guessing, no 400).
    person = IdFilter("person_id", label=_("Warga"))
    monitoring = django_filters.ChoiceFilter(choices=[(k, k) for k in services.MONITORING_LISTS],
                                             method="filter_monitoring", label=_("daftar pemantauan"))
    days = django_filters.NumberFilter(method="keep", min_value=1, max_value=3650,
                                       label=_("Tanpa kontak (hari)"))
    # Bulk reading by other systems: what changed since their last pull (ISO 8601, e.g. 2026-11-01T00:00:00+07:00).
    changed_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                                     label=_("berubah sejak"))
    upward = django_filters.ChoiceFilter(choices=[("pending", _("belum dikirim ke atas"))], method="filter_upward",
                                         label=_("Pelaporan ke atas"))

    class Meta:
        model = Placement
        fields = ["status", "destination_country", "sector", "position", "scheme", "agency", "recruiter", "person"]

    def search(self, qs, name, value):
        """A whole NIK is looked up by its keyed hash; anything else by the start of each word of the worker's
        name or the employer's (keyed prefix hashes: both are sealed), or the whole SISKOP2MI ID, document number
        or receipt number (their keyed hashes). Each alternative is an id set found through its own index
        (core.filters.any_of): a text matching nothing reads no placement."""
        from people.models import digits_hash, name_search_q
        from people.nik import clean_nik

        from .models import employer_search_q, national_ref_hash, record_number_hash

        q = value.strip()
        digits = clean_nik(q)
        if digits.isdigit() and len(digits) == 16:
            return qs.filter(person__nik_hash=digits_hash(digits))
        number = record_number_hash(q)
        return any_of(qs, Q(national_id_ref_hash=national_ref_hash(q)),
                      Q(pk__in=PlacementDocument.objects.filter(number_hash=number).values("placement_id")),
                      Q(pk__in=CostItem.objects.filter(receipt_hash=number).values("placement_id")),
                      name_search_q(q, "person__"), employer_search_q(q))

    def filter_country(self, qs, name, value):
        return qs.filter(destination_country=value.strip().upper()[:2])

    def filter_flag(self, qs, name, value):
        return qs.filter(flag_codes__contains=f",{value},")

    def filter_monitoring(self, qs, name, value):
        days = self.form.cleaned_data.get("days")
        return services.monitoring(qs, value, days=int(days) if days else None)

    def keep(self, qs, name, value):
        return qs  # read by filter_monitoring

    def filter_upward(self, qs, name, value):
        from .models import PlacementReference
        from .services.references import not_sent_upward

        return not_sent_upward(qs, PlacementReference, "placement")


class AgencyFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari"))
    licence = django_filters.ChoiceFilter(choices=[("invalid", _("izin tidak berlaku"))], method="filter_licence",
                                          label=_("Izin"))

    class Meta:
        model = Agency
        fields = ["licence_revoked"]

    def search(self, qs, name, value):
        q = value.strip()
        return qs.filter(Q(name__icontains=q) | Q(licence_number__icontains=q))

    def filter_licence(self, qs, name, value):
        today = timezone.localdate()
        return qs.filter(Q(licence_valid_until__lt=today) | Q(licence_valid_until__isnull=True)
                         | Q(licence_revoked=True))


class RecruiterFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari"))

    class Meta:
        model = Recruiter
        fields = []

    def search(self, qs, name, value):
        """The first letters of each word of the recruiter's name (keyed prefix hashes: the name is sealed), the whole
        phone number (its keyed hash), or a part of the claimed agency's name (plain: public business data)."""
        from people.models import phone_hash
        from people.phone import phone_or_blank

        from .models.agencies import recruiter_search_q

        q = value.strip()
        phone = phone_or_blank(q)
        return any_of(qs, recruiter_search_q(q), Q(phone_hash=phone_hash(phone)) if phone else None,
                      Q(claimed_agency__name__icontains=q) if q else None)


class DocumentFilter(ScopedFilterSet):
    """The API's checklist rows of a placement (by id; the rows are scoped already)."""

    placement = IdFilter("placement_id", label=_("Penempatan"))

    class Meta:
        model = PlacementDocument
        fields = ["placement", "kind", "status"]


class CostFilter(ScopedFilterSet):
    placement = IdFilter("placement_id", label=_("Penempatan"))

    class Meta:
        model = CostItem
        fields = ["placement", "component", "collected_by"]


class FlagChangeFilter(ScopedFilterSet):
    """"What changed for our people": flags a change of law added or removed on the village's open placements."""

    region = RegionCodeFilter(label=_("kode wilayah (awalan)"))
    code = django_filters.ChoiceFilter(choices=risk.flag_choices(), label=_("tanda risiko"))

    class Meta:
        model = FlagChange
        fields = ["code", "added"]
