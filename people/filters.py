"""The people list's one FilterSet: the HTML list, its CSV/XLSX export and /api/v1/people/ filter alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import RegionCodeFilter, ScopedFilterSet, any_of

from .models import Person, Sex, digits_hash, name_search_q, phone_hash
from .nik import clean_nik
from .phone import phone_or_blank


class PersonFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari warga"))
    region = RegionCodeFilter(label=_("kode wilayah (awalan)"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Jenis kelamin"))
    nik = django_filters.CharFilter(method="filter_nik", label=_("NIK lengkap (pencarian persis)"))

    class Meta:
        model = Person
        fields = ["sex", "marital_status", "education"]

    def search(self, qs, name, value):
        """A whole NIK or KK is looked up by its keyed hash (never stored plain); a phone number by its keyed hash;
        anything else by the start of each word of the name (keyed prefix hashes: the name is sealed) or dusun."""
        q = value.strip()
        digits = clean_nik(q)
        if digits.isdigit() and len(digits) == 16:
            return qs.filter(Q(nik_hash=digits_hash(digits)) | Q(kk_hash=digits_hash(digits)))
        phone = phone_or_blank(q)
        named = name_search_q(q)
        # Each alternative on its own (core.filters.any_of): the name and phone through their indexes; the dusun,
        # a plain substring, through its (dusun, id) index read whole.
        return any_of(qs, Q(dusun__icontains=q), Q(phone_hash=phone_hash(phone)) if phone else None, named)

    def filter_nik(self, qs, name, value):
        return qs.filter(nik_hash=digits_hash(value))
