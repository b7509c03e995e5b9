import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Action, AuditEntry
from cases import services
from cases.models import TRANSITIONS, CloseReason, EntryKind, ServiceStandard, Status
from tests.conftest import JATINOM


def test_every_status_has_a_transition_rule_and_final_states_are_final():
    assert set(TRANSITIONS) == set(Status)
    assert TRANSITIONS[Status.RESOLVED] == set()
    assert TRANSITIONS[Status.CLOSED] == set()


def test_legal_path_to_resolution_with_outcome(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    for to in (Status.VERIFIED, Status.IN_PROGRESS, Status.SETTLEMENT, Status.MEDIATION):
        case = services.transition(jatinom_operator, case, to)
    case = services.transition(jatinom_operator, case, Status.RESOLVED, wages_recovered=12_500_000,
                               documents_returned=True)
    assert case.status == Status.RESOLVED
    assert (case.wages_recovered, case.documents_returned) == (12_500_000, True)
    assert case.resolved_at is not None
    assert case.timeline.filter(kind=EntryKind.STATUS).count() == 5
    assert AuditEntry.objects.filter(action=Action.TRANSITION, object_id=str(case.pk)).count() == 5


def test_illegal_transition_is_refused_and_changes_nothing(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, case, Status.RESOLVED, outcome_note="x")
    assert exc.value.message_dict["status"] == ['Status tidak dapat berubah dari "Diterima" ke "Selesai".']
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_final_case_cannot_move(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    case = services.transition(jatinom_operator, case, Status.VERIFIED)
    case = services.transition(jatinom_operator, case, Status.IN_PROGRESS)
    case = services.transition(jatinom_operator, case, Status.RESOLVED, repatriated=True)
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.IN_PROGRESS)


def test_resolving_needs_an_outcome(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    services.transition(jatinom_operator, case, Status.VERIFIED)
    services.transition(jatinom_operator, case, Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, case, Status.RESOLVED)
    assert list(exc.value.message_dict) == ["outcome"]


def _aged(make_case, actor, days):
    return make_case(actor, received_at=timezone.now() - dt.timedelta(days=days))


def test_close_docs_incomplete_only_after_30_days(jatinom_operator, make_case):
    young = _aged(make_case, jatinom_operator, 29)
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, young, Status.CLOSED, close_reason=CloseReason.DOCS_INCOMPLETE)
    assert "30 hari" in exc.value.message_dict["close_reason"][0]
    old = _aged(make_case, jatinom_operator, 31)
    old = services.transition(jatinom_operator, old, Status.CLOSED, close_reason=CloseReason.DOCS_INCOMPLETE)
    assert (old.status, old.close_reason) == (Status.CLOSED, CloseReason.DOCS_INCOMPLETE)


def test_close_no_clarity_needs_a_request_15_working_days_old(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.NO_CLARITY)
    assert "klarifikasi diminta" in exc.value.message_dict["close_reason"][0]
    case = services.transition(jatinom_operator, case, Status.CLARIFICATION)
    asked = timezone.localdate(case.clarification_requested_at)
    limit = services.lokal.add_working_days(asked, 15)
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.NO_CLARITY,
                            today=limit - dt.timedelta(days=1))
    case = services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.NO_CLARITY, today=limit)
    assert case.status == Status.CLOSED


def test_close_unreachable_counts_from_last_contact(jatinom_operator, make_case):
    case = _aged(make_case, jatinom_operator, 90)
    services.add_entry(jatinom_operator, case, EntryKind.CALL, "Telepon tidak diangkat",
                       at=timezone.now() - dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.UNREACHABLE)
    case = services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.UNREACHABLE,
                               today=timezone.localdate() + dt.timedelta(days=50))
    assert case.close_reason == CloseReason.UNREACHABLE


def test_close_handed_over_needs_a_live_referral(jatinom_operator, make_case, bpjs):
    case = make_case(jatinom_operator, consent_share=True)
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.HANDED_OVER)
    services.refer_case(jatinom_operator, case, bpjs, request="Mohon tangani klaim.")
    case.refresh_from_db()
    case = services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.HANDED_OVER)
    assert case.status == Status.CLOSED


def test_close_no_response_after_six_months(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.NO_RESPONSE,
                            today=timezone.localdate() + dt.timedelta(days=150))
    later = services.add_months(timezone.localdate(), 6)
    case = services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.NO_RESPONSE,
                               today=later)
    assert case.status == Status.CLOSED


def test_close_other_needs_text(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError):
        services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.OTHER, close_note=" ")
    case = services.transition(jatinom_operator, case, Status.CLOSED, close_reason=CloseReason.OTHER,
                               close_note="Pengadu mencabut pengaduan.")
    assert case.close_note == "Pengadu mencabut pengaduan."


def test_operator_of_another_village_cannot_move_the_case(jatinom_operator, gogodeso_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(PermissionDenied):
        services.transition(gogodeso_operator, case, Status.VERIFIED)


def test_due_date_follows_the_edited_service_standard(jatinom_operator, make_case):
    ServiceStandard.objects.create(category="unpaid_wages", working_days=3, priority="high")
    received = dt.datetime(2026, 8, 14, 9, tzinfo=dt.UTC)  # Friday; 17 August (Monday) is Independence Day
    case = make_case(jatinom_operator, received_at=received)
    assert case.due_date == dt.date(2026, 8, 20)
    assert case.priority == "high"


def test_default_due_date_skips_weekends(jatinom_operator, make_case):
    # trafficking: 5 working days; received on Saturday 3 October 2026 -> Monday 5 .. Friday 9 October.
    case = make_case(jatinom_operator, category="trafficking", received_at=dt.datetime(2026, 10, 3, 3, tzinfo=dt.UTC))
    assert case.due_date == dt.date(2026, 10, 9)


def test_overdue_queryset_lists_only_open_cases_past_due(jatinom_operator, make_case):
    from cases.models import Case

    late = _aged(make_case, jatinom_operator, 60)
    make_case(jatinom_operator)
    done = _aged(make_case, jatinom_operator, 60)
    services.transition(jatinom_operator, done, Status.CLOSED, close_reason=CloseReason.DOCS_INCOMPLETE)
    assert list(Case.objects.visible_to(jatinom_operator).overdue()) == [late]


def test_assigning_a_handler_outside_the_village_is_refused(jatinom_operator, gogodeso_operator, make_case):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError):
        services.assign_handler(jatinom_operator, case, gogodeso_operator)
    services.assign_handler(jatinom_operator, case, jatinom_operator)
    case.refresh_from_db()
    assert case.handler == jatinom_operator


def test_ministry_ticket_is_recorded_on_the_timeline(jatinom_operator, make_case):
    case = make_case(jatinom_operator)
    services.update_case(jatinom_operator, case, ministry_ticket="SIPP-2026-000123",
                         ministry_filed_at=dt.date(2026, 5, 4))
    case.refresh_from_db()
    assert case.ministry_ticket == "SIPP-2026-000123"
    assert len([e for e in case.timeline.all() if "SIPP-2026-000123" in e.text]) == 1  # the text is sealed
    assert case.village_id == JATINOM
