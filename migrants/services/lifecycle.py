"""A placement and its lifecycle: create, edit, transitions, verification, departure, extension, flags."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot

from .. import risk, signals
from ..models import (
    DocumentKind,
    Placement,
    PlacementDocument,
    Status,
    national_ref_hash,
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


# A return this many days or more before the contract's end is "early": the status change asks why, and the
# placement page offers to open a case (settings.MIGRANTS_EARLY_RETURN_DAYS).
EARLY_RETURN_DAYS = 90
# A departure more than this many days before the contract starts is early in the same way; a few days of travel
# and arrival before the first working day are normal (settings.MIGRANTS_EARLY_DEPARTURE_DAYS).
EARLY_DEPARTURE_DAYS = 14


def early_return_days():
    from django.conf import settings

    return int(getattr(settings, "MIGRANTS_EARLY_RETURN_DAYS", EARLY_RETURN_DAYS))


def early_departure_days():
    from django.conf import settings

    return int(getattr(settings, "MIGRANTS_EARLY_DEPARTURE_DAYS", EARLY_DEPARTURE_DAYS))


def early_movement(placement, to_status=None, on=None):
    """("return", days) for a return at least early_return_days() before the contract ends, ("departure", days)
    for a departure more than early_departure_days() before the contract starts; None otherwise. Without
    `to_status` it reads the recorded dates (the placement page; a return counts before the departure); with it,
    the change about to be made on `on`."""
    if to_status is None:
        status = Status(placement.status)
        departed = placement.departure_date if status not in PRE_DEPARTURE + (Status.FAILED, Status.CANCELLED) \
            else None
        returned = placement.actual_return if status in (Status.RETURNED, Status.RETURNEE) else None
    else:
        departed = on if Status(to_status) == Status.DEPARTED else None
        returned = (on or timezone.localdate()) if Status(to_status) == Status.RETURNED else None
    end, start = placement.contract_end, placement.contract_start
    if returned and end and (end - returned).days >= early_return_days():
        return "return", (end - returned).days
    # A non-procedural departure is already flagged as such: its contract dates say little about when they left.
    if departed and start and not placement.non_procedural and (start - departed).days > early_departure_days():
        return "departure", (start - departed).days
    return None


def _early_needs_reason(placement, to_status, on, note):
    early = early_movement(placement, to_status, on)
    if early is None or (note or "").strip():
        return
    kind, days = early
    if kind == "departure":
        message = _("Berangkat %(days)s hari sebelum mulai kontrak (%(start)s). Tuliskan alasannya di "
                    "Keterangan; bila ada masalah, buka kasus dari halaman penempatan.") % {
            "days": days, "start": date_format(placement.contract_start)}
    else:
        message = _("Pulang %(days)s hari sebelum akhir kontrak (%(end)s). Tuliskan alasannya di Keterangan; bila "
                    "ada masalah, buka kasus dari halaman penempatan.") % {
            "days": days, "end": date_format(placement.contract_end)}
    raise ValidationError({"note": message})


def allowed_transitions(placement):
    """The statuses the status menu offers from the current one: the lifecycle's edges that check_transition
    lets through (a jump to 'departed' only for a non-procedural placement). Verification has its own button."""
    return [s for s in Status if s in TRANSITIONS[Status(placement.status)] and s != Status.VERIFIED
            and check_transition(placement, s) is None]


# Refusing an edit of a placement (of its fields, flags or contract) to a role that may not make it here.
EDIT_REFUSED = _lazy("Peran Anda tidak dapat mengubah penempatan.")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


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
    others = Placement.objects.filter(person_id=person_id, national_id_ref_hash=national_ref_hash(ref))
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"national_id_ref": _(
            "ID SISKOP2MI %(ref)s sudah tercatat pada penempatan lain warga ini. Buka penempatan itu, atau "
            "periksa kembali ID-nya.") % {"ref": ref}})


def ensure_checklist(placement):
    """One row per document the placement's scheme requires (rule book, on the departure date or today) plus
    BPJS Ketenagakerjaan, created as 'missing'; rows of another scheme's list stay."""
    have = set(placement.documents.values_list("kind", flat=True))
    wanted = risk.required_documents(placement, placement.departure_date or timezone.localdate())
    wanted = [*wanted, DocumentKind.BPJS.value]
    new = [PlacementDocument(placement=placement, kind=kind) for kind in DocumentKind
           if kind in wanted and kind not in have]
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
    signals.placement_created.send(sender=Placement, placement=placement, actor=actor)
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
    ensure_checklist(placement)  # another scheme or departure date may require other documents
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
    _early_needs_reason(placement, to_status, on, note)
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
    signals.placement_status_changed.send(sender=Placement, placement=placement, old=old, new=to_status.value,
                                          actor=actor)
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
    _early_needs_reason(placement, Status.DEPARTED, on, note)
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
    signals.placement_status_changed.send(sender=Placement, placement=placement, old=old,
                                          new=Status.DEPARTED.value, actor=actor)
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
