import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from empowerment import services
from empowerment.models import EnrolmentStatus, Outcome, ProgramStatus
from tests.conftest import GOGODESO, JATINOM
from tests.factories import ProgramFactory

D = datetime.date


@pytest.fixture
def program(jatinom_operator):
    return ProgramFactory(actor=jatinom_operator, title="Pelatihan kewirausahaan", target_group="returnee",
                          village=JATINOM, starts_on=D(2024, 1, 1), ends_on=D(2024, 3, 31), capacity=2)


def test_program_status_moves_forward_only(program, jatinom_operator):
    services.change_program_status(jatinom_operator, program, ProgramStatus.RUNNING)
    with pytest.raises(ValidationError):
        services.change_program_status(jatinom_operator, program, ProgramStatus.PLANNED)
    with pytest.raises(ValidationError) as err:
        services.change_program_status(jatinom_operator, program, ProgramStatus.COMPLETED)
    assert list(err.value.message_dict) == ["outcome_summary"]
    services.change_program_status(jatinom_operator, program, ProgramStatus.COMPLETED, outcome_summary="5 usaha baru")
    assert program.status == ProgramStatus.COMPLETED


def test_enrolment_respects_capacity_and_duplicates(program, jatinom_operator):
    services.enrol(jatinom_operator, program, name="Sri")
    with pytest.raises(ValidationError):
        services.enrol(jatinom_operator, program, name="sri ")
    services.enrol(jatinom_operator, program, name="Kartini")
    with pytest.raises(ValidationError) as err:
        services.enrol(jatinom_operator, program, name="Sumarni")
    assert "Kuota" in err.value.message_dict["name"][0]


def test_attendance_and_rate(program, jatinom_operator):
    s1 = services.add_session(jatinom_operator, program, date=D(2024, 1, 10), topic="Rencana usaha")
    s2 = services.add_session(jatinom_operator, program, date=D(2024, 2, 10), topic="Keuangan")
    a = services.enrol(jatinom_operator, program, name="Sri")
    b = services.enrol(jatinom_operator, program, name="Kartini")
    services.record_attendance(jatinom_operator, s1, [a.pk, b.pk])
    services.record_attendance(jatinom_operator, s2, [a.pk])
    assert services.attendance_rate(program) == 75
    services.record_attendance(jatinom_operator, s2, [a.pk, b.pk])  # corrected: both came
    assert services.attendance_rate(program) == 100


def test_attendance_refuses_people_not_enrolled(program, jatinom_operator):
    s1 = services.add_session(jatinom_operator, program, date=D(2024, 1, 10), topic="Rencana usaha")
    with pytest.raises(ValidationError):
        services.record_attendance(jatinom_operator, s1, [99999])


def test_session_outside_the_program_dates_is_refused(program, jatinom_operator):
    with pytest.raises(ValidationError) as err:
        services.add_session(jatinom_operator, program, date=D(2024, 5, 1), topic="x")
    assert list(err.value.message_dict) == ["date"]


def test_outcome_is_recorded_and_audited(program, jatinom_operator):
    from audit.models import Action, AuditEntry

    e = services.enrol(jatinom_operator, program, name="Sri")
    services.set_enrolment_outcome(jatinom_operator, e, status=EnrolmentStatus.COMPLETED,
                                   outcome=Outcome.STARTED_BUSINESS)
    entry = AuditEntry.objects.get(action=Action.TRANSITION, object_id=str(e.pk), object_type="empowerment.enrolment")
    assert entry.changes == {"status": ["enrolled", "completed"], "outcome": ["", "started_business"]}


def test_enterprise_links_the_programs_that_helped(program, jatinom_operator):
    ent = services.create_enterprise(jatinom_operator, owner_name="Sri", business_name="Keripik Sri", sector="food",
                                     village_id=JATINOM, started_on=D(2023, 5, 1), revenue_band="lt5",
                                     programs=[program])
    assert list(program.enterprises.all()) == [ent]


def test_enterprise_outside_scope_is_refused(jatinom_operator):
    with pytest.raises(PermissionDenied):
        services.create_enterprise(jatinom_operator, owner_name="X", business_name="Y", sector="food",
                                   village_id=GOGODESO, started_on=D(2023, 5, 1), revenue_band="lt5")


def test_program_pages_are_scoped(client_for, program, gogodeso_operator, jatinom_operator):
    assert client_for(gogodeso_operator).get(f"/pemberdayaan/program/{program.pk}/").status_code == 404
    assert "Pelatihan kewirausahaan" in client_for(jatinom_operator).get("/pemberdayaan/").content.decode()
