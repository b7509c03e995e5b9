"""A change of law re-evaluates open work: the flags move, each village sees its own list of what changed, and
the run is audited (issue 16, point 4)."""

import datetime

import pytest

from audit.models import Action, AuditEntry
from lawbook import services
from lawbook.models import Rule, RuleStatus
from migrants import reevaluation
from migrants.models import FlagChange
from tests.conftest import GOGODESO


@pytest.fixture
def moratorium(db):
    return Rule.objects.get(topic="moratorium", key="middle_east_household")


def test_revoking_the_moratorium_removes_its_flag_from_open_placements_only(
        make_placement, complete_documents, jatinom_operator, admin, moratorium):
    open_one = complete_documents(make_placement(destination_country="AE"))
    closed = complete_documents(make_placement(destination_country="AE"))
    from migrants import services as placements
    placements.transition(jatinom_operator, closed, "cancelled", note="Batal berangkat.")
    elsewhere = complete_documents(make_placement(destination_country="TW"))
    assert open_one.flags == ["moratorium"] and closed.flags == ["moratorium"]

    services.switch_status(admin, moratorium, RuleStatus.REVOKED, reason="Keputusan pencabutan diterbitkan.")
    totals = reevaluation.reevaluate(moratorium, actor=admin)

    assert {k: totals[k] for k in ("placements", "changed", "added", "removed")} == {
        "placements": 1, "changed": 1, "added": 0, "removed": 1}
    for placement in (open_one, closed, elsewhere):
        placement.refresh_from_db()
    assert (open_one.flags, closed.flags, elsewhere.flags) == ([], ["moratorium"], [])
    change = FlagChange.objects.get()
    assert (change.placement, change.village_id, change.code, change.added, change.rule) == (
        open_one, open_one.village_id, "moratorium", False, moratorium)
    assert change.source.startswith("Keputusan Menteri Ketenagakerjaan Nomor 260 Tahun 2015")
    entry = AuditEntry.objects.filter(object_type="lawbook.rule", action=Action.OTHER).get()
    assert entry.note == ("Evaluasi ulang setelah perubahan dasar hukum: 1 penempatan terbuka diperiksa, 1 berubah "
                          "(0 tanda ditambahkan, 1 dihapus).")
    assert entry.actor == admin


def test_a_new_document_list_adds_the_flag_and_names_the_rule_and_source(
        make_placement, complete_documents, admin):
    placement = complete_documents(make_placement(departure_date=datetime.date(2026, 8, 1)))
    p2p = Rule.objects.get(shipped_id="documents.p2p@2017-11-22")
    new = services.add_version(admin, p2p, valid_from=datetime.date(2026, 7, 1),
                               params={"documents": p2p.params["documents"] + ["jkn"]}, title="P to P dengan JKN",
                               reason="Uji: JKN diwajibkan untuk P to P.")
    reevaluation.reevaluate(new)
    placement.refresh_from_db()
    assert placement.flags == ["document_missing"]
    change = FlagChange.objects.get()
    assert (change.code, change.added, change.rule, change.rule_title) == ("document_missing", True, new,
                                                                           "P to P dengan JKN")
    assert change.source == "Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia " \
                            "Pasal 5 dan Pasal 13"
    # Running it again finds nothing more to change.
    assert reevaluation.reevaluate(new)["changed"] == 0
    assert FlagChange.objects.count() == 1


def test_each_village_sees_only_its_own_changes(make_placement, complete_documents, admin, moratorium,
                                                jatinom_operator, gogodeso_operator, make_person, client_for):
    ours = complete_documents(make_placement(destination_country="AE"))
    theirs = make_placement(person=make_person(village=GOGODESO), destination_country="QA", actor=gogodeso_operator)
    services.switch_status(admin, moratorium, RuleStatus.REVOKED, reason="Keputusan pencabutan diterbitkan.")
    reevaluation.reevaluate(moratorium)
    assert FlagChange.objects.count() == 2
    assert list(FlagChange.objects.visible_to(jatinom_operator).values_list("placement", flat=True)) == [ours.pk]

    page = client_for(jatinom_operator).get("/pmi/perubahan-hukum/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('data-testid="law-change"') == 1
    assert ours.person.name in body and theirs.person.name not in body
    assert "Negara moratorium untuk pengguna perseorangan" in body


def test_the_chunks_walk_every_open_placement(make_placement, complete_documents, admin):
    made = [complete_documents(make_placement(destination_country="AE")) for _ in range(5)]
    rule = Rule.objects.get(topic="moratorium", key="middle_east_household")
    services.switch_status(admin, rule, RuleStatus.REVOKED, reason="Keputusan pencabutan diterbitkan.")
    totals = reevaluation.reevaluate(rule, chunk_size=2)
    assert (totals["chunks"], totals["placements"], totals["removed"]) == (3, 5, 5)
    assert sorted(FlagChange.objects.values_list("placement_id", flat=True)) == sorted(p.pk for p in made)


def test_the_command_runs_the_re_evaluation(make_placement, complete_documents, admin):
    from io import StringIO

    from django.core.management import call_command

    complete_documents(make_placement(destination_country="AE"))
    rule = Rule.objects.get(topic="moratorium", key="middle_east_household")
    services.switch_status(admin, rule, RuleStatus.REVOKED, reason="Keputusan pencabutan diterbitkan.")
    out = StringIO()
    call_command("migrants_reevaluate", "--rule", str(rule.pk), stdout=out)
    assert out.getvalue().startswith("placements: 1, changed: 1, added: 0, removed: 1, chunks: 1")
