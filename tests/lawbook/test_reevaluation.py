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


# --- The fast path (rows, not model instances) against the rule module on one placement -------------------------

def _reference_codes(placement):
    """What a save stores for one placement: the rule module on the model instance (its documents and costs
    read from the database), then the flags set by hand — migrants.services.lifecycle.recompute_flags."""
    from migrants import risk

    codes = [flag.code for flag in risk.evaluate(placement)]
    codes += [code for code in ("lost_contact", "non_procedural") if getattr(placement, code)]
    return f",{','.join(codes)}," if codes else ""


@pytest.fixture
def changed_law(make_placement, complete_documents, make_person, agency, jatinom_operator, admin, moratorium):
    """Placements registered under one state of the law, then four changes: two rules reinstated (their flags
    appear) and two revoked (their flags go). Returns ({name: placement}, the rules changed)."""
    from migrants import services as placements
    from migrants.models import Agency, DocumentKind

    under_age = Rule.objects.get(topic="flag", key="under_age")
    passport_rule = Rule.objects.get(topic="flag", key="passport_expiring")
    zero_cost = Rule.objects.get(topic="zero_cost", key="placement")
    for rule in (under_age, passport_rule):
        services.switch_status(admin, rule, RuleStatus.REVOKED, reason="Uji: belum berlaku.")

    made = {
        "young": complete_documents(make_placement(person=make_person(birth=datetime.date(2010, 1, 1)),
                                                   departure_date=datetime.date(2026, 5, 1))),
        "passport": complete_documents(make_placement()),
        "gulf_lost": complete_documents(make_placement(destination_country="AE")),
        "charged": complete_documents(make_placement()),
        "unlicensed": complete_documents(make_placement(agency=Agency.objects.create(name="PT Tanpa Izin"))),
        "closed": complete_documents(make_placement(destination_country="AE")),
    }
    passport = made["passport"].documents.get(kind=DocumentKind.PASSPORT)
    placements.update_document(jatinom_operator, passport, expires_on=datetime.date(2026, 12, 31))
    placements.add_cost(jatinom_operator, made["charged"], component="agency_fee", amount=12_500_000,
                        collected_by="recruiter", collector_name="Pak Sponsor")
    placements.set_flag(jatinom_operator, made["gulf_lost"], "lost_contact", True, note="Tidak bisa dihubungi.")
    placements.transition(jatinom_operator, made["closed"], "cancelled", note="Batal berangkat.")
    for placement in made.values():
        placement.refresh_from_db()
    assert {name: p.flag_codes for name, p in made.items()} == {
        "young": "", "passport": "", "gulf_lost": ",moratorium,lost_contact,", "charged": ",overcharging,",
        "unlicensed": ",agency_unlicensed,", "closed": ",moratorium,"}

    for rule in (under_age, passport_rule):
        services.switch_status(admin, rule, RuleStatus.IN_FORCE, reason="Uji: berlaku lagi.")
    for rule in (moratorium, zero_cost):
        services.switch_status(admin, rule, RuleStatus.REVOKED, reason="Uji: dicabut.")
    return made


def _assert_fast_path_agrees_with_the_rule_module(made, totals):
    from migrants.models import Placement

    stored = {name: Placement.objects.get(pk=p.pk) for name, p in made.items()}
    # The law moved flags both ways, and the closed placement was left alone.
    assert {name: p.flag_codes for name, p in stored.items()} == {
        "young": ",under_age,", "passport": ",passport_expiring,", "gulf_lost": ",lost_contact,", "charged": "",
        "unlicensed": ",agency_unlicensed,", "closed": ",moratorium,"}
    # Each open placement holds exactly what the rule module gives for it alone.
    for name, placement in stored.items():
        if name != "closed":
            assert placement.flag_codes == _reference_codes(placement), name
    assert {k: totals[k] for k in ("placements", "changed", "added", "removed")} == {
        "placements": 5, "changed": 4, "added": 2, "removed": 2}
    assert sorted(FlagChange.objects.values_list("placement_id", "code", "added", "village_id")) == sorted([
        (made["young"].pk, "under_age", True, made["young"].village_id),
        (made["passport"].pk, "passport_expiring", True, made["passport"].village_id),
        (made["gulf_lost"].pk, "moratorium", False, made["gulf_lost"].village_id),
        (made["charged"].pk, "overcharging", False, made["charged"].village_id)])
    added = FlagChange.objects.get(code="under_age")
    assert added.source == "Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia " \
                           "Pasal 5 huruf a"


def test_the_fast_path_stores_what_the_rule_module_gives_each_placement_flags_added_and_removed(changed_law):
    totals = reevaluation.reevaluate(None, chunk_size=2)
    _assert_fast_path_agrees_with_the_rule_module(changed_law, totals)


@pytest.mark.django_db(transaction=True)
def test_the_writer_threads_store_the_same_flags_as_the_rule_module(changed_law):
    """Outside a transaction on PostgreSQL the batches are written by threads on their own connections
    (SQLite writes them inline): the same result either way."""
    totals = reevaluation.reevaluate(None, chunk_size=2, writers=2)
    _assert_fast_path_agrees_with_the_rule_module(changed_law, totals)


def test_each_rewritten_placement_gets_one_history_row_with_its_new_flags_and_sealed_fields_as_they_were(
        changed_law):
    from django.db import connection

    from migrants.models import Placement

    charged = changed_law["charged"]
    history_before = {p.pk: p.history.count() for p in changed_law.values()}
    reevaluation.reevaluate(None)
    for name, placement in changed_law.items():
        rewritten = name in ("young", "passport", "gulf_lost", "charged")
        assert placement.history.count() == history_before[placement.pk] + rewritten, name
        if rewritten:
            newest = placement.history.order_by("-history_id").first()
            live = Placement.objects.get(pk=placement.pk)
            assert (newest.history_type, newest.flag_codes, newest.updated_at) == ("~", live.flag_codes,
                                                                                   live.updated_at)
    # The sealed columns of the history row are the live row's, byte for byte (copied, not re-encrypted).
    table, history = Placement._meta.db_table, Placement.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status_note FROM {table} WHERE id = %s", [charged.pk])
        live_note = cursor.fetchone()[0]
        cursor.execute(f"SELECT status_note FROM {history} WHERE id = %s ORDER BY history_id DESC", [charged.pk])
        assert cursor.fetchone()[0] == live_note


def test_a_placement_edited_after_it_was_read_is_left_to_its_own_save(make_placement, complete_documents,
                                                                      jatinom_operator, admin, moratorium):
    from django.utils import timezone

    from migrants import services as placements

    placement = complete_documents(make_placement(destination_country="AE"))
    services.switch_status(admin, moratorium, RuleStatus.REVOKED, reason="Keputusan pencabutan diterbitkan.")
    run = reevaluation._Run(moratorium, timezone.localdate(), timezone.now())
    read, documents, costs = run.read(reevaluation.affected(moratorium), 0, 10)
    moved = run.evaluate(read, documents, costs)
    assert [(p.pk, codes) for p, codes, _rows in moved] == [(placement.pk, "")]
    # Meanwhile an operator saves it (its save recomputes the flags under the law now in force).
    placements.update_placement(jatinom_operator, placement, employer_name="Keluarga Al Farsi")
    run.write(moved)
    assert run.totals["changed"] == 0
    assert FlagChange.objects.count() == 0
    placement.refresh_from_db()
    assert (placement.flag_codes, placement.employer_name) == ("", "Keluarga Al Farsi")


def test_no_report_indicator_counts_what_a_re_evaluation_writes():
    """The re-evaluation writes only flag_codes and updated_at and so does not announce core.bulk.rows_written
    (the reports' refresh queue would get a task per village for nothing): no indicator may count them."""
    from reports.registry import active_indicators

    written = {"flag_codes", "updated_at"}
    for indicator in active_indicators():
        if indicator.model != "migrants.Placement":
            continue
        used = {indicator.date_field, indicator.sum_field, *(d.path for d in indicator.dimensions)}
        used |= {child[0].split("__")[0] for child in _q_children(indicator.filter)}
        assert not used & written, indicator.key


def _q_children(flt):
    import datetime as dt

    if flt is None:
        return []
    q = flt(dt.date(2026, 1, 1)) if callable(flt) else flt
    stack, found = [q], []
    while stack:
        node = stack.pop()
        for child in node.children:
            (stack.append(child) if hasattr(child, "children") else found.append(child))
    return found
