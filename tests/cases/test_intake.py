import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import Action, AuditEntry
from cases import services
from cases.models import Case, ChecklistItem, Consent, ConsentKind, Priority, Status
from tests.conftest import GOGODESO, JATINOM


def test_intake_records_case_with_due_date_priority_and_timeline(jatinom_operator, make_case):
    case = make_case(jatinom_operator, received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    assert case.status == Status.RECEIVED
    assert case.village_id == JATINOM
    # unpaid_wages: 20 working days from Monday 2 March 2026, skipping weekends and the Nyepi/Idul Fitri holidays.
    assert case.due_date == services.compute_due_date("unpaid_wages", dt.date(2026, 3, 2))
    assert case.priority == Priority.NORMAL
    assert case.phone_last4 == "7890"
    assert case.timeline.count() == 1
    entries = AuditEntry.objects.filter(action=Action.CREATE, object_type="cases.case", object_id=str(case.pk))
    assert entries.count() == 1


def test_urgent_categories_are_always_urgent(jatinom_operator, make_case):
    for category in ("died_abroad", "trafficking", "employer_violence", "sexual_harassment"):
        case = make_case(jatinom_operator, category=category, priority="normal")
        assert case.priority == Priority.URGENT, category


def test_intake_outside_scope_is_refused(jatinom_operator, make_case):
    with pytest.raises(ValidationError) as exc:
        make_case(jatinom_operator, village=GOGODESO)
    assert exc.value.message_dict["village"] == ["Desa ini di luar wilayah kerja Anda."]
    assert Case.objects.count() == 0


def test_intake_without_worker_name_names_the_field(jatinom_operator, make_case):
    with pytest.raises(ValidationError) as exc:
        make_case(jatinom_operator, worker_name="  ")
    assert list(exc.value.message_dict) == ["worker_name"]


def test_intake_rejects_short_nik_and_encrypts_a_valid_one(jatinom_operator, make_case):
    with pytest.raises(ValidationError) as exc:
        make_case(jatinom_operator, worker_nik="3505")
    assert list(exc.value.message_dict) == ["worker_nik"]
    case = make_case(jatinom_operator, worker_nik="3505105203900001")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT worker_nik FROM cases_case WHERE id = %s", [case.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAAA") and "3505105203900001" not in stored
    assert Case.objects.get(pk=case.pk).worker_nik == "3505105203900001"


def test_intake_records_consents_with_text_version(jatinom_operator, make_case):
    case = make_case(jatinom_operator, consent_process=True, consent_share=True, consent_given_by="Sutrisno")
    kinds = sorted(Consent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [ConsentKind.PROCESS, ConsentKind.SHARE]
    consent = Consent.objects.get(case=case, kind=ConsentKind.SHARE)
    assert (consent.given_by, consent.text_version, consent.recorded_by) == ("Sutrisno", "2026-01", jatinom_operator)
    assert case.has_share_consent


def test_death_case_gets_its_checklist(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="died_abroad")
    codes = list(ChecklistItem.objects.filter(case=case).values_list("code", flat=True))
    assert codes == ["death_certificate", "body_repatriation", "heirs", "jkm_claim", "estate", "unpaid_wages"]


def test_unknown_extra_field_is_a_programming_error(jatinom_operator, make_case):
    with pytest.raises(TypeError):
        make_case(jatinom_operator, shoe_size=42)


def test_duplicates_are_suggested_by_nik_name_or_phone(jatinom_operator, make_case):
    first = make_case(jatinom_operator, worker_nik="3505105203900001")
    found = services.find_duplicates(jatinom_operator, worker_nik="3505105203900001")
    assert list(found) == [first]
    found = services.find_duplicates(jatinom_operator, village=JATINOM, worker_name="sri  wahyuni")
    assert list(found) == [first]
    found = services.find_duplicates(jatinom_operator, complainant_phone="+62 812-3456-7890")
    assert list(found) == [first]
    assert list(services.find_duplicates(jatinom_operator, village=JATINOM, worker_name="Lain")) == []
