"""The cases lists' FilterSets: one per list, used by the HTML list, its CSV export and the API.

Handler and village choices come from the permission rule: a village volunteer is offered the case workers of
their own regions (and the officers above them), never national officers or administrators."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import (
    CheckboxFilter,
    IdFilter,
    ScopedFilterSet,
    any_of,
    handlers,
    visible_organisations,
    visible_villages,
)

from .models import Case, Category, Claim, ClaimStatus, Priority, Referral, ReferralStatus, Status, TimelineEntry
from .models.case import case_search_q, phone_tail_hash, recruiter_search_q
from .rules import CASE_WORKER_ROLES


class CaseFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari"))
    status = django_filters.ChoiceFilter(choices=[("open", _("Masih terbuka")), ("new", _("Baru, belum diambil")),
                                                  *Status.choices],
                                         method="filter_status", empty_label=_("Semua status"), label=_("Status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label=_("Semua kategori"),
                                           label=_("Kategori"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, empty_label=_("Semua prioritas"),
                                           label=_("Prioritas"))
    village = django_filters.ModelChoiceFilter(queryset=visible_villages, empty_label=_("Semua desa"),
                                               label=_("Desa"))
    handler = django_filters.ModelChoiceFilter(queryset=handlers(CASE_WORKER_ROLES), empty_label=_("Semua penangan"),
                                               label=_("Penangan"))
    mine = CheckboxFilter(method="filter_mine", label=_("Kasus saya"))
    upward = django_filters.ChoiceFilter(choices=[("pending", _("belum dikirim ke atas"))], method="filter_upward",
                                         empty_label=_("Semua pelaporan"), label=_("Pelaporan ke atas"))

    class Meta:
        model = Case
        fields = []

    def filter_upward(self, qs, name, value):
        from migrants.services.references import not_sent_upward

        from .models import CaseReference

        return not_sent_upward(qs, CaseReference, "case")

    def search(self, qs, name, value):
        """Tracking code, agency, ministry ticket, the case number (K-12 or 12), the complainant's phone (its last 8
        digits, by keyed hash), or the first letters of any word of the worker's, complainant's or recruiter's name
        (keyed prefix hashes: the names are sealed). Also the API's ?search= (core.api.FilterSetSearch)."""
        q = value.strip()
        number = q.upper().removeprefix("K-")
        match = Q(tracking_code__iexact=q) | Q(agency_name__icontains=q) | Q(ministry_ticket__iexact=q)
        if number.isdigit() and len(number) < 18:
            match |= Q(pk=int(number))
        phone = phone_tail_hash(q) if sum(ch.isdigit() for ch in q) >= 8 else ""
        if phone:
            match |= Q(phone_hash=phone)
        named = case_search_q(q)
        # Two alternatives (core.filters.any_of): the plain columns read the table once (substrings), the names
        # come through their index; one OR of both would split every row's name index on that read.
        return any_of(qs, match, named, recruiter_search_q(q))

    def filter_status(self, qs, name, value):
        if value == "new":
            return qs.open().filter(handler__isnull=True)
        return qs.open() if value == "open" else qs.filter(status=value)

    def filter_mine(self, qs, name, value):
        return qs.filter(handler=self.user) if value and self.user is not None else qs


class ReferralFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices, empty_label=_("Semua status"),
                                         label=_("Status"))
    organisation = django_filters.ModelChoiceFilter(queryset=visible_organisations, label=_("Lembaga"))
    case = IdFilter("case_id", label=_("Kasus"))

    class Meta:
        model = Referral
        fields = []


class ClaimFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, empty_label=_("Semua status"),
                                         label=_("Status"))
    case = IdFilter("case_id", label=_("Kasus"))

    class Meta:
        model = Claim
        fields = ["claim_type"]


class TimelineFilter(ScopedFilterSet):
    case = IdFilter("case_id", label=_("Kasus"))

    class Meta:
        model = TimelineEntry
        fields = ["kind"]
