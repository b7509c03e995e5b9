"""A change of law re-evaluates open work (issue 16): every open placement — not yet departed, or abroad — that
the changed rule can touch gets its flags computed again under the rules now in force; each flag that appears or
disappears becomes a FlagChange row (the village's "what changed for our people" list) and one audit entry sums
the run up.

Run by `migrants.tasks.reevaluate_placements` (enqueued when lawbook announces `rule_changed`), or by
`manage.py migrants_reevaluate`. It walks placements by primary key in chunks (LAWBOOK_REEVALUATE_CHUNK), reads
and evaluates each chunk without a transaction, then writes the placements whose flags moved in transactions of
WRITE_BATCH rows: a row is locked only while its batch is written, the placement lists (reads) never wait, and a
placement edited meanwhile is left to its own save. bench/law_reevaluate.py measures both.
"""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from core.bulk import insert_rows, reserve_ids, row_defaults, update_rows
from lawbook import store

from . import risk
from .models import CostItem, FlagChange, Placement, PlacementDocument, Scheme, Status

# Rows written (and locked) per transaction; reading and evaluating a chunk holds no lock at all.
WRITE_BATCH = 100
OPEN_STATUSES = (Status.INTEREST, Status.VERIFIED, Status.PROCESS, Status.READY, Status.DEPARTED, Status.WORKING)
# Flags set by hand (not by the law): kept as they are.
MANUAL = ("lost_contact", "non_procedural")


class _Person:
    def __init__(self, birth_date):
        self.birth_date = birth_date


def affected(rule):
    """Open placements the rule's topic can touch (every version of its key counts: the old list and the new)."""
    qs = Placement.objects.filter(status__in=OPEN_STATUSES)
    if rule is None:
        return qs
    versions = store.versions(rule.topic, rule.key) or [rule]
    if rule.topic == "moratorium":
        codes = {c["code"] for v in versions for c in v.params.get("countries", [])}
        return qs.filter(destination_country__in=codes)
    if rule.topic == "zero_cost":
        positions = {p for v in versions for p in v.params.get("positions", [])}
        return qs.filter(position__in=positions)
    if rule.topic == "documents":
        if rule.key == "default":
            return qs.exclude(scheme__in=Scheme.values)
        return qs.filter(scheme=rule.key)
    if rule.topic == "flag":
        return qs
    return qs.none()  # complaint categories and closing reasons do not touch placements


def listed_codes(rule):
    """The flags a rule decides: only their moves are listed as caused by it (the stored codes are still fully
    recomputed, so a flag that moved for another reason — a document expired today — is put right silently)."""
    if rule is None:
        return None
    return {code for code, r in risk.RULES.items() if r.topic == rule.topic and r.key in (None, rule.key)}


def _codes(flag_codes):
    return [c for c in flag_codes.split(",") if c]


def _chunk(ids, today, rule, now):
    """Read and evaluate without a transaction (no lock), then write the placements whose flags moved in small
    transactions of WRITE_BATCH rows: a row is locked only while its batch is written."""
    placements = list(Placement.objects.filter(pk__in=ids).select_related("agency").order_by("pk"))
    births = dict(Placement.objects.filter(pk__in=ids).values_list("pk", "person__birth_date"))
    documents, costs = {}, {}
    for doc in PlacementDocument.objects.filter(placement_id__in=ids).only(
            "placement_id", "kind", "status", "expires_on"):
        documents.setdefault(doc.placement_id, []).append(doc)
    for cost in CostItem.objects.filter(placement_id__in=ids).only("placement_id", "component", "amount"):
        costs.setdefault(cost.placement_id, []).append(cost)
    changed, rows, change_rows = [], [], {}
    trigger_title = rule.title if rule else ""
    trigger_source = risk.citation(rule) if rule else ""
    listed = listed_codes(rule)
    template = dict(row_defaults(FlagChange), rule_id=rule.pk if rule else None, rule_title=trigger_title[:200],
                    created_at=now, updated_at=now)
    for placement in placements:
        flags = risk.evaluate(placement, today, documents=documents.get(placement.pk, []),
                              costs=costs.get(placement.pk, []), person=_Person(births.get(placement.pk)))
        new = [f.code for f in flags] + [c for c in MANUAL if getattr(placement, c)]
        old = _codes(placement.flag_codes)
        if new == old:
            continue
        by_code = {f.code: f for f in flags}
        for code in new:
            if code not in old and (listed is None or code in listed):
                rows.append(dict(template, placement_id=placement.pk, village_id=placement.village_id, code=code,
                                 added=True, source=(by_code[code].source if code in by_code else "")
                                 or trigger_source))
        for code in old:
            if code not in new and (listed is None or code in listed):
                rows.append(dict(template, placement_id=placement.pk, village_id=placement.village_id, code=code,
                                 added=False, source=trigger_source))
        placement.read_at = placement.updated_at
        placement.flag_codes = f",{','.join(new)}," if new else ""
        placement.updated_at = now
        changed.append(placement)
        change_rows.setdefault(placement.pk, []).extend(rows)
        rows = []
    written, longest = [], 0.0
    for start in range(0, len(changed), WRITE_BATCH):
        began = time.monotonic()
        written += _write(changed[start:start + WRITE_BATCH], change_rows, now)
        longest = max(longest, time.monotonic() - began)
    listed = [row for p in written for row in change_rows.get(p.pk, [])]
    return (len(placements), len(written), sum(r["added"] for r in listed), sum(not r["added"] for r in listed),
            longest)


def _write(batch, change_rows, now):
    """One short transaction: lock the batch's rows, skip any edited since they were read (its own save
    recomputed its flags), write the rest with their history and FlagChange rows."""
    with transaction.atomic():
        current = dict(Placement.objects.select_for_update().filter(pk__in=[p.pk for p in batch])
                       .values_list("pk", "updated_at"))
        batch = [p for p in batch if current.get(p.pk) == p.read_at]
        update_rows(Placement, batch, ["flag_codes", "updated_at"], None, now)
        rows = [row for p in batch for row in change_rows.get(p.pk, [])]
        if rows:  # COPY on PostgreSQL: a national run writes hundreds of thousands of rows
            for row, pk in zip(rows, reserve_ids(FlagChange, len(rows)), strict=True):
                row["id"] = pk
                row["source"] = row["source"][:500]
            insert_rows(FlagChange, rows)
    return batch


def reevaluate(rule=None, *, today=None, chunk_size=None, actor=None, within=None):
    """Re-evaluate the open placements `rule` can touch (all open placements when None). Returns the figures:
    {"placements", "changed", "added", "removed", "chunks", "longest_write_seconds", "seconds"}: the longest
    write is the longest any placement row was locked."""
    today = today or timezone.localdate()
    chunk_size = chunk_size or getattr(settings, "LAWBOOK_REEVALUATE_CHUNK", 2000)
    store.clear()  # the rules as they are now, not as this process last read them
    qs = affected(rule)
    if within is not None:  # a slice of the placements (a region, or a benchmark's first n)
        qs = qs.filter(pk__in=within)
    started = time.monotonic()
    totals = {"placements": 0, "changed": 0, "added": 0, "removed": 0, "chunks": 0, "longest_write_seconds": 0.0}
    last_pk = 0
    while True:
        ids = list(qs.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:chunk_size])
        if not ids:
            break
        seen, changed, added, removed, longest = _chunk(ids, today, rule, timezone.now())
        totals["longest_write_seconds"] = max(totals["longest_write_seconds"], longest)
        totals["placements"] += seen
        totals["changed"] += changed
        totals["added"] += added
        totals["removed"] += removed
        totals["chunks"] += 1
        last_pk = ids[-1]
    totals["seconds"] = round(time.monotonic() - started, 3)
    record(actor, Action.OTHER, object_type="lawbook.rule", object_id=str(rule.pk) if rule else "",
           object_repr=str(rule)[:200] if rule else "reevaluate", region_code="",
           note=_("Evaluasi ulang setelah perubahan dasar hukum: %(n)s penempatan terbuka diperiksa, %(c)s berubah "
                  "(%(a)s tanda ditambahkan, %(r)s dihapus).") % {
               "n": totals["placements"], "c": totals["changed"], "a": totals["added"], "r": totals["removed"]})
    return totals


def on_rule_changed(sender, rule, previous=None, change="", actor=None, **kwargs):
    """lawbook.signals.rule_changed: queue the re-evaluation (a worker runs it; `migrants_reevaluate` by hand)."""
    from .tasks import reevaluate_placements

    reevaluate_placements.enqueue(rule_id=rule.pk, actor_id=getattr(actor, "pk", None))
