"""Taking in a case (staff, or a placement's overcharging flag), duplicates and consent."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.permissions import has_perm, require_perm
from audit.models import Action
from audit.services import log_create, record, together
from core import countries
from core.bulk import copy_history
from migrants import risk
from people import contact_consent
from people.models import name_hash
from regions.models import Region

from .. import reference
from ..models import (
    Case,
    Category,
    Channel,
    ChecklistItem,
    ComplainantRole,
    Consent,
    ConsentKind,
    EntryKind,
    Priority,
    TimelineEntry,
)
from ..models.case import phone_tail_hash
from ..texts import Text, choice_label
from .common import _actor_name, _digits, _entry, add_working_days, nik_hash, standard_for
from .notifications import _notify_assignment, announce_complaint

CASE_EXTRA_FIELDS = {
    "complainant_role", "complainant_name", "complainant_relation", "complainant_organisation",
    "power_of_attorney", "complainant_phone", "complainant_email", "complainant_address", "worker_name",
    "worker_nik", "worker_phone", "destination_country", "agency_name", "recruiter_name", "employer_name",
    "since", "priority", "received_at", "ministry_ticket", "ministry_filed_at",
}

# What update_case may change; the village, channel and workflow fields are fixed once a case is recorded.
CASE_EDITABLE_FIELDS = frozenset(CASE_EXTRA_FIELDS | {"description", "category", "due_date"})


def _person_name(person):
    for attr in ("full_name", "name"):
        value = getattr(person, attr, "")
        if value:
            return str(value)
    return str(person)


@transaction.atomic
def intake_case(actor, **fields):
    """Record a complaint as a case and return it, in a transaction of its own (record_intake)."""
    return record_intake(actor, **fields)


def record_intake(actor, *, village, category, description, person=None, placement=None, agency=None,
                  recruiter=None, channel="in_person", announce_later=False, form_key=None, **extra):
    """Record a complaint as a case and return it, inside the caller's transaction (intake_case opens one; the
    public form's own transaction holds its form key too, without a savepoint in between).

    `village` is a Region or its code. Known registry records (person, placement, agency, recruiter) are
    linked and fill the worker's identity when the caller gives none; the identity is always kept on the
    case too, because a complaint often concerns someone never registered. Extra keyword arguments:
    the Case fields in CASE_EXTRA_FIELDS, plus `handler` (a user), `consent_process` / `consent_share`
    (bools: the complainant agreed, recorded with who/when/purpose/text version) and `consent_given_by`.
    `announce_later` leaves telling the handlers and `complaint_received` to the background task
    (cases.tasks.announce_complaint) instead of doing it before returning. `form_key`: the public form's single-use
    key (Case.form_key, unique: a second case with it fails with an IntegrityError).
    """
    handler = extra.pop("handler", None)
    consent_process = extra.pop("consent_process", False)
    consent_share = extra.pop("consent_share", False)
    consent_given_by = extra.pop("consent_given_by", "")
    consent_messages = extra.pop("consent_messages", False)
    unknown = set(extra) - CASE_EXTRA_FIELDS
    if unknown:
        raise TypeError(f"intake_case() got unexpected fields: {', '.join(sorted(unknown))}")

    code = getattr(village, "code", village)
    # A village the caller's form already read (RegionField) is not read again.
    region = (village if isinstance(village, Region) and village.level == 4
              else Region.objects.filter(code=code, level=4).first())
    errors = {}
    if region is None:
        errors["village"] = _("Desa dengan kode '%(code)s' tidak dikenal.") % {"code": code}
    elif actor is not None and not has_perm(actor, "cases.intake_case", region.code):
        errors["village"] = _("Desa ini di luar wilayah kerja Anda.")
    if category not in Category.values:
        errors["category"] = _("Pilih kategori pengaduan dari daftar.")
    if not (description or "").strip():
        errors["description"] = _("Ceritakan apa yang terjadi.")
    if channel not in Channel.values:
        errors["channel"] = _("Saluran pengaduan tidak dikenal.")

    # Fill the worker's identity from the registry when the caller did not give it.
    if person is not None:
        extra.setdefault("worker_name", _person_name(person))
        nik = getattr(person, "nik", "")
        if nik and not extra.get("worker_nik"):
            extra["worker_nik"] = str(nik)
    if placement is not None:
        country = getattr(placement, "destination_country", "") or getattr(placement, "country", "")
        if country and not extra.get("destination_country"):
            extra["destination_country"] = str(country)
        if agency is None:
            agency = getattr(placement, "agency", None)
        if recruiter is None:
            recruiter = getattr(placement, "recruiter", None)
        if person is None and getattr(placement, "person", None) is not None:
            person = placement.person
            extra.setdefault("worker_name", _person_name(person))
    if agency is not None and not extra.get("agency_name"):
        extra["agency_name"] = str(agency)
    if recruiter is not None and not extra.get("recruiter_name"):
        extra["recruiter_name"] = str(recruiter)

    worker_name = (extra.get("worker_name") or "").strip()
    if not worker_name:
        errors["worker_name"] = _("Nama pekerja migran wajib diisi.")
    nik = _digits(extra.get("worker_nik"))
    if extra.get("worker_nik") and len(nik) != 16:
        errors["worker_nik"] = _("NIK harus 16 angka; kosongkan bila tidak tahu.")
    country = str(extra.get("destination_country") or "")
    if country and country not in countries.codes():  # a set, not CountryField's walk over every country
        errors["destination_country"] = _("Pilih negara tujuan dari daftar.")
    priority = extra.pop("priority", None)
    if priority and priority not in Priority.values:
        errors["priority"] = _("Prioritas tidak dikenal.")
    if handler is not None and region is not None and not has_perm(handler, "cases.handle_case", region.code):
        errors["handler"] = _("Penangan harus petugas yang wilayah kerjanya mencakup desa ini.")
    if errors:
        raise ValidationError(errors)

    extra["worker_name"] = worker_name
    extra["worker_nik"] = nik
    if not (extra.get("complainant_name") or "").strip():
        # Staff intake from the registry: the worker is the complainant unless told otherwise.
        extra["complainant_name"] = worker_name
        extra.setdefault("complainant_role", ComplainantRole.WORKER)
    received_at = extra.pop("received_at", None) or timezone.now()
    days, default_priority = standard_for(category)
    if category in reference.URGENT_CATEGORIES:
        priority = Priority.URGENT  # death, violence, trafficking are urgent whatever was chosen
    case = Case(
        village=region, category=category, description=description.strip(), channel=channel,
        priority=priority or default_priority, received_at=received_at,
        due_date=add_working_days(timezone.localdate(received_at), days),
        created_by=actor if _actor_name(actor) else None, handler=handler,
        worker_nik_hash=nik_hash(nik), phone_last4=_digits(extra.get("complainant_phone"))[-4:], form_key=form_key,
        **extra,
    )
    for name, value in (("person", person), ("placement", placement), ("agency", agency),
                        ("recruiter", recruiter)):
        if value is not None and hasattr(Case, f"{name}_id"):
            setattr(case, name, value)
    # The unique tracking code and form key are left to the database's unique indexes (no SELECT per field).
    case.full_clean(exclude=["village", "handler", "created_by", "tracking_code", "destination_country", "form_key"])
    _insert_without_history(case)
    given_by = consent_given_by or case.complainant_name
    with together():  # the case's entry and its consents' in one INSERT
        log_create(actor, case)
        if consent_process:
            record_consent(actor, case, ConsentKind.PROCESS, given_by=given_by, channel=channel)
        if consent_share:
            record_consent(actor, case, ConsentKind.SHARE, given_by=given_by, channel=channel)
    for code_, label in reference.CHECKLISTS.get(category, []):
        ChecklistItem.objects.create(case=case, code=code_, label=str(label))
    entry = _insert_without_history(TimelineEntry(
        case=case, kind=EntryKind.NOTE, at=received_at, author=case.created_by, author_name=_actor_name(actor),
        **_entry(Text(gettext_noop("Pengaduan diterima melalui %(channel)s."),
                      channel=choice_label(case, "channel"))),
    ))
    # Their '+' history rows, as django-simple-history writes them, copied by the database from the rows just
    # written, both in one statement on PostgreSQL (core.bulk.copy_history; issue 17.8/21.6).
    copy_history(case, entry)
    if handler is not None:
        _notify_assignment(case, handler)
    if consent_messages:
        contact_consent.announce(phone=case.complainant_phone, purposes=["complaint"], given_by=given_by,
                                 how=case.get_channel_display(), actor=actor, case=case)
    # Any channel (public form, WhatsApp, staff intake) reaches the village's handlers at once: here, or by the
    # worker a moment after the commit (announce_later: the public form answers without waiting on e-mail).
    if announce_later:
        _announce_later(case, actor)
    else:
        announce_complaint(case, actor)
    return case


def _insert_without_history(record):
    """Save a new record without django-simple-history's row: the caller copies it (core.bulk.copy_history)."""
    record.skip_history_when_saving = True
    try:
        record.save()
    finally:
        del record.skip_history_when_saving
    return record


def _announce_later(case, actor):
    from core.tasks_rq import uses_rq

    from ..tasks import announce_complaint as task

    args = (case.pk, getattr(actor, "pk", None))
    if uses_rq():  # a queue outside the database: only once the case is there to read
        transaction.on_commit(lambda: task.enqueue(*args))
    else:  # a row in the case's own transaction: the case and its announcement are written together or not at all
        task.enqueue(*args)


def find_duplicates(user, *, village=None, worker_name="", worker_nik="", complainant_phone="", exclude=None):
    """Open cases the user can see that may be the same complaint: same NIK, same worker name in the same
    village, or the same complainant phone."""
    q = Q(pk__in=[])
    nik = _digits(worker_nik)
    if len(nik) == 16:
        q |= Q(worker_nik_hash=nik_hash(nik))
    name = " ".join((worker_name or "").split())
    if name and village:  # the names and the phone are sealed: found by their keyed hashes (Case.hidden_columns)
        q |= Q(worker_name_key=name_hash(name), village_id=getattr(village, "code", village))
    phone = _digits(complainant_phone)
    if len(phone) >= 8:
        q |= Q(phone_hash=phone_tail_hash(phone))
    qs = Case.objects.visible_to(user).open().filter(q)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-received_at")[:10]


def record_consent(actor, case, kind, *, given_by, channel=None):
    require_perm(actor, "cases.record_consent", case)
    text = reference.CONSENT_PROCESS_TEXT if kind == ConsentKind.PROCESS else reference.CONSENT_SHARE_TEXT
    consent = Consent.objects.create(
        case=case, kind=kind, given_by=given_by[:150], purpose=str(text), text_version=reference.CONSENT_VERSION,
        channel=channel or case.channel, recorded_by=actor if _actor_name(actor) else None,
    )
    record(actor, Action.CREATE, consent, region_code=case.village_id,
           note=_("Persetujuan dicatat: %(kind)s") % {"kind": consent.get_kind_display()})
    return consent


@transaction.atomic
def withdraw_consent(actor, consent):
    require_perm(actor, "cases.withdraw_consent", consent.case)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    record(actor, Action.UPDATE, consent, region_code=consent.case.village_id, note=_("Persetujuan ditarik"))
    return consent


@transaction.atomic
def complain_overcharging(actor, placement, *, request=None):
    """One click on a placement's overcharging flag (migrants.risk): a complaint about the exempt costs charged,
    naming the placement, its worker, agency and recruiter."""
    require_perm(actor, "cases.file_overcharging_complaint", placement)
    flag = next((f for f in risk.evaluate(placement) if f.code == "overcharging"), None)
    if flag is None:
        raise ValidationError(_("Tidak ada tanda pungutan biaya pada penempatan ini."))
    _positions, components, _law = risk.zero_cost(placement.departure_date or timezone.localdate())
    costs = [c for c in placement.costs.all() if c.component in components and c.amount > 0]
    # str(cost) is "<component>: Rp 1.500.000" (core.formatting.rupiah).
    lines = [f"- {c} ({c.get_collected_by_display()}{' ' + c.collector_name if c.collector_name else ''})"
             for c in costs]
    description = "\n".join([
        _("Pungutan biaya yang dibebaskan (%(source)s) untuk %(person)s, jabatan %(pos)s, tujuan %(c)s.")
        % {"source": flag.source, "person": placement.person.name, "pos": placement.get_position_display(),
           "c": placement.destination_country.name if placement.destination_country else "-"},
        flag.detail, *lines,
    ])
    case = intake_case(
        actor, village=placement.village, category=Category.OVERCHARGING, description=description,
        person=placement.person, placement=placement, agency=placement.agency, recruiter=placement.recruiter,
        channel="in_person",
    )
    record(actor, Action.OTHER, placement, note=_("Pengaduan pungutan biaya dibuat: %(case)s") % {"case": case},
           request=request)
    return case
