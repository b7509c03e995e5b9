"""Domain actions for village regulations (stages, versions) and budget lines. Each one is audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, record, snapshot
from core.formatting import long_date, thousands
from core.records import fail, save_changes, save_new

from .models import BudgetLine, Regulation, RegulationKind, RegulationVersion, Stage, StageEvent

# Where a regulation may go next. A Perdes needs the BPD's agreement before the village head enacts it
# (UU 6/2014 art. 69, Permendagri 111/2014); a Perkades or an SOP is enacted by the village head alone.
# Consultation and deliberation may send a draft back for revision.
TRANSITIONS = {
    RegulationKind.PERDES: {
        Stage.DRAFTING: {Stage.CONSULTATION, Stage.BPD_DELIBERATION},
        Stage.CONSULTATION: {Stage.BPD_DELIBERATION, Stage.DRAFTING},
        Stage.BPD_DELIBERATION: {Stage.ENACTED, Stage.DRAFTING},
        Stage.ENACTED: {Stage.PROMULGATED},
        Stage.PROMULGATED: set(),
    },
    RegulationKind.PERKADES: {
        Stage.DRAFTING: {Stage.CONSULTATION, Stage.ENACTED},
        Stage.CONSULTATION: {Stage.ENACTED, Stage.DRAFTING},
        Stage.BPD_DELIBERATION: {Stage.ENACTED, Stage.DRAFTING},
        Stage.ENACTED: {Stage.PROMULGATED},
        Stage.PROMULGATED: set(),
    },
}
TRANSITIONS[RegulationKind.SOP] = TRANSITIONS[RegulationKind.PERKADES]


def next_stages(regulation):
    return [s for s in Stage if s in TRANSITIONS[regulation.kind][regulation.stage]]


def create_regulation(actor, *, stage_since=None, **fields):
    regulation = Regulation(stage=Stage.DRAFTING, stage_since=stage_since or timezone.localdate(), **fields)
    with transaction.atomic():
        save_new(actor, regulation, perm="governance.edit_regulation")
        StageEvent.objects.create(regulation=regulation, from_stage="", to_stage=Stage.DRAFTING,
                                  date=regulation.stage_since, actor_name=str(actor)[:150])
    return regulation


def update_regulation(actor, regulation, before):
    return save_changes(actor, regulation, before, perm="governance.edit_regulation")


def move_stage(actor, regulation, to_stage, *, date=None, note="", number=""):
    """Moves a regulation to its next stage; enacting needs its number, every move is dated and logged."""
    date = date or timezone.localdate()
    allowed = TRANSITIONS[regulation.kind][regulation.stage]
    if to_stage not in allowed:
        fail("stage", _("%(kind)s tidak dapat berpindah dari tahap '%(old)s' ke '%(new)s'.")
             % {"kind": regulation.get_kind_display(), "old": regulation.get_stage_display(),
                "new": Stage(to_stage).label})
    if date > timezone.localdate():
        fail("date", _("Tanggal tahap tidak boleh di masa depan."))
    if date < regulation.stage_since:
        fail("date", _("Tanggal tidak boleh sebelum tahap sebelumnya (%(date)s).")
             % {"date": long_date(regulation.stage_since)})
    if to_stage == Stage.DRAFTING and not note.strip():
        fail("note", _("Tuliskan alasan draf dikembalikan untuk diperbaiki."))
    if to_stage == Stage.ENACTED:
        number = (number or regulation.number).strip()
        if not number:
            fail("number", _("Isi nomor peraturan saat menetapkannya, mis. 'Nomor 3 Tahun 2024'."))
        regulation.number = number
        regulation.enacted_on = date
    if to_stage == Stage.PROMULGATED:
        regulation.promulgated_on = date
    require_perm(actor, "governance.edit_regulation", regulation)
    old = regulation.stage
    regulation.stage = to_stage
    regulation.stage_since = date
    with transaction.atomic():
        regulation.save()
        StageEvent.objects.create(regulation=regulation, from_stage=old, to_stage=to_stage, date=date, note=note,
                                  actor_name=str(actor)[:150])
        record(actor, Action.TRANSITION, regulation, changes={"stage": [old, to_stage]}, note=note)
    return regulation


def add_version(actor, regulation, *, upload, label, date=None):
    require_perm(actor, "governance.edit_regulation", regulation)
    version = RegulationVersion(regulation=regulation, file=upload, label=label, date=date or timezone.localdate(),
                                stage=regulation.stage, uploaded_by=str(actor)[:150])
    version.full_clean()
    with transaction.atomic():
        version.save()
        log_create(actor, version)
        record(actor, Action.UPDATE, regulation, note=_("versi baru: %(label)s") % {"label": label})
    return version


def _check_budget(line):
    this_year = timezone.localdate().year
    if line.year and not (2015 <= line.year <= this_year + 1):
        fail("year", _("Tahun anggaran harus antara 2015 dan %(max)s.") % {"max": this_year + 1})


def create_budget_line(actor, **fields):
    line = BudgetLine(**fields)
    _check_budget(line)
    return save_new(actor, line, perm="governance.edit_budget")


def update_budget_line(actor, line, before):
    """Saves an edited line; a changed realisation is then recorded through record_realisation (its rules,
    its own audit entry), in the same transaction."""
    realised, line.realised = line.realised, before["realised"]
    _check_budget(line)
    with transaction.atomic():
        save_changes(actor, line, before, perm="governance.edit_budget")
        if realised != before["realised"]:
            record_realisation(actor, line, realised)
    return line


def record_realisation(actor, line, realised, note=""):
    """Realisation may exceed the plan only through a budget change (APBDes perubahan): edit the plan first."""
    if realised < 0:
        fail("realised", _("Realisasi tidak boleh negatif."))
    if realised > line.planned:
        fail("realised", _("Realisasi (Rp %(r)s) melebihi anggaran (Rp %(p)s). Ubah anggaran lewat APBDes "
                           "perubahan dahulu.") % {"r": thousands(realised), "p": thousands(line.planned)})
    before = snapshot(line)
    line.realised = realised
    return save_changes(actor, line, before, perm="governance.edit_budget", note=note)


def regulation_status(village_code):
    """The village's most advanced migrant-protection rule per kind, for the public profile."""
    rank = {s: i for i, s in enumerate([Stage.DRAFTING, Stage.CONSULTATION, Stage.BPD_DELIBERATION, Stage.ENACTED,
                                        Stage.PROMULGATED])}
    best = {}
    for reg in Regulation.objects.filter(village_id=village_code):
        if reg.kind not in best or rank[reg.stage] > rank[best[reg.kind].stage]:
            best[reg.kind] = reg
    return [best[k] for k in RegulationKind if k in best]


def budget_summary(village_code, year):
    lines = list(BudgetLine.objects.filter(village_id=village_code, year=year))
    planned = sum(b.planned for b in lines)
    realised = sum(b.realised for b in lines)
    return {"year": year, "lines": lines, "planned": planned, "realised": realised,
            "percent": round(realised * 100 / planned) if planned else 0}
