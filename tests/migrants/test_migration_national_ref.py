"""Migration 0005 makes a person's SISKOP2MI ID unique without failing on, or deleting, existing duplicates."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from migrants.models import Placement

BEFORE = [("migrants", "0004_document_lapsing_index")]


def migrate(targets=None):
    """To `targets`, or back to the latest of every app (whatever later migrations exist)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_duplicates_keep_the_id_on_the_oldest_and_are_noted_on_the_others(make_person):
    migrate(BEFORE)
    try:
        person, other = make_person(), make_person()
        # Written as the old schema allowed (a double-pressed import): three copies of one placement, through the
        # model as it was then (later migrations seal the ID and add its keyed hash).
        executor = MigrationExecutor(connection)
        OldPlacement = executor.loader.project_state(BEFORE).apps.get_model("migrants", "Placement")  # noqa: N806
        copies = [OldPlacement.objects.create(person_id=person.pk, village_id=person.village_id,
                                              national_id_ref="SISKO-7",
                                              status_note="Berangkat lewat Surabaya" if i == 2 else "")
                  for i in range(3)]
        single = OldPlacement.objects.create(person_id=other.pk, village_id=other.village_id,
                                             national_id_ref="SISKO-7")
        blank = [OldPlacement.objects.create(person_id=person.pk, village_id=person.village_id) for _ in range(2)]
    finally:
        migrate()
    refs = dict(Placement.objects.values_list("pk", "national_id_ref"))
    assert [refs[p.pk] for p in copies] == ["SISKO-7", "", ""]
    assert (refs[single.pk], [refs[p.pk] for p in blank]) == ("SISKO-7", ["", ""])
    assert Placement.objects.count() == 6  # nothing deleted
    third = Placement.objects.get(pk=copies[2].pk)
    assert third.status_note == (f"ID SISKOP2MI ganda: SISKO-7 juga tercatat pada penempatan #{copies[0].pk}; ID "
                                 f"dikosongkan di sini. Periksa lalu gabungkan bila penempatan ini salinan.\n"
                                 f"Berangkat lewat Surabaya")
    latest = third.history.order_by("-history_id").first()
    assert (latest.history_type, latest.national_id_ref, latest.history_change_reason) == (
        "~", "", "ID SISKOP2MI dibuat unik per warga (migrants 0005)")
