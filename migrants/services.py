"""Domain actions on placements. Views, API and import call these; each one writes the audit log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_read, log_update, record, snapshot
from core.uploads import SCAN_TYPES, check_file

from . import risk
from .models import (
    Agency,
    ContactLog,
    CostItem,
    DocumentKind,
    DocumentStatus,
    Placement,
    PlacementDocument,
    Recruiter,
    Status,
)

ABROAD = (Status.DEPARTED, Status.WORKING)
PRE_DEPARTURE = (Status.INTEREST, Status.VERIFIED, Status.PROCESS, Status.READY)
TERMINAL = (Status.FAILED, Status.CANCELLED, Status.DECEASED)

# The lifecycle. Verification and departure have their own functions (they check more than the edge).
TRANSITIONS = {
    Status.INTEREST: {Status.VERIFIED, Status.CANCELLED, Status.DEPARTED},
    Status.VERIFIED: {Status.PROCESS, Status.READY, Status.FAILED, Status.CANCELLED, Status.DEPARTED},
    Status.PROCESS: {Status.READY, Status.FAILED, Status.CANCELLED, Status.DEPARTED},
    Status.READY: {Status.DEPARTED, Status.PROCESS, Status.FAILED, Status.CANCELLED},
    Status.DEPARTED: {Status.WORKING, Status.RETURNED, Status.DECEASED, Status.DEPORTED},
    Status.WORKING: {Status.RETURNED, Status.DECEASED, Status.DEPORTED},
    Status.RETURNED: {Status.RETURNEE, Status.DECEASED},
    Status.DEPORTED: {Status.RETURNEE, Status.DECEASED},
    Status.RETURNEE: set(),
    Status.FAILED: set(),
    Status.CANCELLED: set(),
    Status.DECEASED: set(),
}
# States before READY may only jump to DEPARTED when the placement is marked non-procedural: that records a
# fact (the worker already left outside the procedure), it is not a shortcut.
SKIP_TO_DEPARTED_NEEDS_NON_PROCEDURAL = (Status.INTEREST, Status.VERIFIED, Status.PROCESS)


# Refusing an edit of a placement (of its fields, flags or contract) to a role that may not make it here.
EDIT_REFUSED = _lazy("Peran Anda tidak dapat mengubah penempatan.")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Placement -----------------------------------------------------------------------------------

PLACEMENT_FIELDS = (
    "process_step", "destination_country", "sector", "position", "position_detail", "employer_type", "scheme",
    "agency", "recruiter", "employer_name", "employer_address", "contract_start", "contract_end",
    "departure_date", "expected_return", "actual_return", "national_id_ref", "other_ref", "lost_contact",
    "non_procedural", "status_note",
)


def validate_dates(data):
    errors = {}
    start, end = data.get("contract_start"), data.get("contract_end")
    if start and end and end < start:
        errors["contract_end"] = _("Akhir kontrak harus sesudah mulai kontrak.")
    dep, ret = data.get("departure_date"), data.get("actual_return")
    if dep and ret and ret < dep:
        errors["actual_return"] = _("Tanggal pulang harus sesudah tanggal berangkat.")
    if errors:
        raise ValidationError(errors)


def validate_national_ref(person_id, ref, exclude_pk=None):
    """One placement per SISKOP2MI ID and person (the database constraint, said in words before it refuses)."""
    if not ref:
        return
    others = Placement.objects.filter(person_id=person_id, national_id_ref=ref)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"national_id_ref": _(
            "ID SISKOP2MI %(ref)s sudah tercatat pada penempatan lain warga ini. Buka penempatan itu, atau "
            "periksa kembali ID-nya.") % {"ref": ref}})


def ensure_checklist(placement):
    """One row per document of the checklist (UU 18/2017 art. 5 and 13), created as 'missing'."""
    have = set(placement.documents.values_list("kind", flat=True))
    new = [PlacementDocument(placement=placement, kind=kind) for kind in DocumentKind if kind not in have]
    if new:
        PlacementDocument.objects.bulk_create(new)


def recompute_flags(placement, today=None):
    """Store the codes of standing flags on the placement so lists can filter by flag."""
    codes = [flag.code for flag in risk.evaluate(placement, today)]
    if placement.lost_contact:
        codes.append("lost_contact")
    if placement.non_procedural:
        codes.append("non_procedural")
    value = f",{','.join(codes)}," if codes else ""
    if value != placement.flag_codes:
        placement.flag_codes = value
        placement.save(update_fields=["flag_codes", "updated_at"])
    return codes


@transaction.atomic
def create_placement(actor, person, *, request=None, **data):
    require_perm(actor, "migrants.register_placement", person,
                 _("Peran Anda tidak dapat mencatat penempatan di desa ini."))
    validate_dates(data)
    validate_national_ref(person.pk, data.get("national_id_ref"))
    placement = Placement(person=person, village_id=person.village_id, created_by=_user(actor),
                          **{k: v for k, v in data.items() if k in PLACEMENT_FIELDS})
    placement.save()
    ensure_checklist(placement)
    recompute_flags(placement)
    log_create(actor, placement, request=request)
    return placement


@transaction.atomic
def update_placement(actor, placement, *, request=None, **data):
    require_perm(actor, "migrants.edit_placement", placement, EDIT_REFUSED)
    merged = {f: getattr(placement, f) for f in ("contract_start", "contract_end", "departure_date", "actual_return")}
    merged.update({k: v for k, v in data.items() if k in merged})
    validate_dates(merged)
    if "national_id_ref" in data:
        validate_national_ref(placement.person_id, data["national_id_ref"], exclude_pk=placement.pk)
    before = snapshot(placement)
    for key, value in data.items():
        if key in PLACEMENT_FIELDS:
            setattr(placement, key, value)
    placement.save()
    recompute_flags(placement)
    log_update(actor, placement, before, request=request)
    return placement


def check_transition(placement, to_status):
    """None when allowed, else the reason in Indonesian."""
    current = Status(placement.status)
    to_status = Status(to_status)
    if to_status not in TRANSITIONS[current]:
        if current in TERMINAL or not TRANSITIONS[current]:
            return _("Status '%(from)s' adalah status akhir; tidak dapat diubah ke '%(to)s'.") % {
                "from": current.label, "to": to_status.label}
        allowed = ", ".join(str(s.label) for s in sorted(TRANSITIONS[current], key=list(Status).index))
        return _("Dari status '%(from)s' tidak dapat langsung ke '%(to)s'. Yang mungkin: %(allowed)s.") % {
            "from": current.label, "to": to_status.label, "allowed": allowed}
    skipping = current in SKIP_TO_DEPARTED_NEEDS_NON_PROCEDURAL
    if to_status == Status.DEPARTED and skipping and not placement.non_procedural:
        return _("Keberangkatan dicatat dari status 'Siap berangkat'. Bila warga sudah berangkat tanpa prosedur, "
                 "tandai penempatan sebagai non-prosedural terlebih dahulu.")
    return None


@transaction.atomic
def transition(actor, placement, to_status, *, note="", on=None, override_reason="", request=None):
    """Move a placement along its lifecycle; illegal moves raise ValidationError with the reason."""
    require_perm(actor, "migrants.change_status", placement, _("Peran Anda tidak dapat mengubah status penempatan."))
    to_status = Status(to_status)
    if to_status == Status.VERIFIED:
        return verify_placement(actor, placement, note=note, request=request)
    reason = check_transition(placement, to_status)
    if reason:
        raise ValidationError({"status": reason})
    if to_status == Status.DEPARTED:
        return record_departure(actor, placement, on=on, note=note, override_reason=override_reason,
                                request=request)
    if to_status in (Status.FAILED, Status.CANCELLED, Status.DECEASED, Status.DEPORTED) and not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan/keterangan untuk status '%(s)s'.") % {"s": to_status.label}})
    before = snapshot(placement)
    old = placement.status
    placement.status = to_status
    if to_status == Status.RETURNED:
        placement.actual_return = on or placement.actual_return or timezone.localdate()
    if note:
        placement.status_note = note
    placement.save()
    record(actor, Action.TRANSITION, placement, changes={"status": [old, to_status.value]}, note=note,
           request=request)
    log_update(actor, placement, {k: v for k, v in before.items() if k != "status"}, request=request)
    return placement


@transaction.atomic
def verify_placement(actor, placement, *, note="", request=None):
    """Art. 42 b, c: the village operator confirms the person's data and registers the prospective migrant."""
    require_perm(actor, "migrants.verify_placement", placement,
                 _("Hanya operator desa ini yang dapat memverifikasi calon PMI."))
    if placement.status != Status.INTEREST:
        raise ValidationError({"status": _("Hanya penempatan berstatus 'Minat tercatat' yang dapat diverifikasi.")})
    old = placement.status
    placement.status = Status.VERIFIED
    placement.verified_by = actor
    placement.verified_at = timezone.now()
    if note:
        placement.status_note = note
    placement.save()
    flags = risk.evaluate(placement)
    recompute_flags(placement)
    record(actor, Action.TRANSITION, placement, changes={"status": [old, Status.VERIFIED.value]},
           note=note or _("Terverifikasi; tanda risiko: %(n)s") % {"n": len(flags)}, request=request)
    return placement


@transaction.atomic
def record_departure(actor, placement, *, on=None, note="", override_reason="", request=None):
    """'Departed' is refused while a blocking flag stands, unless an authorised user overrides in writing."""
    reason = check_transition(placement, Status.DEPARTED)
    if reason:
        raise ValidationError({"status": reason})
    on = on or placement.departure_date
    if on is None:
        raise ValidationError({"departure_date": _("Isi tanggal berangkat.")})
    if on > timezone.localdate():
        raise ValidationError({"departure_date": _("Tanggal berangkat tidak boleh di masa depan.")})
    before = snapshot(placement)
    placement.departure_date = on
    placement.refresh_from_db(fields=["flag_codes"])
    blocking = risk.blocking(risk.evaluate(placement))
    override_reason = (override_reason or "").strip()
    if blocking:
        codes = ", ".join(str(flag.rule.label) for flag in blocking)
        if not override_reason:
            raise ValidationError({"status": _("Keberangkatan belum dapat dicatat karena: %(flags)s. Selesaikan, "
                                               "atau pengguna berwenang menuliskan alasan pengecualian.")
                                   % {"flags": codes}})
        require_perm(actor, "migrants.override_flag", placement,
                     _("Peran Anda tidak dapat memberi pengecualian atas tanda risiko di desa ini."))
        if len(override_reason) < 20:
            raise ValidationError({"override_reason": _("Alasan pengecualian minimal 20 huruf.")})
        placement.override_reason = override_reason
        placement.override_by = actor
        placement.override_at = timezone.now()
        record(actor, Action.OVERRIDE, placement, note=override_reason,
               changes={"flags": [flag.code for flag in blocking]}, request=request)
    old = placement.status
    placement.status = Status.DEPARTED
    if note:
        placement.status_note = note
    placement.save()
    recompute_flags(placement)
    record(actor, Action.TRANSITION, placement, changes={"status": [old, Status.DEPARTED.value]}, note=note,
           request=request)
    log_update(actor, placement, {k: v for k, v in before.items() if k != "status"}, request=request)
    return placement


@transaction.atomic
def extend_contract(actor, placement, new_end, *, note="", request=None):
    """'Working (contract extended)': the placement stays one episode, its contract end moves."""
    require_perm(actor, "migrants.extend_contract", placement, EDIT_REFUSED)
    if placement.status not in ABROAD:
        raise ValidationError({"contract_end": _(
            "Perpanjangan kontrak hanya untuk pekerja yang sedang di luar negeri (status 'Berangkat' atau "
            "'Bekerja'); status penempatan ini '%(status)s'.") % {"status": placement.get_status_display()}})
    if new_end is None:
        raise ValidationError({"contract_end": _("Akhir kontrak baru: isi tanggalnya.")})
    if placement.contract_end and new_end <= placement.contract_end:
        raise ValidationError({"contract_end": _(
            "Akhir kontrak baru (%(new)s) harus sesudah akhir kontrak lama (%(old)s).") % {
            "new": date_format(new_end), "old": date_format(placement.contract_end)}})
    if placement.contract_start and new_end <= placement.contract_start:
        raise ValidationError({"contract_end": _(
            "Akhir kontrak baru (%(new)s) harus sesudah mulai kontrak (%(start)s).") % {
            "new": date_format(new_end), "start": date_format(placement.contract_start)}})
    before = snapshot(placement)
    placement.status = Status.WORKING
    placement.contract_end = new_end
    placement.expected_return = new_end
    placement.save()
    recompute_flags(placement)
    log_update(actor, placement, before, request=request, note=note or _("Kontrak diperpanjang"))
    return placement


@transaction.atomic
def set_flag(actor, placement, flag, value, *, note="", request=None):
    """Lost contact and non-procedural are flags set by people, not states."""
    require_perm(actor, "migrants.set_flag", placement, EDIT_REFUSED)
    if flag not in ("lost_contact", "non_procedural"):
        raise ValidationError({"flag": _("Tanda tidak dikenal.")})
    before = snapshot(placement)
    setattr(placement, flag, bool(value))
    placement.save()
    recompute_flags(placement)
    log_update(actor, placement, before, request=request, note=note)
    return placement


# --- Documents -----------------------------------------------------------------------------------

def validate_scan(upload):
    """PDF/JPEG/PNG by content (core.uploads): the error under the form's "scan" field."""
    try:
        return check_file(upload, label=_("Pindaian"), types=SCAN_TYPES)[0]
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages})


@transaction.atomic
def update_document(actor, document, *, status=None, number=None, issued_on=None, expires_on=None, scan=None,
                    note=None, request=None):
    require_perm(actor, "migrants.edit_document", document, _("Peran Anda tidak dapat mengubah dokumen di desa ini."))
    placement = document.placement
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("Tanggal berlaku harus sesudah tanggal terbit.")})
    if status == DocumentStatus.VERIFIED:
        require_perm(actor, "migrants.verify_document", document,
                     _("Hanya operator desa ini yang dapat memverifikasi dokumen."))
    mime = validate_scan(scan) if scan else None
    before = snapshot(document)
    for name, value in (("number", number), ("issued_on", issued_on), ("expires_on", expires_on), ("note", note)):
        if value is not None:
            setattr(document, name, value)
    if status is not None:
        document.status = status
        if status == DocumentStatus.VERIFIED:
            document.verified_by = actor
            document.verified_at = timezone.now()
    lapsed = document.expires_on and document.expires_on < timezone.localdate()
    if lapsed and document.status == DocumentStatus.VERIFIED:
        document.status = DocumentStatus.EXPIRED
    if scan:
        old_name = document.scan.name if document.scan else ""
        document.scan.save(f"scan.{SCAN_TYPES[mime]}", scan, save=False)
        document.scan_content_type = mime
        document.scan_size = scan.size
        if document.status == DocumentStatus.MISSING:
            document.status = DocumentStatus.SUBMITTED
        if old_name:
            document.scan.storage.delete(old_name)
    document.save()
    log_update(actor, document, before, request=request)
    recompute_flags(placement)
    return document


def open_scan(actor, document, request=None):
    """Viewing a scan is a read of personal data: audited. The caller already scoped the document."""
    log_read(actor, document, request=request, note=_("Pindaian dokumen dibuka"))
    return document.scan.open("rb")


# --- Costs ---------------------------------------------------------------------------------------

@transaction.atomic
def add_cost(actor, placement, *, request=None, **data):
    require_perm(actor, "migrants.add_cost", placement, _("Peran Anda tidak dapat mencatat biaya di desa ini."))
    cost = CostItem(placement=placement, recorded_by=_user(actor), **data)
    cost.full_clean()
    cost.save()
    log_create(actor, cost, request=request)
    recompute_flags(placement)
    return cost


@transaction.atomic
def delete_cost(actor, cost, *, request=None):
    require_perm(actor, "migrants.delete_cost", cost, _("Peran Anda tidak dapat mengubah biaya di desa ini."))
    placement = cost.placement
    from audit.services import log_delete

    log_delete(actor, cost, request=request)
    cost.delete()
    recompute_flags(placement)


def overcharging_complaint_available():
    try:
        from cases import services as case_services
    except ImportError:
        return False
    return hasattr(case_services, "intake_case")


@transaction.atomic
def complain_overcharging(actor, placement, *, request=None):
    """One click: the overcharging flag becomes a complaint in the cases app (if installed)."""
    require_perm(actor, "migrants.file_overcharging_complaint", placement)
    if not overcharging_complaint_available():
        raise ValidationError(_("Modul pengaduan belum tersedia."))
    flag = next((f for f in risk.evaluate(placement) if f.code == "overcharging"), None)
    if flag is None:
        raise ValidationError(_("Tidak ada tanda pungutan biaya pada penempatan ini."))
    from cases import services as case_services

    costs = [c for c in placement.costs.all() if c.component in risk.EXEMPT_COMPONENTS and c.amount > 0]
    lines = [f"- {c.get_component_display()}: Rp {c.amount:,} ({c.get_collected_by_display()}"
             f"{' ' + c.collector_name if c.collector_name else ''})".replace(",", ".") for c in costs]
    description = "\n".join([
        _("Pungutan biaya yang dibebaskan (Perban BP2MI 9/2020) untuk %(person)s, jabatan %(pos)s, tujuan %(c)s.")
        % {"person": placement.person.name, "pos": placement.get_position_display(),
           "c": placement.destination_country.name if placement.destination_country else "-"},
        flag.detail, *lines,
    ])
    category = _overcharging_category()
    case = case_services.intake_case(
        actor, village=placement.village, category=category, description=description, person=placement.person,
        placement=placement, agency=placement.agency, recruiter=placement.recruiter, channel="in_person",
    )
    record(actor, Action.OTHER, placement, note=_("Pengaduan pungutan biaya dibuat: %(case)s") % {"case": case},
           request=request)
    return case


def _overcharging_category():
    """The cases app's category for overcharging, whatever its enum is called."""
    try:
        from cases import models as case_models
    except ImportError:
        return "overcharging"
    for name in ("Category", "CaseCategory"):
        enum = getattr(case_models, name, None)
        if enum is not None:
            for value in getattr(enum, "values", []):
                if "overcharg" in value or "biaya" in value or "fee" in value:
                    return value
    return "overcharging"


# --- Contact log and monitoring -----------------------------------------------------------------

@transaction.atomic
def log_contact(actor, placement, *, request=None, **data):
    require_perm(actor, "migrants.log_contact", placement, _("Peran Anda tidak dapat mencatat kontak di desa ini."))
    if data.get("contacted_on") and data["contacted_on"] > timezone.localdate():
        raise ValidationError({"contacted_on": _("Tanggal kontak tidak boleh di masa depan.")})
    entry = ContactLog(placement=placement, recorded_by=_user(actor), **data)
    entry.full_clean()
    entry.save()
    log_create(actor, entry, request=request)
    return entry


def lost_contact_days():
    return int(getattr(settings, "MIGRANTS_LOST_CONTACT_DAYS", 90))


def monitoring(qs, which, today=None, days=None):
    """The art. 42 d lists, applied to an already scoped queryset."""
    today = today or timezone.localdate()
    if which == "departing":
        start = today.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        return qs.filter(Q(status__in=PRE_DEPARTURE, departure_date__gte=start, departure_date__lt=end)
                         | Q(status=Status.DEPARTED, departure_date__gte=start, departure_date__lt=end))
    if which == "abroad":
        return qs.filter(status__in=ABROAD)
    if which == "due":
        end = today + datetime.timedelta(days=30)
        return qs.filter(status__in=ABROAD).filter(
            Q(expected_return__gte=today, expected_return__lte=end)
            | Q(expected_return__isnull=True, contract_end__gte=today, contract_end__lte=end))
    if which == "overdue":
        return qs.filter(status__in=ABROAD, contract_end__lt=today, actual_return__isnull=True)
    if which == "lost":
        cutoff = today - datetime.timedelta(days=days or lost_contact_days())
        return qs.filter(status__in=ABROAD).annotate(last_contact=Max("contacts__contacted_on")).filter(
            Q(lost_contact=True) | Q(last_contact__lt=cutoff)
            | Q(last_contact__isnull=True, departure_date__lt=cutoff))
    raise ValueError(which)


MONITORING_LISTS = ("departing", "abroad", "due", "overdue", "lost")


# --- Reference data ------------------------------------------------------------------------------

@transaction.atomic
def save_agency(actor, agency, *, request=None, **data):
    require_perm(actor, "migrants.edit_agency", agency, _("Peran Anda tidak dapat mengubah data P3MI."))
    if data.get("licence_valid_from") and data.get("licence_valid_until") and \
            data["licence_valid_until"] < data["licence_valid_from"]:
        raise ValidationError({"licence_valid_until": _("Akhir masa berlaku harus sesudah awalnya.")})
    creating = agency is None or agency.pk is None
    agency = agency or Agency()
    before = None if creating else snapshot(agency)
    for key, value in data.items():
        setattr(agency, key, value)
    agency.save()
    if creating:
        log_create(actor, agency, request=request)
    else:
        log_update(actor, agency, before, request=request)
        for placement in agency.placements.filter(status__in=PRE_DEPARTURE + ABROAD):
            recompute_flags(placement)
    return agency


@transaction.atomic
def save_recruiter(actor, recruiter, *, request=None, **data):
    require_perm(actor, "migrants.edit_recruiter", recruiter, _("Peran Anda tidak dapat mengubah data perekrut."))
    creating = recruiter is None or recruiter.pk is None
    recruiter = recruiter or Recruiter()
    before = None if creating else snapshot(recruiter)
    for key, value in data.items():
        setattr(recruiter, key, value)
    recruiter.save()
    if creating:
        log_create(actor, recruiter, request=request)
    else:
        log_update(actor, recruiter, before, request=request)
    return recruiter
