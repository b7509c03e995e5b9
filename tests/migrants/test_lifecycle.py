import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from migrants import services
from migrants.models import Status


def test_verification_by_the_village_operator_moves_interest_to_verified(make_placement, jatinom_operator):
    placement = make_placement()
    services.verify_placement(jatinom_operator, placement)
    placement.refresh_from_db()
    assert placement.status == Status.VERIFIED
    assert placement.verified_by == jatinom_operator
    entry = AuditEntry.objects.filter(action=Action.TRANSITION).get()
    assert entry.changes == {"status": ["interest", "verified"]}


def test_a_community_volunteer_cannot_verify(make_placement, make_user):
    from accounts.models import Role

    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, "35.05.10.2002"))
    placement = make_placement()
    with pytest.raises(PermissionDenied):
        services.verify_placement(volunteer, placement)


def test_an_illegal_transition_is_refused_with_the_reason(make_placement, jatinom_operator):
    placement = make_placement()
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.RETURNED)
    assert exc.value.message_dict["status"] == [
        "Dari status 'Minat tercatat' tidak dapat langsung ke 'Pulang'. Yang mungkin: Terverifikasi desa, "
        "Berangkat, Dibatalkan."
    ]
    placement.refresh_from_db()
    assert placement.status == Status.INTEREST


def test_a_final_state_cannot_be_left(make_placement, jatinom_operator):
    placement = make_placement()
    services.transition(jatinom_operator, placement, Status.CANCELLED, note="Mengundurkan diri")
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.VERIFIED)
    assert "Hanya penempatan berstatus 'Minat tercatat'" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.PROCESS)
    assert exc.value.message_dict["status"] == [
        "Status 'Dibatalkan' adalah status akhir; tidak dapat diubah ke 'Proses pra-penempatan'."]


def test_an_exit_needs_a_written_reason(make_placement, jatinom_operator):
    placement = make_placement()
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.CANCELLED)
    assert "note" in exc.value.message_dict


def test_departure_is_refused_while_a_blocking_flag_stands(make_placement, jatinom_operator):
    placement = make_placement(departure_date=datetime.date(2025, 1, 5))
    services.verify_placement(jatinom_operator, placement)
    services.transition(jatinom_operator, placement, Status.READY)
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.DEPARTED)
    assert exc.value.message_dict["status"][0].startswith(
        "Keberangkatan belum dapat dicatat karena: Dokumen wajib belum lengkap/terverifikasi, Belum terdaftar "
        "BPJS Ketenagakerjaan (JKK dan JKM).")
    placement.refresh_from_db()
    assert placement.status == Status.READY


def test_an_authorised_override_with_a_reason_records_departure_and_is_audited(make_placement, jatinom_operator):
    placement = make_placement(departure_date=datetime.date(2025, 1, 5))
    services.verify_placement(jatinom_operator, placement)
    services.transition(jatinom_operator, placement, Status.READY)
    reason = "Dokumen asli dibawa P3MI, sudah dicek lewat telepon dengan BP3MI Jawa Timur."
    services.transition(jatinom_operator, placement, Status.DEPARTED, override_reason=reason)
    placement.refresh_from_db()
    assert placement.status == Status.DEPARTED
    assert placement.override_by == jatinom_operator
    override = AuditEntry.objects.get(action=Action.OVERRIDE)
    assert override.note == reason
    assert override.changes == {"flags": ["document_missing", "no_social_security"]}


def test_a_volunteer_cannot_override_a_blocking_flag(make_placement, jatinom_operator, make_user):
    from accounts.models import Role

    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, "35.05.10.2002"))
    placement = make_placement(departure_date=datetime.date(2025, 1, 5))
    services.verify_placement(jatinom_operator, placement)
    services.transition(jatinom_operator, placement, Status.READY)
    with pytest.raises(PermissionDenied):
        services.transition(volunteer, placement, Status.DEPARTED, override_reason="x" * 30)


def test_the_full_lifecycle_of_a_lawful_placement(make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement(departure_date=datetime.date(2025, 1, 5)))
    services.verify_placement(jatinom_operator, placement)
    for status in (Status.PROCESS, Status.READY, Status.DEPARTED, Status.WORKING):
        services.transition(jatinom_operator, placement, status)
    services.extend_contract(jatinom_operator, placement, datetime.date(2029, 1, 9))
    services.transition(jatinom_operator, placement, Status.RETURNED, on=datetime.date(2029, 1, 20))
    services.transition(jatinom_operator, placement, Status.RETURNEE)
    placement.refresh_from_db()
    assert placement.status == Status.RETURNEE
    assert placement.contract_end == datetime.date(2029, 1, 9)
    assert placement.actual_return == datetime.date(2029, 1, 20)
    assert AuditEntry.objects.filter(action=Action.TRANSITION, object_id=str(placement.pk)).count() == 7


def test_skipping_to_departed_needs_the_non_procedural_flag(make_placement, jatinom_operator):
    placement = make_placement(departure_date=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.DEPARTED, override_reason="x" * 30)
    assert "non-prosedural" in exc.value.message_dict["status"][0]
    services.set_flag(jatinom_operator, placement, "non_procedural", True)
    services.transition(jatinom_operator, placement, Status.DEPARTED,
                        override_reason="Berangkat lewat calo tanpa dokumen; dicatat agar dapat dipantau.")
    placement.refresh_from_db()
    assert placement.status == Status.DEPARTED
    assert "non_procedural" in placement.flags


def test_an_operator_cannot_create_a_placement_in_another_village(make_person, jatinom_operator):
    person = make_person(village="35.05.10.2003")
    with pytest.raises(PermissionDenied):
        services.create_placement(jatinom_operator, person, destination_country="HK")
