"""Village readiness for migrant protection: a checklist computed from the data.

One row per village, six checks, each read from the app that owns the data:

- regulation: a Perdes or Perkades on migrant protection or empowerment in force (enacted/promulgated);
- sop: a migration service SOP — an active service in the village's catalogue (village_services.village_checks),
  or an SOP document in force (this app);
- group: a community group marked active with a recent activity (community.village_checks);
- budget: a budget line for this year with a planned amount;
- registry: a person (people) or placement (migrants) record of the village changed in the last
  REGISTRY_FRESH_DAYS days — a register nobody touches for three months is not being kept;
- cases: cases handled within the service standard (cases app): over the last CASE_WINDOW_DAYS days, no
  open case past its due date and at least CASE_ON_TIME_PERCENT % of finished cases finished by it.
  A village without cases in the window has nothing to judge: the check is "not applicable".

Each check is one grouped query over the area (not one query per village), so a regency of 250 villages
or a province of 8,000 costs the same handful of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import code_q
from cases.models import Case
from core.registry import village_check_help, village_checks
from migrants.models import Placement
from people.models import Person
from regions.models import Level, Region

from .models import IN_FORCE_STAGES, BudgetLine, Regulation, RegulationKind, Topic

REGISTRY_FRESH_DAYS = 90
CASE_WINDOW_DAYS = 365
CASE_ON_TIME_PERCENT = 80

CHECKS = [
    ("regulation", _("Perdes/Perkades ditetapkan")),
    ("sop", _("SOP layanan migrasi")),
    ("group", _("Kelompok komunitas aktif")),
    ("budget", _("Anggaran tahun ini")),
    ("registry", _("Pendataan terbarui")),
    ("cases", _("Kasus ditangani sesuai standar")),
]


def check_help():
    """Explanation of each check, in the current language."""
    return {
        "regulation": _("Perdes atau Perkades pelindungan/pemberdayaan PMI berstatus ditetapkan atau diundangkan."),
        "sop": _("Ada layanan aktif di katalog SOP desa, atau dokumen SOP yang sudah ditetapkan."),
        # The checks other apps answer (community's "group") explain themselves.
        **village_check_help(),
        "budget": _("Ada mata anggaran APBDes tahun berjalan untuk pelindungan PMI."),
        "registry": _("Data warga atau penempatan PMI desa diperbarui dalam %(days)s hari terakhir.")
        % {"days": REGISTRY_FRESH_DAYS},
        "cases": _("Setahun terakhir: tidak ada kasus terbuka yang lewat batas waktu, dan minimal %(p)s%% kasus "
                   "selesai tepat waktu.") % {"p": CASE_ON_TIME_PERCENT},
    }


@dataclass
class VillageReadiness:
    village: Region
    checks: dict = field(default_factory=dict)  # key -> True / False / None (not applicable)
    notes: dict = field(default_factory=dict)  # key -> short explanation

    @property
    def met(self):
        return sum(1 for v in self.checks.values() if v is True)

    @property
    def applicable(self):
        return sum(1 for v in self.checks.values() if v is not None)

    @property
    def missing(self):
        return [key for key, _label in CHECKS if self.checks.get(key) is False]

    @property
    def ready(self):
        return self.applicable > 0 and self.met == self.applicable

    def cells(self):
        return [(key, label, self.checks.get(key), self.notes.get(key, "")) for key, label in CHECKS]


def _villages_with(qs, area):
    if area and area.count(".") == 3:
        # One village (a village's rollup refresh): is there any such row, not every row of a large village.
        return {area} if qs.filter(village_id=area).exists() else set()
    if area:
        qs = qs.filter(code_q("village__code", area))
    # order_by(): a model's default ordering would make DISTINCT return every row (village, date, id).
    return set(qs.order_by().values_list("village_id", flat=True).distinct())


def regulation_villages(area):
    qs = Regulation.objects.filter(kind__in=[RegulationKind.PERDES, RegulationKind.PERKADES],
                                   topic__in=[Topic.PROTECTION, Topic.EMPOWERMENT], stage__in=IN_FORCE_STAGES)
    return _villages_with(qs, area)


def sop_villages(area):
    """An SOP document in force (the catalogue half comes from village_services' village_checks)."""
    return _villages_with(Regulation.objects.filter(kind=RegulationKind.SOP, stage__in=IN_FORCE_STAGES), area)


def budget_villages(area, today):
    return _villages_with(BudgetLine.objects.filter(year=today.year, planned__gt=0), area)


def registry_villages(area, today):
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=REGISTRY_FRESH_DAYS),
                                                          datetime.time.min))
    found = set()
    for model in (Person, Placement):
        found |= _villages_with(model.objects.filter(updated_at__gte=since), area)
    return found


def case_standing(area, today):
    """{village: (met, note)} for villages with cases in the window; absent villages are not applicable."""
    finished_statuses = ["resolved", "closed"]
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=CASE_WINDOW_DAYS),
                                                          datetime.time.min))
    qs = Case.objects.filter(received_at__gte=since, due_date__isnull=False)
    if area:
        qs = qs.filter(code_q("village__code", area))
    on_time = Q(status__in=finished_statuses) & (
        Q(resolved_at__isnull=False, resolved_at__date__lte=F("due_date"))
        | Q(resolved_at__isnull=True, closed_at__isnull=False, closed_at__date__lte=F("due_date"))
    )
    rows = qs.values("village_id").annotate(
        total=Count("pk"),
        overdue=Count("pk", filter=~Q(status__in=finished_statuses) & Q(due_date__lt=today)),
        finished=Count("pk", filter=Q(status__in=finished_statuses)),
        on_time=Count("pk", filter=on_time),
    )
    result = {}
    for row in rows:
        share = round(row["on_time"] * 100 / row["finished"]) if row["finished"] else None
        met = row["overdue"] == 0 and (share is None or share >= CASE_ON_TIME_PERCENT)
        note = _("%(overdue)s lewat batas; %(on_time)s dari %(finished)s selesai tepat waktu") % row
        result[row["village_id"]] = (met, note)
    return result


def compute(area=None, today=None, villages=None):
    """Readiness rows for every village in `area` (a region code; None = the whole country).

    `villages` may restrict the rows to given Region objects (e.g. a user's scope).
    """
    today = today or timezone.localdate()
    if villages is None:
        villages = Region.objects.filter(level=Level.VILLAGE, is_active=True)
        if area:
            villages = villages.filter(code_q("code", area))
    villages = list(villages)
    regulation = regulation_villages(area)
    # What the peer apps' data answers (village_services: "sop", community: "group"): core.registry.
    answered = village_checks(area, today)
    sop = sop_villages(area) | answered.get("sop", set())
    groups = answered.get("group", set())
    budget = budget_villages(area, today)
    registry = registry_villages(area, today)
    cases = case_standing(area, today)
    rows = []
    for village in villages:
        code = village.code
        row = VillageReadiness(village=village)
        row.checks = {
            "regulation": code in regulation,
            "sop": code in sop,
            "group": code in groups,
            "budget": code in budget,
            "registry": code in registry,
            "cases": cases[code][0] if code in cases else None,
        }
        if code in cases:
            row.notes["cases"] = cases[code][1]
        rows.append(row)
    return rows


def for_village(code, today=None):
    village = Region.objects.get(code=code)
    return compute(area=code, today=today, villages=[village])[0]
