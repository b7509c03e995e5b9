"""Complaint categories and closing reasons read the rule book in force (issue 16, points 1 and 3)."""

import datetime

import pytest
from django.utils import timezone

from cases import reference
from cases.services import common
from cases.services.workflow import _close_errors
from lawbook import services, store
from lawbook.models import Rule
from tests.factories import CaseFactory


def test_shipped_categories_match_the_built_in_defaults(db):
    today = timezone.localdate()
    shipped = {key: (r.params["priority"], r.params["working_days"]) for key, r in
               store.rules("complaint_category", today).items()}
    assert shipped == {code: (priority, days) for code, (_l, priority, days) in reference.CATEGORIES.items()}


def test_a_category_takes_its_working_days_from_the_rule_in_force(db, admin):
    rule = Rule.objects.get(topic="complaint_category", key="unpaid_wages")
    assert common.standard_for("unpaid_wages") == (20, "normal")
    services.add_version(admin, rule, valid_from=timezone.localdate(), params={"priority": "high", "working_days": 14},
                         reason="Standar layanan baru Permen 23/2025.")
    assert common.standard_for("unpaid_wages") == (14, "high")


@pytest.fixture
def case(jatinom_operator):
    return CaseFactory(actor=jatinom_operator)


def test_docs_incomplete_closes_on_day_30_not_day_29(case):
    received = timezone.localdate(case.received_at)
    assert _close_errors(case, "docs_incomplete", "", received + datetime.timedelta(days=29)) == (
        f"Alasan ini baru berlaku 30 hari setelah pengaduan diterima ({received + datetime.timedelta(days=30)}).")
    assert _close_errors(case, "docs_incomplete", "", received + datetime.timedelta(days=30)) is None


def test_a_new_waiting_time_applies_from_its_first_day(case, admin):
    received = timezone.localdate(case.received_at)
    start = received + datetime.timedelta(days=10)
    rule = Rule.objects.get(topic="closing_reason", key="docs_incomplete")
    services.add_version(admin, rule, valid_from=start, params={"days": 45, "after": "received"},
                         reason="Permen 23/2025 memperpanjang batas waktu.")
    day = datetime.timedelta(days=1)
    assert _close_errors(case, "docs_incomplete", "", start - day) == (
        f"Alasan ini baru berlaku 30 hari setelah pengaduan diterima ({received + datetime.timedelta(days=30)}).")
    assert _close_errors(case, "docs_incomplete", "", start) == (
        f"Alasan ini baru berlaku 45 hari setelah pengaduan diterima ({received + datetime.timedelta(days=45)}).")


def test_a_revoked_closing_reason_is_refused(case, admin):
    services.switch_status(admin, Rule.objects.get(topic="closing_reason", key="unreachable"), "revoked",
                           reason="Tidak ada lagi dalam peraturan baru.")
    today = timezone.localdate() + datetime.timedelta(days=400)
    assert _close_errors(case, "unreachable", "", today) == (
        f"Alasan penutupan ini tidak berlaku pada {today} menurut dasar hukum yang tercatat.")


def test_the_closing_form_names_the_source_and_says_it_is_disputed(db):
    text = reference.closing_basis()
    assert text.startswith("Dasar: Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 6 Tahun 2024")
    assert "Pasal 30 ayat (1)." in text
    assert "Status hukum diperdebatkan: Peraturan Menteri Pelindungan Pekerja Migran Indonesia/Kepala BP2MI Nomor 23 " \
           "Tahun 2025" in text
