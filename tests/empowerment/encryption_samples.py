"""Samples of the empowerment models sealed in issue 19 point 3 (participants' names, phones and outcome notes; owners'
names and enterprise texts) for tests/core/test_encryption_keys.py::SAMPLES, every encrypted field filled."""

import datetime


def make_enrolment(operator):
    from empowerment.services import enrol, set_enrolment_outcome
    from tests.factories import ProgramFactory

    program = ProgramFactory(actor=operator, title="Pelatihan sampel", village="35.05.10.2002",
                             starts_on=datetime.date(2024, 1, 1))
    enrolment = enrol(operator, program, name="Kartini", phone="081234500098")
    return set_enrolment_outcome(operator, enrolment, status="completed", outcome="other", outcome_note="Catatan")


def make_enterprise(operator):
    from empowerment.services import create_enterprise

    return create_enterprise(operator, owner_name="Kartini", business_name="Jahit Kartini", sector="craft",
                             village_id="35.05.10.2002", revenue_band="lt5", started_on=datetime.date(2023, 1, 1),
                             description="Jahit seragam", support_received="Mesin jahit")


def empowerment_samples():
    return {"empowerment.Enrolment": make_enrolment, "empowerment.Enterprise": make_enterprise}
