"""Retention: erase people whose records have outlived the schedule (settings PRIVACY_RETAIN_*), through the
same crypto-shredding as a request. Each app names the people its expired records concern
(`retention_candidates(today) -> {rule: person ids}`) and the people it still needs (`retained(ids, today) ->
ids`); a person is erased only when some app nominates them, none still needs them and no legal hold stands."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core import datakeys
from core.registry import privacy_hooks
from people.models import Person

from ..models import Erasure
from .erasure import PERSON, erase_people, holds_of

BATCH = 200  # people per transaction: one statement per table per batch


@dataclass
class RetentionReport:
    dry_run: bool
    by_rule: dict = field(default_factory=dict)  # rule -> person ids due for erasure
    held: dict = field(default_factory=dict)  # person id -> hold reasons
    erased: list = field(default_factory=list)

    def lines(self):
        yield f"{'Uji coba (tidak ada yang dihapus)' if self.dry_run else 'Dijalankan'}"
        for rule, ids in sorted(self.by_rule.items()):
            yield f"{rule}: {len(ids)} warga"
        yield f"ditahan (penahanan hukum): {len(self.held)}"
        yield f"dihapus: {len(self.erased)}"


def due_for_erasure(today=None) -> dict[str, set[int]]:
    today = today or timezone.localdate()
    nominated: dict[str, set[int]] = {}
    for _app, function in privacy_hooks("retention_candidates"):
        for rule, ids in function(today).items():
            nominated.setdefault(rule, set()).update(ids)
    everyone = set().union(*nominated.values()) if nominated else set()
    if not everyone:
        return {}
    kept = set(Erasure.objects.filter(person_id_erased__in=everyone).values_list("person_id_erased", flat=True))
    for _app, function in privacy_hooks("retained"):
        kept |= set(function(everyone, today))
    return {rule: ids - kept for rule, ids in nominated.items() if ids - kept}


def run_retention(*, dry_run=True, today=None, limit=None, batch_size=BATCH) -> RetentionReport:
    """Erase (or, in a dry run, only report) everyone due, `batch_size` people per transaction: the holds of a
    batch are asked together and the batch goes through `erase_people` (one statement per table)."""
    report = RetentionReport(dry_run=dry_run, by_rule=due_for_erasure(today))
    done = set()
    for rule, ids in sorted(report.by_rule.items()):
        todo = sorted(ids - done)
        for start in range(0, len(todo), batch_size):
            if limit is not None and len(report.erased) >= limit:
                return report
            chunk = todo[start:start + batch_size]
            if limit is not None:
                chunk = chunk[:limit - len(report.erased)]
            held = holds_of(chunk)
            report.held.update(held)
            free = [pk for pk in chunk if pk not in held]
            datakeys.prime_subjects(PERSON, free)  # one query for the batch's keys, not one per sealed name
            people = list(Person.objects.filter(pk__in=free).order_by("pk"))
            if not dry_run and people:
                with transaction.atomic():
                    # Erased meanwhile by a request: skipped (the Erasure row is unique per person).
                    gone = set(Erasure.objects.filter(person_id_erased__in=[p.pk for p in people])
                               .select_for_update().values_list("person_id_erased", flat=True))
                    people = [p for p in people if p.pk not in gone]
                    erase_people(None, people, reason=f"retention:{rule}")
            report.erased.extend(p.pk for p in people)
            done.update(p.pk for p in people)
    return report
