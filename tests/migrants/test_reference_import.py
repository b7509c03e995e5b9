"""Recruiters (sponsor/calo) from a spreadsheet: all or nothing, matched by name and phone, one audit entry."""

import io

import pytest
from openpyxl import Workbook

from audit.models import Action, AuditEntry
from migrants import services
from migrants.models import Agency, Recruiter
from migrants.reference_import import import_agencies, import_recruiters

from .conftest import GOGODESO, JATINOM

HEADER = ["nama", "telepon", "p3mi", "kode_wilayah", "catatan"]


def xlsx(*rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def organisation_staff(regions, make_user):
    from accounts.models import Role

    return make_user("staf.lembaga", (Role.ORGANISATION_STAFF, "35.05"))


def test_a_clean_file_creates_new_recruiters_and_updates_those_matched_by_name(jatinom_operator, agency):
    sponsor = services.save_recruiter(jatinom_operator, None, name="Pak Sponsor", phone="+6281234567890")
    rina = services.save_recruiter(jatinom_operator, None, name="Bu Rina")
    data = xlsx(["PAK  SPONSOR", "0812 3456 7890", "SIP3MI/001/2024", "", "sering ke Jatinom"],
                ["bu rina", "", "PT Maju Jaya", JATINOM, ""],
                ["Pak Sponsor", "0857 1111 2222", "", "35.05.10.2002", ""],
                ["Mas Baru", "", "", "", ""])
    result = import_recruiters(jatinom_operator, data)
    assert (result.errors, result.created, result.updated) == ([], 2, 2)
    sponsor.refresh_from_db()
    rina.refresh_from_db()
    assert (sponsor.name, sponsor.phone, sponsor.claimed_agency, sponsor.notes) == (
        "Pak Sponsor", "+6281234567890", agency, "sering ke Jatinom")
    assert (rina.name, rina.phone, rina.claimed_agency, rina.home_region_id) == ("Bu Rina", "", agency, JATINOM)
    other = Recruiter.objects.with_phone("+6285711112222").get()  # the phone is sealed: found by its keyed hash
    assert (other.name, other.pk != sponsor.pk, other.home_region_id) == ("Pak Sponsor", True, JATINOM)
    assert Recruiter.objects.with_name("Mas Baru").get().phone == ""
    assert Recruiter.objects.count() == 4


def test_a_blank_cell_leaves_the_recorded_value_and_a_region_of_any_level_in_scope_is_accepted(
        blitar_officer, agency):
    sponsor = services.save_recruiter(blitar_officer, None, name="Pak Sponsor", phone="+6281234567890",
                                      claimed_agency=agency, notes="lama")
    result = import_recruiters(blitar_officer, xlsx(["Pak Sponsor", "", "", "35.05.10", ""]))
    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    sponsor.refresh_from_db()
    assert (sponsor.phone, sponsor.claimed_agency, sponsor.notes, sponsor.home_region_id) == (
        "+6281234567890", agency, "lama", "35.05.10")


def test_unknown_agency_and_unknown_or_out_of_scope_region_are_named_by_row_and_column_and_nothing_is_written(
        jatinom_operator, agency):
    data = xlsx(["Mas Baru", "", "", "", ""],
                ["Pak Sponsor", "", "PT Tidak Ada", "", ""],
                ["Bu Rina", "", "", GOGODESO, ""],
                ["Pak Dedi", "", "", "35.05.99", ""],
                ["Pak Eko", "", "", "35.05.10", ""],
                ["", "0812 3456 7890", "", "", ""])
    result = import_recruiters(jatinom_operator, data)
    assert result.errors == [
        (3, "p3mi", "P3MI 'PT Tidak Ada' belum terdaftar. Tambahkan dulu di daftar P3MI, atau tulis nomor "
                    "SIP3MI-nya."),
        (4, "kode_wilayah", "Wilayah 35.05.10.2003 di luar wilayah kerja Anda."),
        (5, "kode_wilayah", "Kode wilayah '35.05.99' tidak dikenal. Gunakan kode Kemendagri seperti 35.05 "
                            "(kabupaten), 35.05.10 (kecamatan) atau 35.05.10.2002 (desa)."),
        (6, "kode_wilayah", "Wilayah 35.05.10 di luar wilayah kerja Anda."),
        (7, "nama", "Nama wajib diisi."),
    ]
    assert (result.created, result.updated) == (0, 0)
    assert not Recruiter.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.IMPORT).exists()


def test_a_phone_typed_as_a_number_or_starting_with_08_becomes_plus_628(jatinom_operator):
    result = import_recruiters(jatinom_operator, xlsx(["Pak Angka", 81234567890, "", "", ""],
                                                      ["Pak Teks", "0813-1111-2222", "", "", ""]))
    assert result.errors == []
    assert {r.name: r.phone for r in Recruiter.objects.all()} == {"Pak Angka": "+6281234567890",
                                                                    "Pak Teks": "+6281311112222"}


def test_an_unreadable_phone_is_named_by_row_and_column(jatinom_operator):
    result = import_recruiters(jatinom_operator, xlsx(["Pak Sponsor", "12", "", "", ""]))
    assert result.errors == [(2, "telepon", "Nomor telepon '12' tidak valid. Periksa jumlah digit dan kode negara.")]
    assert not Recruiter.objects.exists()


def test_a_name_shared_by_two_recorded_recruiters_needs_a_phone_and_a_repeated_row_is_refused(jatinom_operator):
    services.save_recruiter(jatinom_operator, None, name="Pak Sponsor", phone="+6281234567890")
    services.save_recruiter(jatinom_operator, None, name="Pak Sponsor", phone="+6285711112222")
    result = import_recruiters(jatinom_operator, xlsx(["Pak Sponsor", "", "", "", ""],
                                                      ["Mas Baru", "", "", "", ""],
                                                      ["mas baru", "", "", "", "lagi"],
                                                      ["Pak Sponsor", "0812 3456 7890", "", "", ""],
                                                      ["Bu Baru", "", "", "", ""],
                                                      ["Bu Baru", "0899 1234 5678", "", "", ""],
                                                      ["Pak Sponsor", "0812-3456-7890", "", "", ""]))
    assert result.errors == [
        (2, "nama", "Ada 2 perekrut bernama 'Pak Sponsor'. Isi kolom telepon agar jelas yang mana, atau ubah "
                    "satu per satu di daftar perekrut."),
        (4, "nama", "Baris ini mengulang perekrut di baris 3."),
        (7, "nama", "Baris ini mengulang perekrut di baris 6."),
        (8, "nama", "Baris ini mengulang perekrut di baris 5."),
    ]
    assert Recruiter.objects.count() == 2


def test_a_user_without_the_permission_is_refused_by_the_function_and_the_screen(organisation_staff, client_for):
    result = import_recruiters(organisation_staff, xlsx(["Mas Baru", "", "", "", ""]))
    assert result.errors == [(0, "", "Peran Anda tidak dapat mengubah data perekrut.")]
    client = client_for(organisation_staff)
    assert client.get("/pmi/perekrut/impor/").status_code == 403
    response = client.post("/pmi/perekrut/impor/", {"file": io.BytesIO(xlsx(["Mas Baru", "", "", "", ""]))})
    assert response.status_code == 403
    assert "Impor dari Excel" not in client.get("/pmi/perekrut/").content.decode()
    assert not Recruiter.objects.exists()


def test_the_recruiter_list_links_to_the_import_for_those_who_may_import(jatinom_operator, blitar_officer,
                                                                         client_for):
    # A district officer keeps reference data but does not record placements: he may import all the same.
    for user in (jatinom_operator, blitar_officer):
        response = client_for(user).get("/pmi/perekrut/")
        assert response.context["can_import"] is True
        assert 'href="/pmi/perekrut/impor/"' in response.content.decode()


def test_the_screen_previews_errors_then_redirects_to_the_recruiter_list_with_the_counts(jatinom_operator,
                                                                                         client_for):
    client = client_for(jatinom_operator)
    page = client.get("/pmi/perekrut/impor/").content.decode()
    assert "kode_wilayah" in page and "Impor perekrut lapangan" in page
    bad = io.BytesIO(xlsx(["Mas Baru", "", "PT Tidak Ada", "", ""]))
    bad.name = "perekrut.xlsx"
    response = client.post("/pmi/perekrut/impor/", {"file": bad})
    assert response.status_code == 400
    assert response.context["result"].errors == [
        (2, "p3mi", "P3MI 'PT Tidak Ada' belum terdaftar. Tambahkan dulu di daftar P3MI, atau tulis nomor "
                    "SIP3MI-nya.")]
    assert "Tidak ada yang disimpan" in response.content.decode()
    assert not Recruiter.objects.exists()
    good = io.BytesIO(xlsx(["Mas Baru", "", "", "", ""], ["Pak Sponsor", "", "", "", ""]))
    good.name = "perekrut.xlsx"
    response = client.post("/pmi/perekrut/impor/", {"file": good}, follow=True)
    assert response.redirect_chain == [("/pmi/perekrut/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["2 perekrut baru, 0 diperbarui."]
    assert Recruiter.objects.count() == 2


def test_one_import_audit_entry_per_file_besides_each_recruiter_created(jatinom_operator):
    import_recruiters(jatinom_operator, xlsx(["Mas Baru", "", "", "", ""], ["Pak Sponsor", "", "", "", ""]))
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert (entry.object_type, entry.object_repr, entry.note, entry.actor) == (
        "migrants.recruiter", "Perekrut lapangan", "2 baru, 0 diperbarui.", jatinom_operator)
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="migrants.recruiter").count() == 2


def test_agency_import_writes_one_audit_entry_with_the_counts(jatinom_operator):
    from django.utils import translation

    with translation.override("id"):
        import_agencies(jatinom_operator, b"nama\nPT Satu\n")
    assert AuditEntry.objects.get(action=Action.IMPORT).note == "1 baru, 0 diperbarui."
    assert Agency.objects.get().name == "PT Satu"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recruiter_import_on_a_phone(live_server, transactional_db, page_at, login_page, regions, jatinom_operator):
    page = page_at(360, 740)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}/pmi/perekrut/")
    page.click("[data-testid=recruiter-import]")
    page.set_input_files("#id_file", files=[{
        "name": "perekrut.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": xlsx(["Mas Baru", "", "", "35.05.99", ""])}])
    page.click("main button.btn-primary")
    page.wait_for_selector("[data-testid=import-errors]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_input_files("#id_file", files=[{
        "name": "perekrut.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": xlsx(["Mas Baru", "0812 3456 7890", "", JATINOM, ""])}])
    page.click("main button.btn-primary")
    page.wait_for_selector("text=1 perekrut baru, 0 diperbarui.")
    assert page.url == f"{live_server.url}/pmi/perekrut/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Recruiter.objects.get().phone == "+6281234567890"
