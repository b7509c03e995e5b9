"""Importing OpenSID's resident workbook: translated codes, skip reasons, the shared preview and commit."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook

from migrants import imports
from migrants.imports import opensid_codes
from migrants.imports.opensid import validate_opensid
from people.models import Person
from tests.conftest import GOGODESO, JATINOM
from tests.factories import make_nik

HEADER = opensid_codes.COLUMNS
NIK_A = make_nik(serial="0101")
NIK_B = make_nik(birth=datetime.date(1990, 2, 3), sex="M", serial="0102")
KK = "3505101234560001"


def resident(**values):
    """One row in OpenSID's layout (every cell text, codes numeric, dates YYYY-MM-DD), as Ekspor Penduduk writes."""
    base = {"alamat": "JL. MAWAR 3", "dusun": "KRAJAN", "rw": "002", "rt": "001", "nama": "SITI AMINAH",
            "no_kk": KK, "nik": NIK_A, "sex": "2", "tempatlahir": "BLITAR", "tanggallahir": "1995-05-17",
            "agama_id": "1", "pendidikan_kk_id": "5", "pekerjaan_id": "2", "status_kawin": "2", "kk_level": "3",
            "warganegara_id": "1", "status_dasar": "1", "dokumen_pasport": "", "tanggal_akhir_paspor": ""}
    base.update(values)
    return base


def workbook(*rows, header=HEADER, end_marker=False):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(list(header))
    for r in rows:
        ws.append([r.get(h, "") for h in header])
    if end_marker:
        ws.append(["", "###"])
        ws.append(["Petunjuk", "baris ini bukan data", "", "", "X", "", "123"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_codes_are_translated_and_the_preview_counts_a_new_resident(jatinom_operator):
    preview = validate_opensid(workbook(resident()), jatinom_operator, JATINOM, "penduduk.xlsx")
    assert (preview.errors, preview.file_errors, preview.skipped) == ([], [], [])
    assert (preview.people_create, preview.people_update, preview.people_unchanged) == (1, 0, 0)
    row = preview.rows[0]
    assert (row["sex"], row["marital_status"], row["education"]) == ("F", "married", "sma")
    assert (row["birth_date"], row["village"], row["dusun"], row["rt"], row["rw"]) == (
        datetime.date(1995, 5, 17), JATINOM, "KRAJAN", "001", "002")
    assert not Person.objects.exists()  # a preview writes nothing


def test_labels_are_read_like_codes(jatinom_operator):
    preview = validate_opensid(workbook(resident(sex="Pr", status_kawin="CERAI MATI", pendidikan_kk_id="STRATA II")),
                               jatinom_operator, JATINOM)
    row = preview.rows[0]
    assert (preview.errors, row["sex"], row["marital_status"], row["education"]) == ([], "F", "widowed", "s1")


def test_every_row_that_cannot_be_a_resident_here_is_skipped_with_its_reason(jatinom_operator):
    rows = [
        resident(nik="0", nama="TANPA NIK"),
        resident(nik="35051057059", nama="NIK PENDEK"),
        resident(nik=make_nik(serial="0201"), status_dasar="2"),
        resident(nik=make_nik(serial="0202"), kode_desa=GOGODESO),
        resident(nik=make_nik(serial="0203"), nama="PERTAMA"),
        resident(nik=make_nik(serial="0203"), nama="KEDUA"),
    ]
    header = [*HEADER, "kode_desa"]
    preview = validate_opensid(workbook(*rows, header=header), jatinom_operator, JATINOM)
    assert preview.errors == []
    assert [(r, c) for r, c, _m in preview.skipped] == [
        (2, "nik"), (3, "nik"), (4, "status_dasar"), (5, "kode_desa"), (6, "nik")]
    reasons = [m for _r, _c, m in preview.skipped]
    assert reasons[0].startswith("NIK 0 atau kosong")
    assert reasons[1] == "NIK tidak sah, baris dilewati: NIK harus 16 digit, yang diisi 11 digit."
    assert reasons[2] == ("Status dasar MATI: hanya warga yang masih hidup dan tinggal di desa yang diimpor.")
    assert reasons[3] == f"Desa {GOGODESO} di luar wilayah kerja Anda (atau bukan kode desa): baris dilewati."
    assert reasons[4] == "NIK sama dengan baris 7: baris terakhir yang dipakai, seperti di OpenSID."
    assert [r["name"] for r in preview.rows] == ["Kedua"]  # names in capitals are tidied
    assert preview.ok


def test_an_unknown_code_is_an_error_naming_the_column(jatinom_operator):
    preview = validate_opensid(workbook(resident(kk_level="12")), jatinom_operator, JATINOM)
    assert preview.errors == [(2, "kk_level", "'12' bukan kode atau nama yang dikenal untuk kolom kk_level. "
                                              "Gunakan kode dari lembar Kode Data OpenSID.")]
    assert not preview.ok


def test_an_unknown_header_refuses_the_file(jatinom_operator):
    preview = validate_opensid(workbook(resident(), header=[*HEADER, "telepon"]), jatinom_operator, JATINOM)
    assert preview.file_errors == ["Kolom telepon bukan kolom impor penduduk OpenSID. Gunakan berkas hasil Ekspor "
                                   "Penduduk OpenSID atau templat impornya."]


def test_reading_stops_at_the_end_marker(jatinom_operator):
    preview = validate_opensid(workbook(resident(), end_marker=True), jatinom_operator, JATINOM)
    assert (preview.total_rows, preview.errors, preview.skipped) == (1, [], [])


def test_commit_writes_all_and_a_reimport_changes_nothing(jatinom_operator):
    data = workbook(resident(), resident(nik=NIK_B, nama="BUDI", sex="1", tanggallahir="1990-02-03", kk_level="1"))
    preview = validate_opensid(data, jatinom_operator, JATINOM, "penduduk.xlsx")
    imports.commit(preview, jatinom_operator, "penduduk.xlsx")
    siti = Person.objects.with_nik(NIK_A).get()
    assert (siti.name, siti.sex, siti.kk, siti.village_id, siti.marital_status) == (
        "Siti Aminah", "F", KK, JATINOM, "married")  # OpenSID's capitals tidied; typed spelling in history
    history = Person.history.count()
    again = validate_opensid(data, jatinom_operator, JATINOM, "penduduk.xlsx")
    assert (again.people_create, again.people_update, again.people_unchanged) == (0, 0, 2)
    imports.commit(again, jatinom_operator, "penduduk.xlsx")
    assert (Person.objects.count(), Person.history.count()) == (2, history)


def test_a_blank_cell_keeps_the_stored_value_and_other_capitals_are_the_same(jatinom_operator, make_person):
    make_person(nik=NIK_A, name="Siti Aminah", phone="+6281234567890", birth_place="Blitar", dusun="Krajan",
                rt="001", rw="002", address="Jl. Mawar 3", marital_status="married", education="sma", kk=KK)
    preview = validate_opensid(workbook(resident(tanggallahir="", status_kawin="")), jatinom_operator, JATINOM)
    assert (preview.errors, preview.people_update, preview.people_unchanged) == ([], 0, 1)
    changed = validate_opensid(workbook(resident(status_kawin="3")), jatinom_operator, JATINOM)
    assert (changed.people_update, changed.people_unchanged) == (1, 0)
    imports.commit(changed, jatinom_operator, "x.xlsx")
    siti = Person.objects.with_nik(NIK_A).get()
    assert (siti.marital_status, siti.phone, siti.name) == ("divorced", "+6281234567890", "Siti Aminah")


def test_a_resident_registered_in_another_village_is_skipped(jatinom_operator, make_person):
    make_person(village=GOGODESO, nik=NIK_A)
    preview = validate_opensid(workbook(resident()), jatinom_operator, JATINOM)
    assert preview.skipped == [(2, "nik", "NIK ini terdaftar di desa di luar wilayah kerja Anda: baris dilewati. "
                                          "Hubungi petugas kabupaten.")]
    assert not preview.ok


def test_migrant_workers_are_offered_for_a_placement_with_their_passport(jatinom_operator):
    rows = [resident(pekerja_migran="Perawat", dokumen_pasport="C1234567", tanggal_akhir_paspor="2031-04-30"),
            resident(nik=NIK_B, nama="BUDI", sex="1", tanggallahir="1990-02-03", pekerjaan_id="TKI",
                     pekerja_migran="BUKAN PEKERJA MIGRAN"),
            resident(nik=make_nik(serial="0301"), nama="RINA", pekerja_migran="BUKAN PEKERJA MIGRAN")]
    preview = validate_opensid(workbook(*rows, header=[*HEADER, "pekerja_migran"]), jatinom_operator, JATINOM)
    assert preview.errors == []
    assert [(c["name"], c["reason"], c["passport"], c["passport_expiry"], c["relationship"])
            for c in preview.candidates] == [
        ("Siti Aminah", "OpenSID: pekerja migran (Perawat)", "C1234567", datetime.date(2031, 4, 30), "ISTRI"),
        ("Budi", "pekerjaan: TKI", "", None, "ISTRI")]


def test_a_csv_of_the_workbook_is_read_the_same(jatinom_operator):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",")
    writer.writerow(HEADER)
    writer.writerow([resident().get(h, "") for h in HEADER])
    preview = validate_opensid(buf.getvalue().encode(), jatinom_operator, JATINOM, "penduduk.csv")
    assert (preview.errors, preview.people_create) == ([], 1)


@pytest.mark.parametrize("code,label", [(1, "LAKI-LAKI"), (2, "PEREMPUAN")])
def test_sex_codes_match_opensid(code, label):
    assert opensid_codes.code_of("sex", label) == code


def test_the_page_previews_then_commits_and_offers_placements(client_for, jatinom_operator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for(jatinom_operator)
    data = workbook(resident(pekerja_migran="Perawat"), header=[*HEADER, "pekerja_migran"])
    response = client.post(reverse("migrants:opensid_import"), {
        "village": JATINOM, "file": SimpleUploadedFile("penduduk.xlsx", data)})
    assert response.status_code == 200
    token = response.context["token"]
    assert response.context["preview"].people_create == 1
    response = client.post(reverse("migrants:opensid_commit", args=[token]))
    assert response.status_code == 200
    siti = Person.objects.with_nik(NIK_A).get()
    assert [c["person_pk"] for c in response.context["candidates"]] == [siti.pk]
    assert f"?person={siti.pk}" in response.content.decode()


def test_the_page_refuses_a_village_outside_the_users(client_for, jatinom_operator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = client_for(jatinom_operator).post(reverse("migrants:opensid_import"), {
        "village": GOGODESO, "file": SimpleUploadedFile("penduduk.xlsx", workbook(resident()))})
    assert response.status_code == 400
    assert "village" in response.context["form"].errors
    assert not Person.objects.exists()


def test_the_opensid_preview_shows_how_each_value_was_read_and_which_rows_change(jatinom_operator):
    data = workbook(resident())
    preview = validate_opensid(data, jatinom_operator, JATINOM, "penduduk.xlsx")
    cells = {title: (read, typed) for title, read, typed in preview.readings[0]["cells"]}
    assert preview.readings[0]["change"] == "new"
    assert cells["Nama"] == ("Siti Aminah", "SITI AMINAH")  # names in capitals tidied, the typed spelling shown
    assert cells["Tanggal lahir"] == ("17 Mei 1995", "1995-05-17")
    assert cells["Kode desa"][0] == f"{JATINOM} Jatinom"
    imports.commit(preview, jatinom_operator, "penduduk.xlsx")
    again = validate_opensid(data, jatinom_operator, JATINOM, "penduduk.xlsx")
    assert [r["change"] for r in again.readings] == ["unchanged"]
    moved = validate_opensid(workbook(resident(dusun="NGRINGIN")), jatinom_operator, JATINOM, "penduduk.xlsx")
    assert [(r["change"], r["changed"]) for r in moved.readings] == [("changed", ("Dusun",))]
