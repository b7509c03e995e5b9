"""The placement register as a spreadsheet that round-trips: the import's columns (migrants.imports) with each
record's ID, so the file can be opened, edited and imported again, updating exactly the rows edited. NIK and
KK are masked unless asked for whole where the user may reveal them (people.exports); masked rows re-import
by the ID column.
Columns after the import's (village name, risk flags) are for reading and are ignored by the import."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.datakeys import prime_rows
from people.exports import person_cells, person_headers, reveal_checker
from people.models import FamilyContact

from . import risk
from .imports.columns import TITLES
from .imports.template import country_label

PLACEMENT_KEYS = ("destination_country", "sector", "position", "employer_type", "scheme", "agency", "employer_name",
                  "contract_start", "contract_end", "departure_date", "expected_return", "actual_return", "status",
                  "national_id_ref", "recruiter", "contact_name", "contact_relationship", "contact_phone")
FLAGS_TITLE = "Tanda risiko"


def placement_headers():
    return [TITLES["placement_id"], TITLES["person_id"], *person_headers(),
            *[TITLES[key] for key in PLACEMENT_KEYS], FLAGS_TITLE]


def placement_rows(queryset, user, whole_nik=False):
    """The rows of `queryset` (placements in the user's scope) in `placement_headers` order, a chunk at a
    time. NIK and KK are masked unless `whole_nik` (and allowed: people.exports)."""
    reveal = reveal_checker(user, whole_nik)
    labels = dict(risk.flag_choices())
    contacts = Prefetch("person__contacts", queryset=FamilyContact.objects.order_by("-is_primary", "id"))
    # The few recruiters' own data keys (their names are sealed) with one query, not one per recruiter met.
    prime_rows(queryset.exclude(recruiter=None).order_by().values("recruiter_id").distinct(),
               subjects=[("migrants.recruiter", "recruiter_id")])
    for p in queryset.select_related("person__village", "agency", "recruiter").prefetch_related(
            contacts).iterator(chunk_size=2000):
        person = p.person
        contact = next(iter(person.contacts.all()), None)
        yield [p.pk, person.pk, *person_cells(person, reveal),
               country_label(p.destination_country.code) if p.destination_country else "", p.get_sector_display(),
               p.get_position_display(), p.get_employer_type_display(), p.get_scheme_display(),
               p.agency.name if p.agency else "", p.employer_name, p.contract_start, p.contract_end,
               p.departure_date, p.expected_return, p.actual_return, p.get_status_display(), p.national_id_ref,
               p.recruiter.name if p.recruiter else "", contact.name if contact else "",
               contact.get_relationship_display() if contact else "", contact.phone if contact else "",
               "; ".join(str(labels.get(c, c)) for c in p.flags)]


def reveals_any(queryset, user, whole_nik=False):
    """Whether the export holds any whole NIK (asked per village of the rows)."""
    if not whole_nik:
        return False
    reveal = reveal_checker(user, whole_nik)
    return any(reveal(code) for code in queryset.order_by().values_list("person__village_id", flat=True).distinct())


def description(title, revealed):
    return f"{title} ({_('NIK lengkap')})" if revealed else str(title)
