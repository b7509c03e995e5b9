"""Daily upkeep of the migrant registry, run by `migrants.tasks.daily_maintenance` (or `manage.py migrants_daily`).

- Documents whose validity date has passed become "expired" without waiting for someone to edit them, and the
  placement's stored risk flags follow (lists filter on `flag_codes`).
- Import preview files left behind by uploads that were never confirmed are removed: they hold personal data
  (NIK, KK) and have no use once the preview has lapsed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import log_update, record, snapshot
from core.formatting import long_date

from .imports import PreviewStore
from .models import DocumentStatus, Placement, PlacementDocument

CHUNK_SIZE = 1000


def _lapsed(today):
    return (PlacementDocument.objects.filter(expires_on__lt=today)
            .exclude(status__in=[DocumentStatus.MISSING, DocumentStatus.EXPIRED]))


def expire_documents(today=None, chunk_size=CHUNK_SIZE):
    """Mark every non-missing document valid only until before `today` as expired; returns how many.

    Each document is saved through the model (django-simple-history records it) with an audit entry by the
    system; then each affected placement's flags are recomputed as after any document change. Work goes in
    chunks walked by primary key, one transaction per chunk, so a national run neither holds all rows in
    memory nor one long lock.
    """
    from . import services

    today = today or timezone.localdate()
    total = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            documents = list(_lapsed(today).filter(pk__gt=last_pk).order_by("pk")[:chunk_size])
            if not documents:
                break
            for document in documents:
                before = snapshot(document)
                document.status = DocumentStatus.EXPIRED
                document.save(update_fields=["status", "updated_at"])
                log_update(None, document, before, note=_("Kedaluwarsa otomatis: berlaku sampai %(date)s.") % {
                    "date": long_date(document.expires_on)})
            placements = (Placement.objects.filter(pk__in={d.placement_id for d in documents})
                          .select_related("person", "agency").prefetch_related("documents", "costs"))
            for placement in placements:
                services.recompute_flags(placement, today)
        total += len(documents)
        last_pk = documents[-1].pk
    if total:
        record(None, Action.OTHER, object_type="migrants.placementdocument", object_id="",
               object_repr="expire_documents", region_code="",
               note=_("Tugas harian: %(n)s dokumen ditandai kedaluwarsa.") % {"n": total})
    return total


def purge_import_previews(max_age_hours=None, now=None):
    """Remove the import previews older than their maximum age (`PreviewStore.purge`) and audit how many went;
    returns how many files were removed."""
    removed = PreviewStore().purge(max_age_hours=max_age_hours, now=now)
    if removed:
        record(None, Action.DELETE, object_type="migrants.importpreview", object_id="",
               object_repr="purge_import_previews", region_code="",
               note=_("Tugas harian: %(n)s berkas pratinjau impor lama dihapus.") % {"n": removed})
    return removed


def run_daily(today=None):
    """The daily job: expire lapsed documents, then purge stale import previews. Returns (expired, purged)."""
    return expire_documents(today), purge_import_previews()
