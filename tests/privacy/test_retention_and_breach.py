"""Retention by schedule (dry run first, the same shredding) and the breach log (art. 46)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from privacy import services
from privacy.models import Erasure

pytestmark = pytest.mark.django_db

LATER = datetime.date(2032, 6, 1)  # more than 5 years after the fixtures' closed case was last changed


def test_a_dry_run_reports_and_erases_nothing_then_the_run_erases_by_the_same_shredding(worker, closed_case):
    report = services.run_retention(dry_run=True, today=LATER)
    assert (report.by_rule, report.erased, Erasure.objects.count()) == ({"closed_case": {worker.pk}}, [worker.pk], 0)
    report = services.run_retention(dry_run=False, today=LATER)
    assert report.erased == [worker.pk]
    erasure = Erasure.objects.get()
    assert (erasure.person_id_erased, erasure.reason, erasure.counts["keys_destroyed"]) == (
        worker.pk, "retention:closed_case", 1)
    assert services.run_retention(dry_run=False, today=LATER).erased == []


def test_nothing_is_due_before_the_retention_period_ends(worker, closed_case):
    assert services.due_for_erasure(today=timezone.localdate()) == {}


def test_a_person_with_a_live_placement_is_kept(worker, closed_case, placed):
    assert services.due_for_erasure(today=LATER) == {}


def test_a_held_person_is_reported_not_erased(worker, closed_case, jatinom_operator):
    from cases.models import Claim

    Claim.objects.create(case=closed_case, claim_type="death", status="verification")
    report = services.run_retention(dry_run=False, today=LATER)
    assert report.erased == []
    assert report.held == {worker.pk: [f"klaim pada kasus {closed_case.reference} belum selesai"]}


def test_a_rejected_registration_is_erased_after_its_months(worker, jatinom_operator, settings):
    from migrants.models import Placement
    from tests.factories import PlacementRowFactory

    PlacementRowFactory(person=worker, status="cancelled")
    Placement.objects.filter(person=worker).update(updated_at=timezone.now() - datetime.timedelta(days=400))
    assert services.due_for_erasure(today=timezone.localdate()) == {"rejected_registration": {worker.pk}}
    settings.PRIVACY_RETAIN_REJECTED_REGISTRATION_MONTHS = 24
    assert services.due_for_erasure(today=timezone.localdate()) == {}


def test_the_retention_command_is_a_dry_run_unless_applied(worker, closed_case):
    out = StringIO()
    call_command("privacy_retention", stdout=out)
    assert out.getvalue().splitlines()[0] == "Uji coba (tidak ada yang dihapus)"
    assert Erasure.objects.count() == 0


def test_a_breach_is_due_in_3_x_24_hours_and_lists_the_people_a_user_opened(
        worker, make_person, jatinom_operator, gogodeso_operator, blitar_officer):
    from people.services import open_person

    other = make_person(name="Orang Lain")
    open_person(jatinom_operator, worker)
    open_person(gogodeso_operator, other)
    discovered = timezone.now()
    breach = services.record_breach(
        blitar_officer, title="Akun operator dibobol", description="Kata sandi bocor.", discovered_at=discovered,
        data_affected="Nama, NIK", measures="Akun dikunci, sandi diganti.", region_code="35.05",
        suspect_user=jatinom_operator, period_start=discovered - datetime.timedelta(days=1))
    assert breach.due_at == discovered + datetime.timedelta(hours=72)
    assert breach.affected_people == [worker.pk]
    pdf = services.letter_pdf(blitar_officer, breach)
    assert pdf.startswith(b"%PDF")
    html = services.breach.letter_html(breach)
    assert "UU 27/2022 Pasal 46 ayat (1)" in html and "Akun dikunci, sandi diganti." in html


def test_the_breach_screen_records_a_breach(blitar_officer, client_for):
    from django.urls import reverse

    from privacy.models import Breach

    client = client_for(blitar_officer)
    response = client.post(reverse("privacy:breach_create"), {
        "title": "Laptop hilang", "description": "Laptop desa hilang.", "discovered_at": "2026-12-01 08:00",
        "data_affected": "Daftar warga", "measures": "Laporan polisi", "suspect_username": "tidak.ada"})
    assert response.status_code == 400
    assert "Akun yang diduga: nama pengguna tidak ditemukan." in response.content.decode()
    assert Breach.objects.count() == 0
