"""Changing the law: versions, status switches and blocking decisions are audited and re-evaluate open work."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from lawbook import services
from lawbook.models import Origin, Rule, RuleStatus


@pytest.fixture
def p2p(db):
    return Rule.objects.get(shipped_id="documents.p2p@2017-11-22")


def test_a_new_version_ends_the_old_one_the_day_before_and_is_audited(p2p, admin):
    new = services.add_version(admin, p2p, valid_from=datetime.date(2026, 3, 1), params={"documents": ["ktp"]},
                               reason="Permen baru diterbitkan 1 Maret 2026.")
    p2p.refresh_from_db()
    assert (p2p.valid_to, new.valid_from, new.valid_to) == (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1),
                                                            None)
    assert (new.origin, new.source_id, new.params) == (Origin.LOCAL, p2p.source_id, {"documents": ["ktp"]})
    created = AuditEntry.objects.get(object_type="lawbook.rule", object_id=str(new.pk), action=Action.CREATE)
    assert created.note == "Permen baru diterbitkan 1 Maret 2026."
    ended = AuditEntry.objects.get(object_type="lawbook.rule", object_id=str(p2p.pk), action=Action.UPDATE)
    assert ended.changes == {"valid_to": ["", "2026-02-28"]}
    assert ended.actor == admin


def test_a_new_version_may_name_a_new_source(p2p, admin):
    new = services.add_version(admin, p2p, valid_from=datetime.date(2026, 3, 1), reason="Sumber baru dicatat.",
                               new_source={"instrument": "Permen P2MI 99/2026", "article": "Pasal 4",
                                           "url": "https://example.org/permen", "confirmed": True})
    assert (str(new.source), new.source.confirmed) == ("Permen P2MI 99/2026 Pasal 4", True)
    assert AuditEntry.objects.filter(object_type="lawbook.legalsource", object_id=str(new.source_id)).count() == 1


@pytest.mark.parametrize("day,message", [
    (datetime.date(2017, 11, 22), "versi baru harus mulai setelah versi ini"),
    (datetime.date(2010, 1, 1), "versi baru harus mulai setelah versi ini"),
])
def test_a_new_version_must_start_after_the_old_one(p2p, admin, day, message):
    with pytest.raises(ValidationError) as refused:
        services.add_version(admin, p2p, valid_from=day, reason="Uji tanggal yang salah.")
    assert message in str(refused.value)
    assert Rule.objects.filter(topic="documents", key="p2p").count() == 1


def test_a_reason_is_required_and_nothing_is_written_without_one(p2p, admin):
    with pytest.raises(ValidationError) as refused:
        services.switch_status(admin, p2p, RuleStatus.DISPUTED, reason="  ")
    assert refused.value.message_dict == {"reason": ["Alasan: tuliskan paling sedikit 10 huruf."]}
    p2p.refresh_from_db()
    assert p2p.status == RuleStatus.IN_FORCE


def test_only_a_system_administrator_changes_the_law(p2p, jatinom_operator, national_officer):
    for user in (jatinom_operator, national_officer):
        with pytest.raises(PermissionDenied):
            services.switch_status(user, p2p, RuleStatus.DISPUTED, reason="Bukan administrator sistem.")


def test_a_status_switch_is_audited_with_its_reason(p2p, admin):
    services.switch_status(admin, p2p, RuleStatus.DISPUTED, reason="Putusan MA sedang diuji.")
    entry = AuditEntry.objects.get(object_type="lawbook.rule", object_id=str(p2p.pk), action=Action.TRANSITION)
    assert (entry.changes, entry.note) == ({"status": ["in_force", "disputed"]}, "Putusan MA sedang diuji.")


def test_a_blocking_decision_is_audited_with_reason_and_date(db, admin):
    rule = Rule.objects.get(topic="moratorium", key="middle_east_household")
    services.decide_blocking(admin, rule, True, reason="Rapat koordinasi: tetap ditegakkan.",
                             on=datetime.date(2026, 11, 30))
    rule.refresh_from_db()
    assert (rule.blocking_decided, rule.decision_date, rule.decided_by) == (True, datetime.date(2026, 11, 30), admin)
    entry = AuditEntry.objects.get(object_type="lawbook.rule", object_id=str(rule.pk), action=Action.OVERRIDE)
    assert (entry.changes, entry.note) == ({"blocking_decided": [False, True]}, "Rapat koordinasi: tetap ditegakkan.")
    # Back to in force: the decision has no meaning any more.
    services.switch_status(admin, rule, RuleStatus.IN_FORCE, reason="Moratorium dikukuhkan kembali.")
    rule.refresh_from_db()
    assert (rule.status, rule.blocking_decided) == (RuleStatus.IN_FORCE, False)


def test_a_change_of_law_queues_the_re_evaluation_once_committed(p2p, admin, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.switch_status(admin, p2p, RuleStatus.DISPUTED, reason="Uji antrean evaluasi ulang.")
    task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == before + 1
    assert task.task_path == "migrants.tasks.reevaluate_placements"
    assert task.args_kwargs["kwargs"] == {"rule_id": p2p.pk, "actor_id": admin.pk}
