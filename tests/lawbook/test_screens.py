"""The rule book screen: every signed-in user reads it; system administrators add versions, switch statuses
and decide on disputed rules there (issue 16, point 5)."""

import datetime

import pytest

from audit.models import Action, AuditEntry
from lawbook.models import Rule, RuleStatus


@pytest.fixture
def p2p(db):
    return Rule.objects.get(shipped_id="documents.p2p@2017-11-22")


def test_the_list_shows_rules_by_topic_with_source_dates_and_status(admin, client_for):
    page = client_for(admin).get("/dasar-hukum/")
    assert page.status_code == 200
    body = page.content.decode()
    for topic in ("Tanda risiko", "Dokumen wajib per skema", "Pembebasan biaya penempatan",
                  "Moratorium negara tujuan", "Kategori pengaduan", "Alasan penutupan pengaduan"):
        assert f">{topic}</h2>" in body
    assert 'data-testid="rule-documents-individual-2025-11-01"' in body
    assert "status hukum diperdebatkan" in body


def test_a_village_operator_reads_the_rules_but_cannot_change_them(jatinom_operator, client_for, p2p):
    client = client_for(jatinom_operator)
    assert client.get(f"/dasar-hukum/{p2p.pk}/").status_code == 200
    assert 'data-testid="new-version"' not in client.get(f"/dasar-hukum/{p2p.pk}/").content.decode()
    assert client.get(f"/dasar-hukum/{p2p.pk}/versi-baru/").status_code == 403
    assert client.post(f"/dasar-hukum/{p2p.pk}/status/", {"status": "revoked", "reason": "x" * 20}).status_code == 403
    p2p.refresh_from_db()
    assert p2p.status == RuleStatus.IN_FORCE


def test_an_administrator_adds_a_version_on_the_screen(admin, client_for, p2p):
    answer = client_for(admin).post(f"/dasar-hukum/{p2p.pk}/versi-baru/", {
        "valid_from": "2026-04-01", "title": "Dokumen wajib skema P to P (2026)",
        "params": '{"documents": ["ktp", "kk", "passport"]}', "source": p2p.source_id, "status": "in_force",
        "reason": "Permen P2MI baru tentang dokumen."})
    new = Rule.objects.get(topic="documents", key="p2p", valid_from=datetime.date(2026, 4, 1))
    assert answer.status_code == 302 and answer["Location"] == f"/dasar-hukum/{new.pk}/"
    assert new.params == {"documents": ["ktp", "kk", "passport"]}
    p2p.refresh_from_db()
    assert p2p.valid_to == datetime.date(2026, 3, 31)


def test_bad_json_is_refused_naming_the_field_and_nothing_is_written(admin, client_for, p2p):
    answer = client_for(admin).post(f"/dasar-hukum/{p2p.pk}/versi-baru/", {
        "valid_from": "2026-04-01", "title": "x", "params": "{documents: ktp", "source": p2p.source_id,
        "status": "in_force", "reason": "Permen P2MI baru tentang dokumen."})
    assert answer.status_code == 400
    assert "Isi aturan harus JSON yang sah" in answer.content.decode()
    assert Rule.objects.filter(topic="documents", key="p2p").count() == 1


def test_an_administrator_switches_a_status_and_decides_on_a_disputed_rule(admin, client_for, p2p):
    client = client_for(admin)
    client.post(f"/dasar-hukum/{p2p.pk}/status/", {"status": "disputed", "reason": "Uji materi di MA."})
    client.post(f"/dasar-hukum/{p2p.pk}/keputusan/", {"blocking": "1", "decided_on": "2026-11-30",
                                                     "reason": "Tetap ditegakkan sampai putusan."})
    p2p.refresh_from_db()
    assert (p2p.status, p2p.blocking_decided, p2p.decision_date) == ("disputed", True, datetime.date(2026, 11, 30))
    assert list(AuditEntry.objects.filter(object_type="lawbook.rule", object_id=str(p2p.pk))
                .order_by("id").values_list("action", flat=True)) == [Action.TRANSITION, Action.OVERRIDE]


def test_a_refused_switch_is_reported_not_a_500(admin, client_for, p2p):
    answer = client_for(admin).post(f"/dasar-hukum/{p2p.pk}/status/", {"status": "in_force", "reason": "Sama saja."},
                                    follow=True)
    assert answer.status_code == 200
    assert "sudah berstatus" in answer.content.decode()


def test_the_placement_page_names_the_source_and_says_disputed(make_placement, complete_documents,
                                                               jatinom_operator, client_for):
    placement = complete_documents(make_placement(destination_country="AE"))
    body = client_for(jatinom_operator).get(f"/pmi/{placement.pk}/").content.decode()
    assert 'data-testid="flag-disputed-moratorium"' in body
    assert "Status hukum diperdebatkan: tanda ini hanya peringatan" in body
    assert "Keputusan Menteri Ketenagakerjaan Nomor 260 Tahun 2015" in body
