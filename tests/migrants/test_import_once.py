"""An import is committed once: a second press of "Simpan semua", or a retry while a commit runs, writes
nothing; a commit that failed leaves the preview usable; a person's SISKOP2MI ID is unique."""

import contextlib
import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEntry
from migrants import imports
from migrants import services as placement_services
from migrants.models import ImportStatus, Placement, PlacementImport
from people.models import Person
from tests.helpers import run_together

from .conftest import make_nik
from .test_import import row, xlsx


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def two_rows():
    return xlsx(row(nik=make_nik(serial="0001"), id_siskop2mi="SISKO-1"),
                row(nik=make_nik(serial="0002"), nama="Dewi Lestari", id_siskop2mi="SISKO-2"))


def kept(user, data=None):
    preview = imports.validate(data or two_rows(), user, "data.xlsx")
    assert preview.ok
    return imports.PreviewStore().keep(preview, user, "data.xlsx")


@contextlib.contextmanager
def placements_refused():
    """The database refuses every new placement (as a lost connection or a failing disk would end the
    commit midway), without touching Payung's code."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$")
            cursor.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON migrants_placement "
                           "FOR EACH ROW EXECUTE FUNCTION test_refuse()")
        else:
            cursor.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON migrants_placement "
                           "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_refuse" + (" ON migrants_placement" if connection.vendor == "postgresql"
                                                         else ""))
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION test_refuse()")


def test_a_second_commit_of_one_preview_is_refused_and_rows_are_written_once(agency, jatinom_operator):
    batch = kept(jatinom_operator)
    first = imports.commit_kept(batch.token, jatinom_operator)
    assert (first.people_create, first.placements_create) == (2, 2)
    with pytest.raises(imports.ImportBusy) as exc:
        imports.commit_kept(batch.token, jatinom_operator)
    assert exc.value.batch.status == ImportStatus.DONE
    assert (Person.objects.count(), Placement.objects.count()) == (2, 2)
    batch.refresh_from_db()
    assert (batch.status, batch.people_create, batch.placements_create) == (ImportStatus.DONE, 2, 2)
    assert not os.path.exists(imports.PreviewStore().path(batch.token))  # the NIKs on disk go once written


def test_a_commit_while_another_runs_is_refused(agency, jatinom_operator):
    batch = kept(jatinom_operator)
    imports.PreviewStore().claim(batch.token, jatinom_operator)  # the first press, still writing
    with pytest.raises(imports.ImportBusy) as exc:
        imports.commit_kept(batch.token, jatinom_operator)
    assert exc.value.batch.status == ImportStatus.RUNNING
    assert Placement.objects.count() == 0


def test_the_screen_tells_the_second_press_the_import_is_done_with_a_link(agency, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    batch = kept(jatinom_operator)
    url = reverse("migrants:import_commit", args=[batch.token])
    result_url = reverse("migrants:import_result", args=[batch.token])
    first = client.post(url)
    assert (first.status_code, first["Location"]) == (302, result_url)
    shown = client.get(result_url).content.decode()
    assert "Impor selesai: 2 warga baru, 0 warga diperbarui, 2 penempatan baru" in shown
    assert "Impor selesai disimpan pada" in shown
    assert 'data-testid="import-commit"' not in shown
    second = client.post(url)
    page = second.content.decode()
    assert second.status_code == 409
    assert "Impor ini sudah selesai disimpan; tidak disimpan lagi." in page
    assert f'href="{result_url}"' in page
    assert Placement.objects.count() == 2


def test_the_screen_tells_a_retry_during_the_commit_that_it_is_running(agency, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    batch = kept(jatinom_operator)
    imports.PreviewStore().claim(batch.token, jatinom_operator)
    response = client.post(reverse("migrants:import_commit", args=[batch.token]))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Impor ini sedang disimpan oleh permintaan sebelumnya; tidak disimpan dua kali." in page
    assert f'href="{reverse("migrants:import_result", args=[batch.token])}"' in page
    assert 'data-testid="import-commit"' not in page
    assert Placement.objects.count() == 0


# Committed for real (no test transaction around): the claim and its release are seen as they would be.
@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_leaves_the_preview_usable_for_a_retry(agency, jatinom_operator):
    batch = kept(jatinom_operator)
    with placements_refused():
        with pytest.raises(DatabaseError) as exc:
            imports.commit_kept(batch.token, jatinom_operator)
    batch.refresh_from_db()
    assert (batch.status, batch.claim, batch.last_error) == (ImportStatus.READY, "", type(exc.value).__name__)
    assert (Person.objects.count(), Placement.objects.count()) == (0, 0)
    result = imports.commit_kept(batch.token, jatinom_operator)
    assert result.placements_create == 2
    assert (Person.objects.count(), Placement.objects.count()) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_the_screen_offers_the_retry_after_a_failed_commit(agency, jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    batch = kept(jatinom_operator)
    url = reverse("migrants:import_commit", args=[batch.token])
    with placements_refused():
        response = client.post(url)
    assert response["Location"] == reverse("migrants:import_result", args=[batch.token])
    page = client.get(response["Location"]).content.decode()
    assert "Penyimpanan gagal karena gangguan basis data; tidak ada data yang tersimpan." in page
    assert 'data-testid="import-commit"' in page
    assert client.post(url).status_code == 302
    assert Placement.objects.count() == 2


def test_a_claim_left_by_a_killed_worker_lapses(agency, jatinom_operator):
    batch = kept(jatinom_operator)
    imports.PreviewStore().claim(batch.token, jatinom_operator)  # then the worker was killed: nothing written
    lapsed = timezone.now() - datetime.timedelta(seconds=imports.PreviewStore.claim_seconds() + 1)
    PlacementImport.objects.filter(pk=batch.pk).update(claimed_at=lapsed)
    assert imports.commit_kept(batch.token, jatinom_operator).placements_create == 2
    assert Placement.objects.count() == 2


def test_a_commit_whose_claim_was_taken_over_writes_nothing(agency, jatinom_operator):
    batch = kept(jatinom_operator)
    slow, slow_claim = imports.PreviewStore().claim(batch.token, jatinom_operator)
    lapsed = timezone.now() - datetime.timedelta(seconds=imports.PreviewStore.claim_seconds() + 1)
    PlacementImport.objects.filter(pk=batch.pk).update(claimed_at=lapsed)
    slow_preview = imports.load_preview(imports.PreviewStore().path(batch.token))
    imports.commit_kept(batch.token, jatinom_operator)  # a retry took the lapsed claim and wrote the rows
    with pytest.raises(imports.ImportBusy) as exc:  # the slow commit finishes last: rolled back whole
        imports.commit(slow_preview, jatinom_operator, "data.xlsx", claim=(slow, slow_claim))
    assert exc.value.batch.status == ImportStatus.DONE
    assert (Person.objects.count(), Placement.objects.count(), Placement.history.count()) == (2, 2, 2)
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1


def test_a_preview_is_committed_only_by_its_user(agency, jatinom_operator, gogodeso_operator):
    batch = kept(jatinom_operator)
    with pytest.raises(imports.PreviewExpired):
        imports.commit_kept(batch.token, gogodeso_operator)
    assert PlacementImport.objects.get().status == ImportStatus.READY


def test_a_preview_past_its_maximum_age_is_refused_even_before_the_daily_purge(agency, jatinom_operator, settings):
    settings.MIGRANTS_IMPORT_PREVIEW_MAX_AGE_HOURS = 2
    batch = kept(jatinom_operator)
    PlacementImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    with pytest.raises(imports.PreviewExpired):
        imports.commit_kept(batch.token, jatinom_operator)
    assert (PlacementImport.objects.get().status, Person.objects.count()) == (ImportStatus.READY, 0)


def test_the_daily_purge_drops_stale_uncommitted_imports_and_keeps_results(agency, jatinom_operator):
    from migrants.maintenance import purge_import_previews

    done = kept(jatinom_operator)
    kept(jatinom_operator, xlsx(row(nik=make_nik(serial="0003"))))  # checked, never committed
    imports.commit_kept(done.token, jatinom_operator)
    PlacementImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    purge_import_previews()
    assert list(PlacementImport.objects.values_list("token", "status")) == [(done.token, ImportStatus.DONE)]


# --- One placement per SISKOP2MI ID and person ---------------------------------------------------

def test_the_same_siskop2mi_id_twice_for_one_person_in_a_file_is_named(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(id_siskop2mi="SISKO-9"), row(id_siskop2mi="SISKO-9", negara_tujuan="TW")),
                                jatinom_operator)
    assert preview.errors == [(3, "ID SISKOP2MI", "ID SISKOP2MI SISKO-9 sudah dipakai baris 2 untuk warga yang sama: "
                                                  "satu ID untuk satu penempatan. Hapus baris yang berulang atau "
                                                  "perbaiki ID-nya.")]


def test_the_database_refuses_a_second_placement_with_a_persons_siskop2mi_id(make_placement):
    first = make_placement(national_id_ref="SISKO-1")
    make_placement(person=first.person, national_id_ref="")
    make_placement(person=first.person, national_id_ref="")  # blank IDs may repeat
    make_placement(national_id_ref="SISKO-1")  # another person's ID may be the same text
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(person=first.person, village_id=first.village_id, national_id_ref="SISKO-1")


def test_a_placement_form_with_a_persons_siskop2mi_id_is_refused_by_name(make_placement, jatinom_operator):
    first = make_placement(national_id_ref="SISKO-1")
    with pytest.raises(ValidationError) as exc:
        make_placement(person=first.person, national_id_ref="SISKO-1")
    assert exc.value.message_dict == {"national_id_ref": [
        "ID SISKOP2MI SISKO-1 sudah tercatat pada penempatan lain warga ini. Buka penempatan itu, atau periksa "
        "kembali ID-nya."]}
    second = make_placement(person=first.person, national_id_ref="SISKO-2")
    with pytest.raises(ValidationError):
        placement_services.update_placement(jatinom_operator, second, national_id_ref="SISKO-1")
    placement_services.update_placement(jatinom_operator, first, national_id_ref="SISKO-1", employer_name="Wong")


# --- PostgreSQL: two requests at the same instant ------------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every write transaction; the race needs concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_commits_of_one_preview_write_the_rows_once(agency, jatinom_operator):
    batch = kept(jatinom_operator)

    def press(_):
        try:
            imports.commit_kept(batch.token, jatinom_operator)
            return "written"
        except imports.ImportBusy as exc:
            return exc.batch.status

    outcomes, errors = run_together(2, press)  # both presses reach the server at the same instant
    assert errors == []
    assert sorted(outcomes) in (["done", "written"], ["running", "written"])
    assert (Person.objects.count(), Placement.objects.count()) == (2, 2)
    assert PlacementImport.objects.get().status == ImportStatus.DONE


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_simpan_semua_disables_itself_and_shows_progress_while_the_commit_runs(
        live_server, transactional_db, page_at, login_page, agency, jatinom_operator, tmp_path):
    upload = tmp_path / "data.xlsx"
    upload.write_bytes(two_rows())
    page = page_at(360, 780)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}{reverse('migrants:import')}")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(upload))
    page.click("[data-testid=import-form] button")
    button = page.locator("[data-testid=import-commit]")
    button.wait_for()
    # Counted after the page's own handler, then held: the page stays to be looked at.
    page.evaluate("""() => { window.sent = 0; window.addEventListener("submit", (e) => {
        if (!e.defaultPrevented) window.sent += 1; e.preventDefault(); }); }""")
    button.click()
    page.wait_for_selector("[data-testid=import-progress]:not(.d-none)")
    assert button.is_disabled()
    assert button.inner_text() == "Menyimpan…"
    # A second press (the button is disabled, so through the form itself) sends nothing.
    page.evaluate("document.querySelector('form[data-submit-once]').requestSubmit()")
    assert page.evaluate("window.sent") == 1
    page.evaluate("document.querySelector('form[data-submit-once]').submit()")  # the held submission goes
    page.wait_for_selector("[data-testid=import-status]")
    assert "Impor selesai disimpan" in page.inner_text("[data-testid=import-status]")
    assert Placement.objects.count() == 2
