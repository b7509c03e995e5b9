"""One way to filter a list: one FilterSet per list (`<app>/filters.py`), used by the HTML page, its CSV/XLSX
export and the API viewset (`filterset_class`), the way NetBox does it.

    # people/filters.py
    class PersonFilter(ScopedFilterSet):
        region = RegionCodeFilter()                    # ?region=35.05: that region and below
        sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Jenis kelamin"))

    # people/views.py
    listing = filter_list(request, PersonFilter, Person.objects.visible_to(request.user))
    if listing.export_format:                          # ?export=csv|xlsx, same rows as the page, unpaged
        return listing.invalid_response() or export_people(request, listing.qs, listing.export_format,
                                                           filters=listing.active_filters())
    return render(request, "people/person_list.html", {"page": listing.page}, status=listing.status)

    # people/api.py
    filterset_class = PersonFilter                     # DjangoFilterBackend answers bad input with a 400

Choice filters get their querysets from the permission rule through the request (`visible_villages`,
`handlers(roles)`, `visible_organisations`), so nobody is offered a village, a handler or an agency outside
their regions. Bad filter input is a 400 with the field named (page, export and API alike), never a 500 and
never an unfiltered export.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import HttpResponse
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.utils import label_for_filter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.scoping import code_q

EXPORT_FORMATS = ("csv", "xlsx")
# Query parameters that say how to render, not what to choose: a FilterSet never sees them as filters.
# pemisah: the CSV separator (core.exports); nik_lengkap: whole NIKs in an export (people.exports).
NOT_FILTERS = frozenset({"export", "page", "format", "next", "pemisah", "nik_lengkap"})
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$")


def _user(request):
    return getattr(request, "user", None)


# --- Choice querysets restricted by the permission rule (callables: django-filter passes the request) ----


def visible_villages(request):
    """Villages in the user's regions (nothing without a request: a filter built without a user offers nothing)."""
    from regions.models import Region

    if request is None:
        return Region.objects.none()
    return Region.objects.visible_to(_user(request)).villages().active().order_by("name", "code")


def visible_regions(request):
    """Regions of every level in the user's regions."""
    from regions.models import Region

    if request is None:
        return Region.objects.none()
    return Region.objects.visible_to(_user(request)).active().order_by("code")


def handlers(roles):
    """A queryset callable: users holding one of `roles` in the requesting user's regions (accounts.permissions.
    members_with_role), so a village volunteer is never offered national officers or administrators."""
    from accounts.permissions import members_with_role

    def queryset(request):
        from accounts.models import User

        if request is None:
            return User.objects.none()
        return members_with_role(roles, near=_user(request))

    return queryset


def visible_organisations(request):
    """Active organisations in the user's regions, plus the national ones (no region)."""
    from django.db.models import Q

    from accounts.models import Organisation
    from accounts.scoping import scope_q

    if request is None:
        return Organisation.objects.none()
    scoped = scope_q(_user(request), "region__code")
    return Organisation.objects.filter(Q(region__isnull=True) | scoped, is_active=True).order_by("name")


# --- Filters --------------------------------------------------------------------------------------------------



def _validate_region_code(value):
    from django.core.exceptions import ValidationError

    if value and not _REGION_CODE.match(value.strip()):
        raise ValidationError(_("Kode wilayah ditulis seperti 35.05 atau 35.05.10.2002."))


class RegionCodeField(forms.CharField):
    default_validators = [_validate_region_code]


class RegionCodeFilter(django_filters.CharFilter):
    """A region code (any level) matching the records in it and below it: `?region=35.05` is Kabupaten Blitar.

    `field_name` is the lookup to the record's region code ("village__code", "placement__village__code")."""

    field_class = RegionCodeField

    def __init__(self, field_name="village__code", **kwargs):
        kwargs.setdefault("label", gettext_lazy("Kode wilayah"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(code_q(self.field_name, value))


class IdFilter(django_filters.NumberFilter):
    """A parent record named by id (`?placement=12`): the listed rows are scoped already, so another region's
    parent and a missing one both give an empty list (no guessing); a non-number is a 400."""

    field_class = forms.IntegerField

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)  # a bigger number is refused here, not by the database
        super().__init__(field_name=field_name, **kwargs)


# The API documents it as a boolean (a method filter has no model field to read the type from).
@extend_schema_field(OpenApiTypes.BOOL)
class CheckboxFilter(django_filters.Filter):
    """A checkbox (`?mine=on`): checked filters, unchecked does not. Give `method=`."""

    field_class = forms.BooleanField


_lazy_label = lazy(label_for_filter, str)


class ScopedFilterSet(django_filters.FilterSet):
    """Base for every list's FilterSet: built with the request, bad input reported in Indonesian."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = _user(request)

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        # django-filter fixes a generated label as text the first time it is read, in whatever language is active
        # then (a schema build, an English page); keep it lazy so every request gets its own language.
        made = super().filter_for_field(field, field_name, lookup_expr)
        if made is not None and made._label is None:
            made.label = _lazy_label(field.model, field_name, made.lookup_expr)
        return made

    def active_filters(self):
        """{name: text} of the filters actually applied (valid and not empty): for the export's audit entry and
        the "filtered by" line of a page."""
        if not self.is_bound or not self.is_valid():
            return {}
        active = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], (), False) or (hasattr(value, "exists") and not value.exists()):
                continue
            if hasattr(value, "__iter__") and not isinstance(value, str):
                active[name] = ",".join(_text(v) for v in value)
            else:
                active[name] = _text(value)
        return active

    def error_text(self):
        """One Indonesian sentence naming each bad filter and why."""
        return form_error_text(self.form)


ANY_OF_LIMIT = 10_000


def any_of(queryset, *conditions, limit=ANY_OF_LIMIT):
    """`queryset` narrowed to the rows meeting one of `conditions` (Q objects on its model, None skipped, none left
    gives nothing): the one shape of a search over several columns. Write each condition so that an index answers
    it alone: a keyed hash (`Q(nik_hash=h)`), a digest index (`has_digests`, also through a foreign key:
    `name_search_q(text, "person__")`), an id set through another table's index
    (`Q(pk__in=PlacementDocument.objects.filter(number_hash=h).values("placement_id"))`).

    The matching ids are read first, each condition as its own SELECT through its own index (at most `limit` + 1
    ids each), and the list filtered by them: a text matching nothing reads no row of the list, where one OR of the
    conditions (across a join above all) read every row (1,050,000 placements for a text matching nothing). When
    more than `limit` rows match (a common name), the list is filtered by the OR itself and read in its own order:
    the first page comes after a few rows. (Not `pk IN (union)`: PostgreSQL takes any union for 200 rows and
    joined a million placements one by one for "warga"; nor `pk IN (name subquery) OR ...`: a set too big for
    work_mem is no longer hashed but run again for every row.)"""
    from functools import reduce
    from operator import or_

    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return queryset.none()
    manager = queryset.model._base_manager
    found = set()
    for condition in conditions:
        # Each SELECT limited on its own: the database picks a plan that stops early for a common condition.
        ids = list(manager.filter(condition).order_by().values_list("pk", flat=True)[:limit + 1])
        found.update(ids)
        if len(ids) > limit or len(found) > limit:
            return queryset.filter(reduce(or_, conditions))
    return queryset.filter(pk__in=found)


def form_error_text(form):
    """"Saringan tidak valid — Label: message; ..." for a filter form (a FilterSet's, or a plain selector form)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        parts.append(f"{label}: {' '.join(str(e) for e in errors)}")
    return _("Saringan tidak valid — %(errors)s") % {"errors": "; ".join(parts)}


def _text(value):
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


# --- The view helper ------------------------------------------------------------------------------------------


class CappedPaginator(Paginator):
    """The paginator of the long lists (people, placements, cases, the audit log): it never counts more than it
    needs.

    Django's paginator counts the whole list for "page n of N"; at national scope that is a COUNT over a million
    rows on every page view (over a million people with "warga" typed in the search). This one counts at most
    `cap` + 1 rows (settings.LIST_COUNT_CAP, or up to the requested page when that lies further): below the cap the
    count is exact; above it `exact` is False, the page says "more than cap" (core/_pager.html, the lists' totals)
    and offers the next page as long as one more row exists.

    A page reads its ids first (an index scan past the offset), then only those rows with their joins: a deep page
    skips index entries instead of joining the rows it skips. The page's data keys (the model's DATA_SUBJECT paths,
    core.datakeys.subject_columns) are primed with one query per label before its rows load, so their sealed values
    open without a key look-up per row.
    """

    MAX_PAGE = 10_000_000

    def __init__(self, object_list, per_page, cap=None, **kwargs):
        from .datakeys import subject_columns

        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else getattr(settings, "LIST_COUNT_CAP", 10_000)
        self.subjects = subject_columns(object_list.model)
        self.wanted = 1
        self.exact = True

    def get_page(self, number):
        try:
            # Bounded so that the count's LIMIT stays a database integer; a page past the end is the last page.
            self.wanted = min(max(1, int(number)), self.MAX_PAGE)
        except (TypeError, ValueError):
            self.wanted = 1
        # A page below 1 is the first page (Django would give the last, which an uncounted list does not know).
        return super().get_page(self.wanted)

    @cached_property
    def count(self):
        limit = max(self.cap, self.wanted * self.per_page)
        # Unordered: how many of the first `limit` + 1 rows exist does not depend on their order, and an ordered
        # count sorts every match first (a national "siti" placement search: 6.4 s ordered, 1.8 s not; load 9-11).
        counted = self.object_list.order_by()[:limit + 1].count()
        self.exact = counted <= limit
        return counted

    def page(self, number):
        from . import datakeys

        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        fields = [field for _label, field in self.subjects]
        found = list(self.object_list.values_list("pk", *fields)[bottom:top])
        ids = [row[0] for row in found]
        for column, (label, _field) in enumerate(self.subjects, start=1):
            datakeys.prime_subjects(label, {row[column] for row in found})
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate(request, queryset, per_page=25, paginator_class=Paginator, **paginator_options) -> Page:
    """The page `?page=` asks for (the last one when it is too high, the first when it is not a number).

    Links keep the other query parameters: the pager partial `core/_pager.html` writes them with
    `{% querystring page=n %}`."""
    return paginator_class(queryset, per_page, **paginator_options).get_page(request.GET.get("page"))


@dataclass
class Listing:
    filterset: ScopedFilterSet
    page: Page
    request: object

    @property
    def valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    @property
    def status(self):
        """200, or 400 when a filter was refused (the page shows why and lists nothing)."""
        return 200 if self.valid else 400

    @property
    def qs(self):
        """The filtered queryset; empty when a filter was refused (never the unfiltered list)."""
        return self.filterset.qs if self.valid else self.filterset.queryset.none()

    @property
    def form(self):
        return self.filterset.form

    @property
    def total(self):
        return self.page.paginator.count if self.page is not None else self.qs.count()

    @property
    def export_format(self):
        """"csv" or "xlsx" when the page was asked for as a download (`?export=`), else None."""
        fmt = self.request.GET.get("export")
        return fmt if fmt in EXPORT_FORMATS else None

    def active_filters(self):
        return self.filterset.active_filters()

    def invalid_response(self):
        """None when the filters are valid; else a 400 naming the bad filter (for exports: never export all)."""
        if self.valid:
            return None
        return HttpResponse(self.filterset.error_text(), status=400, content_type="text/plain; charset=utf-8")


def filter_list(request, filterset_class, queryset, *, per_page=25, fixed=None, paginator_class=Paginator,
                **paginator_options):
    """Bind the list's FilterSet to `request.GET` and page its result: the one way an HTML list reads its query.

    A refused filter adds an error message (when the messages framework is on) and gives an empty page with
    `listing.status == 400`. An export (`?export=csv|xlsx`) is not paged, nor a list with `per_page=None`:
    `listing.page` is None, use `listing.qs`.
    `fixed`: filter values the URL path chose (a monitoring list), over anything in the query string."""
    data = _filter_data(request)
    for key, value in (fixed or {}).items():
        if value is not None:
            data[key] = value
    filterset = filterset_class(data, queryset=queryset, request=request)
    listing = Listing(filterset=filterset, page=None, request=request)
    if not listing.valid and not listing.export_format:
        from django.contrib import messages

        messages.error(request, filterset.error_text(), fail_silently=True)
    if listing.export_format or per_page is None:
        listing.page = None
    else:
        listing.page = paginate(request, listing.qs, per_page, paginator_class, **paginator_options)
    return listing


def _filter_data(request):
    data = request.GET.copy()
    for key in NOT_FILTERS:
        data.pop(key, None)
    return data
