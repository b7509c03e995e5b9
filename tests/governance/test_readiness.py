"""Readiness on a hand-made fixture: four Blitar villages, each check met or missed on purpose."""

import datetime

import pytest
from django.utils import timezone

from community import services as community
from governance import readiness
from governance import services as gov
from governance.models import RegulationKind, Stage, Topic
from tests.conftest import GOGODESO, JATINOM, PANDANARUM, SUMBERAGUNG

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _enact(actor, village, kind, topic=Topic.PROTECTION, upto=Stage.ENACTED):
    reg = gov.create_regulation(actor, kind=kind, topic=topic, village_id=village, title="Pelindungan PMI",
                                stage_since=TODAY - 60 * DAY)
    path = [Stage.BPD_DELIBERATION, Stage.ENACTED] if kind == RegulationKind.PERDES else [Stage.ENACTED]
    for i, stage in enumerate(path):
        gov.move_stage(actor, reg, stage, date=TODAY - (30 - i) * DAY, number="Nomor 1 Tahun 2026")
        if stage == upto:
            break
    return reg


def _case(village, *, received_days_ago, due_in_days, status, finished_days_ago=None):
    from cases.models import Case

    received = timezone.now() - received_days_ago * DAY
    case = Case.objects.create(
        village_id=village, category="unpaid_wages", description="Gaji tidak dibayar 4 bulan",
        complainant_name="Keluarga", worker_name="Pekerja", received_at=received,
        due_date=(received + due_in_days * DAY).date(), status=status,
        resolved_at=(timezone.now() - finished_days_ago * DAY) if finished_days_ago is not None else None,
    )
    return case


@pytest.fixture
def villages(regions, make_user):
    from accounts.models import Role
    from people.models import Person
    from village_services.models import Service

    admin = make_user("fasilitator", (Role.NGO_FACILITATOR, "35.05"))
    # Jatinom: every check met.
    _enact(admin, JATINOM, RegulationKind.PERDES)
    Service.objects.create(village_id=JATINOM, code="keterangan-cpmi", name="Surat keterangan calon PMI",
                           eligibility="Calon PMI", requirements="KTP", steps="Datang", responsible_officer="Kasi")
    group = community.create_group(admin, name="KOPI Jatinom", kind="kopi", village_id=JATINOM)
    community.record_activity(admin, group, kind="meeting", title="Rapat", date=TODAY - 30 * DAY)
    gov.create_budget_line(admin, village_id=JATINOM, year=TODAY.year, title="Pendataan", category="data",
                           planned=5_000_000)
    Person.objects.create(village_id=JATINOM, nik="3505104107850001", name="Siti", sex="P",
                          birth_date=datetime.date(1985, 7, 1))
    _case(JATINOM, received_days_ago=100, due_in_days=20, status="resolved", finished_days_ago=85)

    # Gogodeso: Perdes still at the BPD, an SOP document in force, a group silent for 200 days, last year's
    # budget only, no registry, an open case past its due date.
    _enact(admin, GOGODESO, RegulationKind.PERDES, upto=Stage.BPD_DELIBERATION)
    _enact(admin, GOGODESO, RegulationKind.SOP, topic=Topic.MIGRATION_SOP)
    quiet = community.create_group(admin, name="KOPI Gogodeso", kind="kopi", village_id=GOGODESO)
    community.record_activity(admin, quiet, kind="meeting", title="Rapat lama", date=TODAY - 200 * DAY)
    gov.create_budget_line(admin, village_id=GOGODESO, year=TODAY.year - 1, title="Sosialisasi",
                           category="information", planned=2_000_000)
    _case(GOGODESO, received_days_ago=60, due_in_days=20, status="in_progress")

    # Pandanarum: nothing at all; a Jatinom group active there counts for it.
    group.other_villages.add(PANDANARUM)
    community.record_activity(admin, group, kind="outreach", title="Sosialisasi", date=TODAY - 10 * DAY,
                              village_id=PANDANARUM)

    # Sumberagung: an enacted Perkades on empowerment, a person record untouched for 100 days, a case
    # finished late, an active group marked inactive.
    _enact(admin, SUMBERAGUNG, RegulationKind.PERKADES, topic=Topic.EMPOWERMENT)
    old = Person.objects.create(village_id=SUMBERAGUNG, nik="3505154107850002", name="Sri", sex="P",
                                birth_date=datetime.date(1985, 7, 1))
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - 100 * DAY)
    _case(SUMBERAGUNG, received_days_ago=100, due_in_days=10, status="resolved", finished_days_ago=50)
    inactive = community.create_group(admin, name="KOPI Sumberagung", kind="kopi", village_id=SUMBERAGUNG,
                                      is_active=False)
    community.record_activity(admin, inactive, kind="meeting", title="Rapat", date=TODAY - 5 * DAY)


def _row(rows, code):
    return next(r for r in rows if r.village.code == code)


def test_readiness_checklist_per_village(villages):
    rows = readiness.compute(area="35.05")
    assert len(rows) == 248
    table = {code: _row(rows, code).checks for code in (JATINOM, GOGODESO, PANDANARUM, SUMBERAGUNG)}
    assert table[JATINOM] == {"regulation": True, "sop": True, "group": True, "budget": True, "registry": True,
                              "cases": True}
    assert table[GOGODESO] == {"regulation": False, "sop": True, "group": False, "budget": False,
                               "registry": False, "cases": False}
    assert table[PANDANARUM] == {"regulation": False, "sop": False, "group": True, "budget": False,
                                 "registry": False, "cases": None}
    assert table[SUMBERAGUNG] == {"regulation": True, "sop": False, "group": False, "budget": False,
                                  "registry": False, "cases": False}


def test_readiness_score_counts_only_applicable_checks(villages):
    rows = readiness.compute(area="35.05")
    jatinom, pandanarum = _row(rows, JATINOM), _row(rows, PANDANARUM)
    assert (jatinom.met, jatinom.applicable, jatinom.ready) == (6, 6, True)
    assert (pandanarum.met, pandanarum.applicable, pandanarum.ready) == (1, 5, False)
    assert pandanarum.missing == ["regulation", "sop", "budget", "registry"]


def test_case_note_explains_the_standard(villages):
    row = readiness.for_village(SUMBERAGUNG)
    assert row.notes["cases"] == "0 lewat batas; 0 dari 1 selesai tepat waktu"


def test_readiness_queries_do_not_grow_with_villages(villages, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        readiness.compute(area="35.05")
