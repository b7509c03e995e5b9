"""Case, referral, claim, empowerment and governance indicators: expected values counted by hand."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from reports import rollup
from reports.services import figures_for

from ..conftest import BLITAR, GOGODESO, JATINOM
from .test_migration_indicators import value

TODAY = date(2026, 5, 15)


def at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 9, 0))


@pytest.fixture
def cases(regions):
    from accounts.models import Organisation
    from cases.models import Case, Claim, Referral

    def case(village, category, status, received, due, resolved=None):
        return Case.objects.create(village_id=village, category=category, status=status, received_at=received,
                                   due_date=due, resolved_at=resolved, description="x", complainant_name="A",
                                   worker_name="B")

    c1 = case(JATINOM, "unpaid_wages", "resolved", at(2026, 1, 3), date(2026, 2, 1), at(2026, 1, 13))  # 10 days
    c2 = case(JATINOM, "unpaid_wages", "resolved", at(2026, 2, 1), date(2026, 3, 1), at(2026, 3, 3))  # 30 days
    c3 = case(JATINOM, "job_fraud", "in_progress", at(2026, 3, 1), date(2026, 4, 1))  # overdue on 15 May
    case(JATINOM, "trafficking", "received", at(2026, 5, 10), date(2026, 5, 20))  # open, not overdue
    case(GOGODESO, "job_fraud", "resolved", at(2026, 1, 5), date(2026, 2, 1), at(2026, 1, 25))  # 20 days
    disnaker = Organisation.objects.create(name="Disnaker Blitar", kind="manpower_office")
    bpjs = Organisation.objects.create(name="BPJS Blitar", kind="bpjs")
    Referral.objects.create(case=c1, organisation=disnaker, status="accepted", request="r", sent_at=at(2026, 1, 4))
    Referral.objects.create(case=c3, organisation=disnaker, status="declined", request="r", sent_at=at(2026, 3, 2))
    Referral.objects.create(case=c3, organisation=bpjs, status="sent", request="r", sent_at=at(2026, 3, 5))
    for status, amount, paid in [("paid", 42_000_000, date(2026, 2, 10)), ("paid", 15_000_000, date(2026, 3, 1)),
                                 ("rejected", 0, None)]:
        claim = Claim.objects.create(case=c2, claim_type="jkm" if amount == 42_000_000 else "jkk", status=status,
                                     amount_paid=amount, paid_date=paid)
        Claim.objects.filter(pk=claim.pk).update(created_at=at(2026, 2, 5))
    return c1, c2, c3


def test_complaints_by_month_category_and_state(cases):
    rollup.rebuild_all(today=TODAY)
    assert [value(JATINOM, "complaints", month=m) for m in (1, 2, 3, 4, 5)] == [1, 1, 1, 0, 1]
    assert value(JATINOM, "complaints", dimension="category", dim_value="unpaid_wages") == 2
    assert value(JATINOM, "complaints", dimension="state", dim_value="resolved") == 2
    assert value(BLITAR, "complaints", dimension="category", dim_value="job_fraud") == 2


def test_open_and_overdue_cases_are_stocks_of_today(cases):
    rollup.rebuild_all(today=TODAY)
    assert value(JATINOM, "cases_open", month=5) == 2
    assert value(JATINOM, "overdue_cases", month=5) == 1
    assert value(GOGODESO, "overdue_cases", month=5) == 0


def test_median_days_to_resolve_is_exact_at_every_level(cases):
    rollup.rebuild_all(today=TODAY)
    # Jatinom: 10 and 30 days -> 20. Kecamatan Wlingi-side (35.05.10): 10, 20, 30 -> 20. Gogodeso alone: 20.
    assert figures_for(JATINOM, 2026).total("median_days_to_resolve") == 20.0
    assert figures_for("35.05.10", 2026).total("median_days_to_resolve") == 20.0
    assert figures_for(GOGODESO, 2026).total("median_days_to_resolve") == 20.0
    assert value(JATINOM, "resolved_days", month=1) == 1
    assert value(JATINOM, "resolved_days", month=3) == 1


def test_referrals_by_organisation_and_answer(cases):
    from accounts.models import Organisation

    rollup.rebuild_all(today=TODAY)
    disnaker = Organisation.objects.get(name="Disnaker Blitar")
    assert value(JATINOM, "referrals") == 3
    assert value(JATINOM, "referrals", dimension="organisation", dim_value=str(disnaker.pk)) == 2
    assert value(JATINOM, "referrals", dimension="answer", dim_value="declined") == 1
    assert value(JATINOM, "referrals", dimension="organisation_kind", dim_value="bpjs") == 1


def test_claims_by_type_and_state_and_amount_paid(cases):
    rollup.rebuild_all(today=TODAY)
    assert value(JATINOM, "claims", month=2) == 3
    assert value(JATINOM, "claims", dimension="state", dim_value="paid") == 2
    assert value(JATINOM, "claims", dimension="type", dim_value="jkm") == 1
    assert value(JATINOM, "claims_paid_amount", month=2) == 42_000_000
    assert value(JATINOM, "claims_paid_amount", month=3) == 15_000_000
    assert value("", "claims_paid_amount") == 57_000_000


@pytest.fixture
def empowerment(regions):
    from empowerment.models import Enrolment, Enterprise, Program

    p1 = Program.objects.create(village_id=JATINOM, title="Pelatihan", target_group="returnee",
                                starts_on=date(2026, 2, 1), status="running")
    Program.objects.create(village_id=GOGODESO, title="Literasi", target_group="family",
                           starts_on=date(2026, 3, 1), status="planned")
    for day, group in [(date(2026, 1, 20), "returnee"), (date(2026, 1, 25), "returnee"), (date(2026, 2, 1), "family")]:
        Enrolment.objects.create(program=p1, name="Peserta", participant_group=group, enrolled_on=day)
    for status in ["active", "active", "closed"]:
        Enterprise.objects.create(village_id=JATINOM, owner_name="Bu Sri", business_name="Keripik",
                                  sector=Enterprise._meta.get_field("sector").choices[0][0],
                                  started_on=date(2024, 1, 1),
                                  revenue_band=Enterprise._meta.get_field("revenue_band").choices[0][0], status=status)


def test_programs_participants_and_enterprises(empowerment):
    rollup.rebuild_all(today=TODAY)
    assert value(JATINOM, "programs", month=2) == 1
    assert value("35.05.10", "programs") == 2
    assert value(JATINOM, "program_participants", month=1) == 2
    assert value(JATINOM, "program_participants", dimension="group", dim_value="family") == 1
    assert value(JATINOM, "enterprises", month=5) == 2


@pytest.fixture
def governance(regions):
    from governance.models import BudgetLine, Regulation
    from village_services.models import Service

    Regulation.objects.create(village_id=JATINOM, kind="perdes", title="Perdes PMI", stage="enacted",
                              stage_since=date(2025, 11, 1))
    Regulation.objects.create(village_id=JATINOM, kind="sop", title="SOP", stage="drafting",
                              stage_since=date(2026, 1, 1))
    Regulation.objects.create(village_id=GOGODESO, kind="perkades", title="Perkades", stage="promulgated",
                              stage_since=date(2025, 1, 1))
    BudgetLine.objects.create(village_id=JATINOM, year=2026, title="Pendataan", category="data", planned=10_000_000,
                              realised=4_000_000)
    BudgetLine.objects.create(village_id=JATINOM, year=2025, title="Lama", category="data", planned=99_000_000)
    Service.objects.create(village_id=JATINOM, code="skck", name="Surat pengantar", eligibility="warga",
                           requirements="KTP", steps="datang", responsible_officer="Kaur")


def test_regulation_sop_and_budget_status(governance):
    rollup.rebuild_all(today=TODAY)
    assert value(JATINOM, "regulations", month=5) == 2
    assert value(JATINOM, "regulations", month=5, dimension="stage", dim_value="drafting") == 1
    assert value(JATINOM, "regulations_in_force", month=5) == 1
    assert value("35.05.10", "regulations_in_force", month=5) == 2
    assert value(JATINOM, "sop_services", month=5) == 1
    assert value(JATINOM, "budget_planned", month=5) == 10_000_000
    assert value(JATINOM, "budget_realised", month=5) == 4_000_000


def test_readiness_counts_checks_met_per_village(governance):
    from governance import readiness

    rollup.rebuild_all(today=TODAY)
    jatinom = readiness.for_village(JATINOM, today=TODAY)
    assert value(JATINOM, "readiness_met", month=5) == jatinom.met
    assert value(JATINOM, "readiness_met", month=5, dimension="check", dim_value="regulation") == 1
    assert value(JATINOM, "readiness_met", month=5, dimension="check", dim_value="budget") == 1
    assert value(BLITAR, "readiness_villages", month=5) == 248
    # Jatinom: regulation + sop + budget (+ registry when people/placements changed lately) met.
    assert jatinom.met >= 3
    from regions.models import Region

    villages = Region.objects.villages().within("35.05.10").count()
    assert villages == 12
    gogodeso = readiness.for_village(GOGODESO, today=TODAY)
    met = value("35.05.10", "readiness_met", month=5)
    assert met == jatinom.met + gogodeso.met  # the other ten villages have nothing recorded
    assert figures_for("35.05.10", 2026).total("readiness") == round(met / 12, 1)


def test_a_stock_keeps_each_month_end_value(governance):
    from governance.models import Regulation

    rollup.rebuild_all(today=date(2026, 4, 30))
    Regulation.objects.create(village_id=JATINOM, kind="perdes", title="Baru", stage="enacted",
                              stage_since=date(2026, 5, 2))
    rollup.rebuild_all(today=TODAY)
    assert value(JATINOM, "regulations_in_force", month=4) == 1
    assert value(JATINOM, "regulations_in_force", month=5) == 2
    assert figures_for(JATINOM, 2026).total("regulations_in_force") == 2
