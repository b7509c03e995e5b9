"""The shipped rule files load as the initial version; a re-run adds what is new and never overwrites a local
change (issue 16, point 5)."""

import json
import shutil

from lawbook import loader, services
from lawbook.models import LegalSource, Origin, Rule, RuleStatus


def _shipped_ids():
    ids = []
    for path in loader._files(loader.DATA_DIR):
        ids += [item["id"] for item in json.loads(path.read_text(encoding="utf-8")).get("rules", [])]
    return ids


def test_every_shipped_rule_is_in_the_database_after_migrate(db):
    shipped = _shipped_ids()
    assert len(shipped) == len(set(shipped))
    assert sorted(Rule.objects.filter(origin=Origin.SHIPPED).values_list("shipped_id", flat=True)) == sorted(shipped)


def test_every_rule_names_a_source_and_unconfirmed_sources_say_why(db):
    for rule in Rule.objects.select_related("source"):
        assert rule.source.instrument, rule.shipped_id
    for source in LegalSource.objects.filter(confirmed=False):
        assert len(source.note) > 40, source.code


def test_a_rerun_of_the_loader_changes_nothing(db):
    before = list(Rule.objects.order_by("pk").values_list("pk", "updated_at"))
    counts = loader.load_shipped()
    assert counts == {"sources": 0, "created": 0, "updated": 0, "kept_local": 0, "unchanged": len(before)}
    assert list(Rule.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_a_rerun_updates_an_untouched_rule_but_keeps_a_local_change(db, admin, tmp_path):
    touched = Rule.objects.get(shipped_id="flag.under_age@2017-11-22")
    services.switch_status(admin, touched, RuleStatus.DISPUTED, reason="Uji: status diubah di sini.")
    data = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, data)
    flags = json.loads((data / "flags.json").read_text(encoding="utf-8"))
    for item in flags["rules"]:
        item["note"] = "Catatan baru dari rilis berikutnya."
    (data / "flags.json").write_text(json.dumps(flags, ensure_ascii=False), encoding="utf-8")

    counts = loader.load_shipped(data)

    assert counts["updated"] == len(flags["rules"]) - 1
    assert counts["kept_local"] == 1
    touched.refresh_from_db()
    assert (touched.status, touched.note) == (RuleStatus.DISPUTED, "")
    other = Rule.objects.get(shipped_id="flag.passport_expiring@2017-11-22")
    assert other.note == "Catatan baru dari rilis berikutnya."


def test_a_rerun_keeps_a_version_ended_by_an_administrator(db, admin):
    import datetime

    rule = Rule.objects.get(shipped_id="documents.p2p@2017-11-22")
    new = services.add_version(admin, rule, valid_from=datetime.date(2026, 3, 1), reason="Uji: versi baru P to P.")
    counts = loader.load_shipped()
    assert counts["kept_local"] == 1
    rule.refresh_from_db()
    assert rule.valid_to == datetime.date(2026, 2, 28)
    assert Rule.objects.filter(pk=new.pk, origin=Origin.LOCAL).exists()


def test_the_load_command_reports_what_it_did(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("lawbook_load", stdout=out)
    assert out.getvalue().strip() == (f"sources: 0, created: 0, updated: 0, kept_local: 0, "
                                      f"unchanged: {Rule.objects.count()}")
