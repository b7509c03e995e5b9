"""A change of law re-evaluates open work (issue 16): every open placement — not yet departed, or abroad — that
the changed rule can touch gets its flags computed again under the rules now in force; each flag that appears or
disappears becomes a FlagChange row (the village's "what changed for our people" list) and one audit entry sums
the run up.

Run by `migrants.tasks.reevaluate_placements` (enqueued when lawbook announces `rule_changed`), or by
`manage.py migrants_reevaluate`. A national run reads 630,000 placements, so it works on rows, not model instances:

- read: one query per chunk of LAWBOOK_REEVALUATE_CHUNK open placements, walked by primary key (keyset, no
  OFFSET), taking only the columns the rule module reads (and the person's birth date); one query each for the
  chunk's documents and costs; agencies once per run. No transaction, so no lock.
- evaluate: `risk.evaluate` itself, per placement, on those rows (the same rule module a save runs).
- write: only the placements whose flags moved, in transactions of WRITE_BATCH rows: one UPDATE for the batch
  that skips a placement edited since it was read (its own save recomputed its flags), the history rows copied
  by the database from the rows just written, and the FlagChange rows with one COPY. A row is locked only while
  its batch is written; the placement screens' reads never wait.

It writes only `flag_codes` and `updated_at`, which no report indicator counts, so it does not announce
`core.bulk.rows_written`: the reports' refresh queue would get one task per village of the nation for nothing
(tests/lawbook/test_reevaluation.py holds the catalogue to that). bench/law_reevaluate.py measures it.
"""

import operator
import queue
import threading
import time

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from core.bulk import insert
from lawbook import store

from . import risk
from .models import Agency, CostItem, FlagChange, Placement, PlacementDocument, Position, Scheme, Status

# Rows written (and locked) per transaction; reading and evaluating a chunk holds no lock at all.
WRITE_BATCH = 150
OPEN_STATUSES = (Status.INTEREST, Status.VERIFIED, Status.PROCESS, Status.READY, Status.DEPARTED, Status.WORKING)
# Flags set by hand (not by the law): kept as they are.
MANUAL = ("lost_contact", "non_procedural")
# The columns of a placement the rule module reads, plus what the write needs (village, stored flags, version).
COLUMNS = ("id", "village_id", "scheme", "agency_id", "destination_country", "employer_type", "sector", "position",
           "departure_date", "contract_end", "lost_contact", "non_procedural", "flag_codes", "updated_at",
           "person__birth_date")
POSITIONS = dict(Position.choices)


class _Person:
    __slots__ = ("birth_date",)

    def __init__(self, birth_date):
        self.birth_date = birth_date


class _Open:
    """One open placement as `risk.evaluate` reads it, built from a row (a model instance costs ~100 µs)."""

    __slots__ = ("pk", "village_id", "scheme", "agency_id", "destination_country", "employer_type", "sector",
                 "position", "departure_date", "contract_end", "lost_contact", "non_procedural", "flag_codes",
                 "updated_at", "person", "agency")

    def __init__(self, row, agencies):
        (self.pk, self.village_id, self.scheme, self.agency_id, self.destination_country, self.employer_type,
         self.sector, self.position, self.departure_date, self.contract_end, self.lost_contact, self.non_procedural,
         self.flag_codes, self.updated_at, birth_date) = row
        self.person = _Person(birth_date)
        self.agency = agencies.get(self.agency_id)

    def get_position_display(self):
        return str(POSITIONS.get(self.position, self.position))


class _Document:
    __slots__ = ("kind", "status", "expires_on")

    def __init__(self, kind, status, expires_on):
        self.kind, self.status, self.expires_on = kind, status, expires_on


class _Cost:
    __slots__ = ("component", "amount")

    def __init__(self, component, amount):
        self.component, self.amount = component, amount


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


def flag_codes(flags, placement):
    """The stored form of a placement's flags: the rule module's, then those set by hand; ",a,b," or ""."""
    codes = [f.code for f in flags] + [c for c in MANUAL if getattr(placement, c)]
    return f",{','.join(codes)}," if codes else ""


def _codes(stored):
    return [c for c in stored.split(",") if c]


class _Run:
    """One re-evaluation: what every chunk shares (the rule, its citation, the agencies read so far)."""

    def __init__(self, rule, today, now):
        self.rule, self.today, self.now = rule, today, now
        self.listed = listed_codes(rule)
        self.trigger_source = risk.citation(rule) if rule else ""
        self.agencies, self.citations = {}, {}
        fields = [f for f in FlagChange._meta.concrete_fields if f.attname != "id"]
        self.change_names = [f.attname for f in fields]
        self.change_template = {f.attname: (f.get_default() if f.has_default() else ("" if not f.null else None))
                                for f in fields}
        self.change_template.update(rule_id=rule.pk if rule else None, rule_title=(rule.title if rule else "")[:200],
                                    created_at=now, updated_at=now)
        self.take = operator.itemgetter(*self.change_names)
        self.added_at = self.change_names.index("added")
        self.lock = threading.Lock()
        self.totals = {"placements": 0, "changed": 0, "added": 0, "removed": 0, "chunks": 0,
                       "longest_write_seconds": 0.0}

    def read(self, qs, last_pk, size):
        rows = list(qs.filter(pk__gt=last_pk).order_by("pk").values_list(*COLUMNS)[:size])
        if not rows:
            return [], {}, {}
        ids = [row[0] for row in rows]
        missing = {row[3] for row in rows if row[3] is not None} - self.agencies.keys()
        if missing:
            self.agencies.update(Agency.objects.in_bulk(missing))
        documents, costs = {}, {}
        # By the chunk's id range (closed placements' rows come along and are never asked for): a list of 2,000
        # ids costs more to build into a query than the extra rows cost to read.
        within = {"placement_id__gte": ids[0], "placement_id__lte": ids[-1]}
        for pk, kind, status, expires_on in PlacementDocument.objects.filter(**within).values_list(
                "placement_id", "kind", "status", "expires_on"):
            documents.setdefault(pk, []).append(_Document(kind, status, expires_on))
        for pk, component, amount in CostItem.objects.filter(**within).values_list(
                "placement_id", "component", "amount"):
            costs.setdefault(pk, []).append(_Cost(component, amount))
        return [_Open(row, self.agencies) for row in rows], documents, costs

    def evaluate(self, placements, documents, costs):
        """[(placement, new stored codes, FlagChange rows)] for the placements whose flags moved."""
        moved, listed, today = [], self.listed, self.today
        for placement in placements:
            flags = risk.evaluate(placement, today, documents=documents.get(placement.pk, ()),
                                  costs=costs.get(placement.pk, ()), person=placement.person, details=False)
            stored = flag_codes(flags, placement)
            if stored == placement.flag_codes:
                continue
            new, old = _codes(stored), _codes(placement.flag_codes)
            rows = []
            for code in new:
                if code not in old and (listed is None or code in listed):
                    law = next((f.law for f in flags if f.code == code), None)
                    source = self._citation(law) or self.trigger_source
                    rows.append(self._change(placement, code, True, source))
            for code in old:
                if code not in new and (listed is None or code in listed):
                    rows.append(self._change(placement, code, False, self.trigger_source))
            moved.append((placement, stored, rows))
        return moved

    def _citation(self, law):
        if law is None:
            return ""
        if law.pk not in self.citations:
            self.citations[law.pk] = risk.citation(law)
        return self.citations[law.pk]

    def _change(self, placement, code, added, source):
        return self.take(dict(self.change_template, placement_id=placement.pk, village_id=placement.village_id,
                              code=code, added=added, source=source[:500]))

    def write(self, batch):
        """One short transaction: write the batch's placements not edited since they were read, their history
        rows and their FlagChange rows; add them to the totals."""
        began = time.monotonic()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Idempotent work: a batch lost in a crash is written again by the next run. Not waiting for
                # the disk at each commit keeps the rows locked for less time; the audit entry at the end
                # commits as usual (and with it every batch before).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            written = set(_update(batch, self.now))
            if written:
                _copy_history(sorted(written), self.now)
                rows = [row for placement, _stored, rows in batch if placement.pk in written for row in rows]
                if rows:
                    insert(FlagChange, self.change_names, rows)
        seconds = time.monotonic() - began
        added = sum(1 for placement, _stored, rows in batch if placement.pk in written
                    for row in rows if row[self.added_at])
        removed = sum(len(rows) for placement, _stored, rows in batch if placement.pk in written) - added
        with self.lock:
            self.totals["longest_write_seconds"] = max(self.totals["longest_write_seconds"], seconds)
            self.totals["changed"] += len(written)
            self.totals["added"] += added
            self.totals["removed"] += removed


class _Writers:
    """Batches written by `count` threads, each on its own connection, while the next chunk is read and
    evaluated (the database works on one batch while Python evaluates the next). count 0: written inline."""

    def __init__(self, run, count):
        self.run, self.failed = run, []
        self.queue = queue.Queue(maxsize=max(1, count) * 2)
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def _work(self):
        try:
            while (batch := self.queue.get()) is not None:
                if not self.failed:
                    try:
                        self.run.write(batch)
                    except Exception as exc:  # handed to the caller's thread, raised there
                        self.failed.append(exc)
        finally:
            connections.close_all()

    def put(self, batch):
        if self.failed:
            raise self.failed[0]
        if self.threads:
            self.queue.put(batch)
        else:
            self.run.write(batch)

    def close(self):
        for _thread in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if self.failed:
            raise self.failed[0]


def _update(batch, now):
    """UPDATE flag_codes and updated_at of the batch's rows whose updated_at is still the one read; their ids."""
    table = connection.ops.quote_name(Placement._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS p SET flag_codes = v.codes, updated_at = %s "
                "FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS v(id, codes, read_at) "
                "WHERE p.id = v.id AND p.updated_at = v.read_at RETURNING p.id",
                [now, [p.pk for p, _s, _r in batch], [s for _p, s, _r in batch],
                 [p.updated_at for p, _s, _r in batch]])
            return [row[0] for row in cursor.fetchall()]
        # Elsewhere (SQLite serialises writers): read the versions inside the transaction, then write.
        current = dict(Placement.objects.filter(pk__in=[p.pk for p, _s, _r in batch]).values_list("pk", "updated_at"))
        fresh = [(p, s) for p, s, _r in batch if current.get(p.pk) == p.updated_at]
        field = Placement._meta.get_field("updated_at")
        cursor.executemany(f"UPDATE {table} SET flag_codes = %s, updated_at = %s WHERE id = %s",
                           [(s, field.get_db_prep_save(now, connection), p.pk) for p, s in fresh])
        return [p.pk for p, _s in fresh]


def _copy_history(ids, now):
    """What django-simple-history writes on a change ('~'), copied by the database from the rows just written:
    sealed columns stay sealed as they are, nothing is decrypted or re-encrypted here."""
    history = Placement.history.model
    source = {f.attname: f.column for f in Placement._meta.concrete_fields}
    qn = connection.ops.quote_name
    tracked = [f for f in history._meta.concrete_fields if f.attname in source]
    extra = {"history_date": now, "history_type": "~"}
    others = [f for f in history._meta.concrete_fields if f.attname not in source and f.attname != "history_id"]
    columns = ", ".join(qn(f.column) for f in tracked + others)
    selected = ", ".join([qn(source[f.attname]) for f in tracked] + ["%s"] * len(others))
    params = [f.get_db_prep_save(extra.get(f.attname), connection) for f in others]
    if connection.vendor == "postgresql":
        where, params = "id = ANY(%s)", [*params, list(ids)]
    else:
        where, params = f"id IN ({', '.join(['%s'] * len(ids))})", [*params, *ids]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {qn(history._meta.db_table)} ({columns}) SELECT {selected} "
                       f"FROM {qn(Placement._meta.db_table)} WHERE {where}", params)


def reevaluate(rule=None, *, today=None, chunk_size=None, actor=None, within=None, writers=None):
    """Re-evaluate the open placements `rule` can touch (all open placements when None). Returns the figures:
    {"placements", "changed", "added", "removed", "chunks", "longest_write_seconds", "seconds"}: the longest
    write is the longest any placement row was locked. `writers`: threads writing the batches (default
    LAWBOOK_REEVALUATE_WRITERS, PostgreSQL only)."""
    today = today or timezone.localdate()
    chunk_size = chunk_size or getattr(settings, "LAWBOOK_REEVALUATE_CHUNK", 2000)
    store.clear()  # the rules as they are now, not as this process last read them
    qs = affected(rule)
    if within is not None:  # a slice of the placements (a region, or a benchmark's first n)
        qs = qs.filter(pk__in=within)
    started = time.monotonic()
    run = _Run(rule, today, timezone.now())
    totals = run.totals
    # Writer threads need their own connections, which see only committed rows: none inside a transaction (a
    # test), nor on SQLite (one writer at a time anyway).
    count = 0 if connection.in_atomic_block or connection.vendor != "postgresql" else (
        writers if writers is not None else getattr(settings, "LAWBOOK_REEVALUATE_WRITERS", 4))
    pool = _Writers(run, count)
    try:
        last_pk = 0
        while True:
            placements, documents, costs = run.read(qs, last_pk, chunk_size)
            if not placements:
                break
            moved = run.evaluate(placements, documents, costs)
            for start in range(0, len(moved), WRITE_BATCH):
                pool.put(moved[start:start + WRITE_BATCH])
            totals["placements"] += len(placements)
            totals["chunks"] += 1
            last_pk = placements[-1].pk
    finally:
        pool.close()
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
