"""Domain actions for empowerment programs and returnee enterprises (UU 18/2017 art. 42 e)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import record, snapshot
from core.records import fail, save_changes, save_new
from people.models import name_hash

from .models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Enterprise,
    Program,
    ProgramSession,
    ProgramStatus,
)

# Allowed program status moves.
PROGRAM_TRANSITIONS = {
    ProgramStatus.PLANNED: {ProgramStatus.RUNNING, ProgramStatus.CANCELLED},
    ProgramStatus.RUNNING: {ProgramStatus.COMPLETED, ProgramStatus.CANCELLED},
    ProgramStatus.COMPLETED: set(),
    ProgramStatus.CANCELLED: set(),
}


def _check_dates(program):
    if program.ends_on and program.ends_on < program.starts_on:
        fail("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))


def create_program(actor, **fields):
    program = Program(**fields)
    _check_dates(program)
    return save_new(actor, program, perm="empowerment.edit_program")


def update_program(actor, program, before):
    _check_dates(program)
    return save_changes(actor, program, before, perm="empowerment.edit_program")


def change_program_status(actor, program, status, *, outcome_summary=None):
    if status not in PROGRAM_TRANSITIONS[program.status]:
        fail("status", _("Status program tidak dapat diubah dari %(old)s ke %(new)s.")
             % {"old": program.get_status_display(), "new": ProgramStatus(status).label})
    if status == ProgramStatus.COMPLETED and not (outcome_summary or program.outcome_summary).strip():
        fail("outcome_summary", _("Tuliskan hasil program sebelum menandainya selesai."))
    require_perm(actor, "empowerment.edit_program", program)
    old = program.status
    program.status = status
    if outcome_summary is not None:
        program.outcome_summary = outcome_summary
    if status == ProgramStatus.COMPLETED and program.ends_on is None:
        program.ends_on = timezone.localdate()
    with transaction.atomic():
        program.save()
        record(actor, Action.TRANSITION, program, changes={"status": [old, status]})
    return program


def add_session(actor, program, **fields):
    session = ProgramSession(program=program, **fields)
    if session.date < program.starts_on or (program.ends_on and session.date > program.ends_on):
        fail("date", _("Tanggal sesi harus di dalam masa program."))
    return save_new(actor, session, perm="empowerment.edit_session")


def enrol(actor, program, *, name, participant_group=None, enrolled_on=None, phone="", person=None):
    if program.status in (ProgramStatus.COMPLETED, ProgramStatus.CANCELLED):
        fail("program", _("Program ini sudah %(status)s; pendaftaran ditutup.")
             % {"status": program.get_status_display().lower()})
    active = program.enrolments.exclude(status=EnrolmentStatus.DROPPED)
    if program.capacity and active.count() >= program.capacity:
        fail("name", _("Kuota program (%(n)s peserta) sudah penuh.") % {"n": program.capacity})
    if person is not None and not name:
        name = str(person)
    if active.filter(name_key=name_hash(name.strip())).exists() and person is None:  # the name is sealed
        fail("name", _("%(name)s sudah terdaftar di program ini.") % {"name": name})
    enrolment = Enrolment(program=program, name=name.strip(), phone=phone,
                          participant_group=participant_group or program.target_group,
                          enrolled_on=enrolled_on or timezone.localdate())
    if person is not None and hasattr(enrolment, "person"):
        enrolment.person = person
    return save_new(actor, enrolment, perm="empowerment.edit_enrolment")


def record_attendance(actor, session, present_ids):
    """Marks who attended one session; everyone else enrolled (not dropped) is absent."""
    require_perm(actor, "empowerment.edit_session", session)
    enrolments = list(session.program.enrolments.exclude(status=EnrolmentStatus.DROPPED))
    valid = {e.pk for e in enrolments}
    present_ids = {int(i) if str(i).isdigit() else str(i) for i in present_ids}  # a posted non-number is unknown
    unknown = present_ids - valid
    if unknown:
        fail("present", _("Peserta tidak terdaftar di program ini: %(ids)s.") % {"ids": sorted(unknown, key=str)})
    before = dict(session.attendance.filter(present=True).values_list("enrolment_id", "present"))
    with transaction.atomic():
        for e in enrolments:
            Attendance.objects.update_or_create(session=session, enrolment=e,
                                                defaults={"present": e.pk in present_ids})
        record(actor, Action.UPDATE, session, note=_("presensi"),
               changes={"present": [sorted(before), sorted(present_ids)]})
    return len(present_ids)


def set_enrolment_outcome(actor, enrolment, *, status, outcome="", outcome_note=""):
    if status not in EnrolmentStatus.values:
        fail("status", _("Status peserta tidak dikenal."))
    before = snapshot(enrolment)
    enrolment.status = status
    enrolment.outcome = outcome
    enrolment.outcome_note = outcome_note
    require_perm(actor, "empowerment.edit_enrolment", enrolment)
    enrolment.full_clean()
    with transaction.atomic():
        enrolment.save()
        record(actor, Action.TRANSITION, enrolment, changes={
            k: [before[k], getattr(enrolment, k)] for k in ("status", "outcome") if before[k] != getattr(enrolment, k)
        })
    return enrolment


def attendance_rate(program):
    """Share of (session, active participant) pairs marked present, in percent; None before any session."""
    sessions = program.sessions.count()
    participants = program.enrolments.exclude(status=EnrolmentStatus.DROPPED).count()
    if not sessions or not participants:
        return None
    present = Attendance.objects.filter(session__program=program, present=True).exclude(
        enrolment__status=EnrolmentStatus.DROPPED).count()
    return round(present * 100 / (sessions * participants))


def _check_enterprise(enterprise, programs):
    if enterprise.owner_id and not enterprise.owner_name:
        enterprise.owner_name = enterprise.owner.name
    if enterprise.started_on and enterprise.started_on > timezone.localdate():
        fail("started_on", _("Tanggal mulai usaha tidak boleh di masa depan."))
    for p in programs:
        if p.village_id != enterprise.village_id and not p.village_id.startswith(enterprise.village_id[:8]):
            fail("programs", _("Program %(p)s bukan program di desa/kecamatan usaha ini.") % {"p": p})


def create_enterprise(actor, *, programs=(), **fields):
    enterprise = Enterprise(**fields)
    _check_enterprise(enterprise, programs)
    with transaction.atomic():
        save_new(actor, enterprise, perm="empowerment.edit_enterprise")
        enterprise.programs.set(programs)
    return enterprise


def update_enterprise(actor, enterprise, before, programs=None):
    _check_enterprise(enterprise, programs or [])
    with transaction.atomic():
        save_changes(actor, enterprise, before, perm="empowerment.edit_enterprise")
        if programs is not None:
            enterprise.programs.set(programs)
    return enterprise
