"""The daily upkeep: lapsed documents become expired (with history, audit and flags), stale import previews go."""

import datetime
import io
import os
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import Action, AuditEntry
from core.formatting import long_date
from migrants import maintenance
from migrants.models import DocumentKind, DocumentStatus, PlacementDocument

from .conftest import GOGODESO

HOUR = 3600


def _set(placement, kind, status, expires_on):
    """Test set-up straight through the model: the stored flags stay as they were, as after a real lapse."""
    doc = placement.documents.get(kind=kind)
    doc.status = status
    doc.expires_on = expires_on
    doc.save()
    return doc


@pytest.fixture
def lapsed(make_placement, complete_documents):
    """A complete placement whose passport lapsed yesterday, visa two days ago, health paper lapses today."""
    today = timezone.localdate()
    placement = complete_documents(make_placement())
    _set(placement, DocumentKind.PASSPORT, DocumentStatus.VERIFIED, today - datetime.timedelta(days=1))
    _set(placement, DocumentKind.VISA, DocumentStatus.SUBMITTED, today - datetime.timedelta(days=2))
    _set(placement, DocumentKind.HEALTH, DocumentStatus.VERIFIED, today)
    _set(placement, DocumentKind.KTP, DocumentStatus.MISSING, today - datetime.timedelta(days=30))
    placement.refresh_from_db()
    return placement


def _statuses(placement):
    return {doc.kind: doc.status for doc in placement.documents.filter(
        kind__in=[DocumentKind.PASSPORT, DocumentKind.VISA, DocumentKind.HEALTH, DocumentKind.KTP])}


def test_expiry_marks_exactly_the_non_missing_documents_valid_until_before_today(lapsed):
    assert maintenance.expire_documents() == 2
    assert _statuses(lapsed) == {
        DocumentKind.PASSPORT: DocumentStatus.EXPIRED,
        DocumentKind.VISA: DocumentStatus.EXPIRED,
        DocumentKind.HEALTH: DocumentStatus.VERIFIED,
        DocumentKind.KTP: DocumentStatus.MISSING,
    }
    assert PlacementDocument.objects.filter(status=DocumentStatus.EXPIRED).count() == 2


def test_expiry_is_saved_with_history_and_a_system_audit_entry(lapsed):
    passport = lapsed.documents.get(kind=DocumentKind.PASSPORT)
    rows_before = passport.history.count()
    maintenance.expire_documents()
    assert passport.history.count() == rows_before + 1
    latest = passport.history.first()
    assert (latest.status, latest.history_type, latest.history_user) == (DocumentStatus.EXPIRED, "~", None)
    # The note of an entry about a person's record is sealed under their data key: read, not searched.
    [entry] = [e for e in AuditEntry.objects.filter(action=Action.UPDATE, object_type="migrants.placementdocument",
                                                    object_id=str(passport.pk)) if e.note.startswith("Kedaluwarsa")]
    assert (entry.actor, entry.actor_name) == (None, "")
    assert entry.changes["status"] == ["verified", "expired"]
    assert entry.note == f"Kedaluwarsa otomatis: berlaku sampai {long_date(passport.expires_on)}."
    assert entry.region_code == lapsed.village_id
    summary = AuditEntry.objects.get(object_repr="expire_documents")
    assert (summary.action, summary.actor, summary.note) == (
        Action.OTHER, None, "Tugas harian: 2 dokumen ditandai kedaluwarsa.")


def test_expiry_recomputes_the_stored_flags_so_the_expired_passport_shows_in_lists(lapsed):
    assert lapsed.flags == []
    maintenance.expire_documents()
    lapsed.refresh_from_db()
    # The expired passport leaves the checklist incomplete and no longer covers the contract.
    assert lapsed.flags == ["document_missing", "passport_expiring"]


def test_expiry_walks_every_village_in_chunks_and_a_second_run_changes_nothing(
        lapsed, make_placement, make_person, gogodeso_operator):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    other = make_placement(person=make_person(village=GOGODESO), actor=gogodeso_operator)
    _set(other, DocumentKind.PASSPORT, DocumentStatus.SUBMITTED, yesterday)
    _set(other, DocumentKind.VISA, DocumentStatus.VERIFIED, yesterday)
    assert maintenance.expire_documents(chunk_size=1) == 4
    assert set(other.documents.filter(status=DocumentStatus.EXPIRED).values_list("kind", flat=True)) == {
        DocumentKind.PASSPORT, DocumentKind.VISA}
    entries = AuditEntry.objects.count()
    assert maintenance.expire_documents() == 0
    assert AuditEntry.objects.count() == entries


def test_expiry_on_a_given_day_counts_that_day_as_still_valid(lapsed):
    today = timezone.localdate()
    assert maintenance.expire_documents(today=today - datetime.timedelta(days=1)) == 1
    assert _statuses(lapsed)[DocumentKind.VISA] == DocumentStatus.EXPIRED
    assert _statuses(lapsed)[DocumentKind.PASSPORT] == DocumentStatus.VERIFIED


# --- Import previews ------------------------------------------------------------------------------

def _file(path, age_hours, content=b"NIK;KK\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    stamp = time.time() - age_hours * HOUR
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def previews(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private" / "imports"


def _names(directory):
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file() or p.is_symlink())


def test_purge_removes_only_files_older_than_the_age_whatever_their_name(previews, tmp_path):
    _file(previews / "0f3a9c", 25)
    _file(previews / "0f3a9c.rows.json", 25)
    _file(previews / "0f3a9c.xlsx", 48)
    _file(previews / "batch" / "old.csv", 30)
    _file(previews / "b71e22", 23)
    _file(previews / "b71e22.rows.json", 1)
    outside = _file(tmp_path / "elsewhere.txt", 100)
    (previews / "link-to-elsewhere").symlink_to(outside)
    os.utime(previews / "link-to-elsewhere", (time.time() - 100 * HOUR,) * 2, follow_symlinks=False)

    assert maintenance.purge_import_previews() == 4
    assert _names(previews) == ["b71e22", "b71e22.rows.json", "link-to-elsewhere"]
    assert outside.exists()
    entry = AuditEntry.objects.get(object_repr="purge_import_previews")
    assert (entry.action, entry.actor, entry.note) == (
        Action.DELETE, None, "Tugas harian: 4 berkas pratinjau impor lama dihapus.")


def test_purge_age_comes_from_the_setting(previews, settings):
    settings.MIGRANTS_IMPORT_PREVIEW_MAX_AGE_HOURS = 2
    _file(previews / "three-hours", 3)
    _file(previews / "one-hour", 1)
    assert maintenance.purge_import_previews() == 1
    assert _names(previews) == ["one-hour"]
    assert maintenance.purge_import_previews(max_age_hours=0.5) == 1
    assert _names(previews) == []


def test_purge_without_a_preview_directory_removes_nothing_and_logs_nothing(previews):
    assert not previews.exists()
    assert maintenance.purge_import_previews() == 0
    assert not AuditEntry.objects.filter(object_repr="purge_import_previews").exists()


# --- Task and command -----------------------------------------------------------------------------

def test_enqueued_maintenance_is_run_by_the_database_worker(transactional_db, lapsed, previews):
    from migrants import tasks

    _file(previews / "abandoned", 30)
    result = tasks.daily_maintenance.enqueue()
    assert lapsed.documents.get(kind=DocumentKind.PASSPORT).status == DocumentStatus.VERIFIED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"expired_documents": 2, "purged_previews": 1}
    assert lapsed.documents.get(kind=DocumentKind.PASSPORT).status == DocumentStatus.EXPIRED
    assert _names(previews) == []


def test_command_runs_the_maintenance_here_and_reports_the_counts(lapsed, previews):
    _file(previews / "abandoned", 30)
    out = io.StringIO()
    call_command("migrants_daily", stdout=out)
    assert out.getvalue() == "Dokumen kedaluwarsa: 2; berkas pratinjau impor dihapus: 1\n"
    assert lapsed.documents.get(kind=DocumentKind.VISA).status == DocumentStatus.EXPIRED


def test_command_with_enqueue_only_queues_the_task(lapsed):
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("migrants_daily", "--enqueue", stdout=out)
    queued = DBTaskResult.objects.get()
    assert out.getvalue() == f"Diantrekan: {queued.id}\n"
    assert (queued.task_path, queued.status) == ("migrants.tasks.daily_maintenance", "READY")
    assert lapsed.documents.get(kind=DocumentKind.PASSPORT).status == DocumentStatus.VERIFIED
