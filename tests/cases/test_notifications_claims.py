import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cases import services
from cases.models import ClaimStatus, Notification


@pytest.fixture
def handler(jatinom_operator):
    jatinom_operator.email = "op@jatinom.desa.id"
    jatinom_operator.save()
    return jatinom_operator


def test_assignment_notifies_in_app_and_by_email(handler, make_case):
    case = make_case(handler, handler=handler)
    notification = Notification.objects.get(user=handler)
    assert notification.message == f"Anda ditugaskan menangani kasus {case.reference} (Gaji tidak dibayar)."
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["op@jatinom.desa.id"]]


def test_due_soon_reminder_is_sent_once(handler, make_case):
    case = make_case(handler, handler=handler)
    mail.outbox.clear()
    day_before = case.due_date - dt.timedelta(days=3)
    assert services.send_due_reminders(today=day_before) == 0
    assert services.send_due_reminders(today=case.due_date - dt.timedelta(days=2)) == 1
    assert services.send_due_reminders(today=case.due_date - dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(user=handler, key__startswith="due:case:").count() == 1
    assert len(mail.outbox) == 1


def test_claim_due_soon_notifies_the_case_handler(handler, make_case):
    case = make_case(handler, handler=handler, category="died_abroad")
    claim = services.open_claim(handler, case, "jkm_death", heir_name="Sutrisno", heir_rank="spouse_or_child",
                                due_date=timezone.localdate() + dt.timedelta(days=1))
    services.send_due_reminders(today=timezone.localdate())
    assert Notification.objects.filter(user=handler, key=f"due:claim:{claim.pk}:{claim.due_date.isoformat()}").exists()


def test_daily_digest_command_runs_without_a_worker(handler, make_case):
    make_case(handler, handler=handler, received_at=timezone.now() - dt.timedelta(days=60))
    mail.outbox.clear()
    call_command("cases_daily_digest", stdout=open("/dev/null", "w"))
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["[Payung] Kasus K-{:05d} melewati batas waktu {}.".format(
        *_overdue(handler)), "[Payung] Ringkasan harian kasus"]
    digest = [m for m in mail.outbox if m.subject == "[Payung] Ringkasan harian kasus"][0]
    assert "Lewat batas waktu: 1" in digest.body


def _overdue(user):
    from cases.models import Case
    from core.formatting import long_date

    case = Case.objects.get(handler=user)
    # One date style everywhere (issue 17): "30 Oktober 2026".
    return case.pk, long_date(case.due_date)


def test_daily_digest_task_can_be_enqueued(handler, make_case):
    from django_tasks_db.models import DBTaskResult

    call_command("cases_daily_digest", "--enqueue", stdout=open("/dev/null", "w"))
    assert DBTaskResult.objects.filter(task_path="cases.tasks.daily_digest").count() == 1


def test_claim_checklist_comes_from_the_claim_type_with_its_article(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="died_abroad")
    claim = services.open_claim(jatinom_operator, case, "jkm_death", heir_name="Sutrisno",
                                heir_rank="spouse_or_child", membership_number="12345678901")
    docs = list(claim.documents.values_list("code", "article"))
    assert docs == [(c, "Pasal 57") for c in ("card", "worker_identity", "heir_identity", "family_card",
                                              "death_certificate", "heir_statement", "heir_account")]
    assert claim.program == "JKM"


def test_jkm_claim_needs_an_heir(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="died_abroad")
    with pytest.raises(ValidationError) as exc:
        services.open_claim(jatinom_operator, case, "jkm_death")
    assert list(exc.value.message_dict) == ["heir_name"]


def test_claim_cannot_be_submitted_with_missing_documents(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="social_security")
    claim = services.open_claim(jatinom_operator, case, "jkk_during_accident")
    with pytest.raises(ValidationError) as exc:
        services.set_claim_status(jatinom_operator, claim, ClaimStatus.SUBMITTED)
    assert exc.value.message_dict["documents"] == ["Masih ada 6 dokumen wajib yang belum tersedia."]
    for document in claim.documents.all():
        services.set_claim_document(jatinom_operator, document, True)
    services.set_claim_status(jatinom_operator, claim, ClaimStatus.SUBMITTED, on=dt.date(2026, 5, 4))
    with pytest.raises(ValidationError):
        services.set_claim_status(jatinom_operator, claim, ClaimStatus.PAID, amount_paid=0)
    services.set_claim_status(jatinom_operator, claim, ClaimStatus.PAID, amount_paid=42_000_000)
    claim.refresh_from_db()
    case.refresh_from_db()
    assert (claim.status, claim.submitted_date, claim.amount_paid) == (ClaimStatus.PAID, dt.date(2026, 5, 4),
                                                                      42_000_000)
    assert case.claim_paid is True
    with pytest.raises(ValidationError):
        services.set_claim_status(jatinom_operator, claim, ClaimStatus.REJECTED, reason="x")


def test_rejected_claim_needs_a_reason(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="social_security")
    claim = services.open_claim(jatinom_operator, case, "jht")
    for document in claim.documents.all():
        services.set_claim_document(jatinom_operator, document, True)
    services.set_claim_status(jatinom_operator, claim, ClaimStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.set_claim_status(jatinom_operator, claim, ClaimStatus.REJECTED)
    services.set_claim_status(jatinom_operator, claim, ClaimStatus.REJECTED, reason="Bukan peserta JHT")
    claim.refresh_from_db()
    assert claim.rejection_reason == "Bukan peserta JHT"


def test_early_report_warning_after_a_week(jatinom_operator, make_case):
    case = make_case(jatinom_operator, category="social_security")
    claim = services.open_claim(jatinom_operator, case, "jkk_during_accident",
                                incident_date=dt.date(2026, 3, 1))
    assert services.early_report_warning(claim, today=dt.date(2026, 3, 7)) is False
    assert services.early_report_warning(claim, today=dt.date(2026, 3, 8)) is True
