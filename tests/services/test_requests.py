import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from village_services.models import Channel, RequestStatus, Service, ServiceRequest
from village_services.services import (
    add_working_days,
    elapsed_working_days,
    is_overdue,
    overdue_q,
    set_requirements,
    submit_request,
    transition_request,
)

from .conftest import NIK


@pytest.fixture
def cpmi_service(jatinom_catalogue):
    return Service.objects.get(village=jatinom_catalogue, code="keterangan-cpmi")


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_counter_request_gets_due_date_from_time_standard_in_working_days(jatinom_operator, cpmi_service):
    # Friday 6 March 2026 + 1 working day = Monday 9 March.
    req = submit_request(service=cpmi_service, applicant_name="Siti Aminah", nik=NIK, actor=jatinom_operator,
                         received_at=at(2026, 3, 6))
    assert req.due_date == datetime.date(2026, 3, 9)
    assert req.channel == Channel.COUNTER and req.status == RequestStatus.SUBMITTED
    assert len(req.tracking_code) == 10


def test_national_holidays_are_not_working_days():
    # 17 August 2026 (Independence Day) is a Monday.
    assert add_working_days(datetime.date(2026, 8, 14), 1) == datetime.date(2026, 8, 18)


def test_years_without_holiday_data_still_skip_weekends():
    assert add_working_days(datetime.date(2030, 3, 1), 1) == datetime.date(2030, 3, 4)


def test_online_request_requires_nik_and_phone(cpmi_service):
    with pytest.raises(ValidationError) as exc:
        submit_request(service=cpmi_service, applicant_name="Siti", channel=Channel.ONLINE)
    assert exc.value.message_dict == {
        "nik": ["NIK wajib diisi."],
        "phone": ["Nomor HP wajib diisi agar petugas dapat menghubungi Anda."],
    }


def test_online_request_refused_for_service_not_accepting_online(cpmi_service):
    cpmi_service.accepts_online = False
    cpmi_service.save()
    with pytest.raises(ValidationError):
        submit_request(service=cpmi_service, applicant_name="Siti", nik=NIK, phone="081234567890",
                       channel=Channel.ONLINE)


def test_online_request_stores_nik_encrypted_and_phone_normalised(cpmi_service):
    from django.db import connection

    req = submit_request(service=cpmi_service, applicant_name="Siti", nik=NIK, phone="0812-3456-7890",
                         channel=Channel.ONLINE)
    assert req.applicant_phone == "+6281234567890" and req.handled_by is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT applicant_nik FROM services_servicerequest WHERE id = %s", [req.pk])
        assert NIK not in cursor.fetchone()[0]
    assert ServiceRequest.objects.get(pk=req.pk).applicant_nik == NIK


def test_invalid_nik_is_refused(jatinom_operator, cpmi_service):
    with pytest.raises(ValidationError) as exc:
        submit_request(service=cpmi_service, applicant_name="Siti", nik="3505109999990001", actor=jatinom_operator)
    assert exc.value.message_dict == {
        "nik": ["Tanggal lahir pada NIK (digit 7–8, 99) harus 01–31, atau 41–71 untuk perempuan."]}


def test_other_village_operator_cannot_take_counter_request(gogodeso_operator, cpmi_service):
    with pytest.raises(PermissionDenied):
        submit_request(service=cpmi_service, applicant_name="Siti", actor=gogodeso_operator)


def test_requirements_keep_only_known_items_in_order(jatinom_operator, cpmi_service):
    req = submit_request(service=cpmi_service, applicant_name="Siti", actor=jatinom_operator)
    set_requirements(jatinom_operator, req, ["Kartu Keluarga asli dan fotokopi", "Uang pelicin",
                                             "KTP elektronik asli dan fotokopi"])
    assert req.requirements_checked == ["KTP elektronik asli dan fotokopi", "Kartu Keluarga asli dan fotokopi"]


def test_request_cannot_complete_with_missing_requirements(jatinom_operator, cpmi_service):
    req = submit_request(service=cpmi_service, applicant_name="Siti", actor=jatinom_operator)
    transition_request(jatinom_operator, req, RequestStatus.IN_PROCESS)
    set_requirements(jatinom_operator, req, cpmi_service.requirement_list()[:3])
    with pytest.raises(ValidationError) as exc:
        transition_request(jatinom_operator, req, RequestStatus.COMPLETED)
    assert exc.value.message_dict["status"] == [
        "Persyaratan belum lengkap: Informasi lowongan/perusahaan penempatan (P3MI) yang berizin."
    ]
    set_requirements(jatinom_operator, req, cpmi_service.requirement_list())
    assert transition_request(jatinom_operator, req, RequestStatus.COMPLETED).completed_at is not None


def test_rejection_needs_a_note(jatinom_operator, cpmi_service):
    req = submit_request(service=cpmi_service, applicant_name="Siti", actor=jatinom_operator)
    with pytest.raises(ValidationError):
        transition_request(jatinom_operator, req, RequestStatus.REJECTED)
    transition_request(jatinom_operator, req, RequestStatus.REJECTED, "P3MI tidak berizin")
    assert req.status == RequestStatus.REJECTED


def test_closed_request_cannot_reopen(jatinom_operator, cpmi_service):
    req = submit_request(service=cpmi_service, applicant_name="Siti", actor=jatinom_operator)
    transition_request(jatinom_operator, req, RequestStatus.CANCELLED, "Pemohon membatalkan")
    with pytest.raises(ValidationError):
        transition_request(jatinom_operator, req, RequestStatus.IN_PROCESS)


def test_overdue_is_open_past_due_date(jatinom_operator, cpmi_service):
    late = submit_request(service=cpmi_service, applicant_name="Lama", actor=jatinom_operator,
                          received_at=at(2026, 3, 2))
    fresh = submit_request(service=cpmi_service, applicant_name="Baru", actor=jatinom_operator,
                           received_at=at(2026, 3, 10))
    done = submit_request(service=cpmi_service, applicant_name="Selesai", actor=jatinom_operator,
                          received_at=at(2026, 3, 2))
    transition_request(jatinom_operator, done, RequestStatus.CANCELLED, "Pemohon membatalkan")
    today = datetime.date(2026, 3, 10)
    assert list(ServiceRequest.objects.filter(overdue_q(today))) == [late]
    assert is_overdue(late, today) and not is_overdue(fresh, today)
    # Monday 2 March to Tuesday 10 March: 6 working days.
    assert elapsed_working_days(late, today) == 6


def test_counter_request_links_registered_person_by_nik(jatinom_operator, cpmi_service, person):
    req = submit_request(service=cpmi_service, applicant_name="", nik=person.nik, actor=jatinom_operator)
    assert req.person == person and req.applicant_name == "Siti Aminah"
