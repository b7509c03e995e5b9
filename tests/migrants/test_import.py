import csv
import datetime
import io
import os

import pytest
from openpyxl import Workbook, load_workbook

from audit.models import Action, AuditEntry
from migrants import imports
from migrants.models import Placement, Status
from people.models import Person

from .conftest import GOGODESO, JATINOM, make_nik

HEADER = imports.HEADERS


def row(**values):
    base = {"nik": make_nik(), "nama": "Siti Aminah", "jenis_kelamin": "P", "tanggal_lahir": "17/05/1995",
            "kode_desa": JATINOM, "negara_tujuan": "Hong Kong", "sektor": "Pekerja rumah tangga",
            "jabatan": "housekeeper", "jenis_pemberi_kerja": "perseorangan", "skema": "P to P",
            "p3mi": "PT Maju Jaya", "mulai_kontrak": "10-01-2025", "akhir_kontrak": "9 Januari 2027",
            "tanggal_berangkat": "5 Jan 2025", "status": "bekerja", "telepon": "0812 3456 7890"}
    base.update(values)
    return [base.get(h, "") for h in HEADER]


def xlsx(*rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(*rows, delimiter=";"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(HEADER)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def test_a_clean_file_previews_then_commits_people_and_placements(agency, jatinom_operator):
    data = xlsx(row(), row(nik=make_nik(serial="0002"), nama="Rina", status="calon", tanggal_berangkat=""))
    preview = imports.validate(data, jatinom_operator, "a.xlsx")
    assert preview.errors == [] and preview.file_errors == []
    assert (preview.people_create, preview.people_update, preview.placements_create) == (2, 0, 2)
    assert not Person.objects.exists()  # preview writes nothing
    imports.commit(data, jatinom_operator, "a.xlsx")
    siti = Person.objects.with_nik(make_nik()).get()
    placement = siti.placements.get()
    assert (placement.status, placement.destination_country.code, placement.agency) == (Status.WORKING, "HK", agency)
    assert placement.contract_end == datetime.date(2027, 1, 9)
    assert placement.departure_date == datetime.date(2025, 1, 5)
    assert placement.flags == ["document_missing", "no_social_security"]
    assert siti.phone == "+6281234567890"
    assert siti.history.count() == 1 and placement.history.count() == 1
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1


def test_a_second_import_updates_people_matched_by_nik(agency, jatinom_operator):
    imports.commit(xlsx(row()), jatinom_operator)
    data = xlsx(row(nama="Siti Aminah Binti Karto", akhir_kontrak="09/01/2028"))
    preview = imports.validate(data, jatinom_operator)
    assert (preview.people_create, preview.people_update, preview.placements_create,
            preview.placements_update) == (0, 1, 0, 1)
    imports.commit(data, jatinom_operator)
    person = Person.objects.get()
    assert person.name == "Siti Aminah Binti Karto"
    assert person.placements.get().contract_end == datetime.date(2028, 1, 9)


@pytest.mark.parametrize("value, expected", [
    ("23/11/2026", datetime.date(2026, 11, 23)), ("23-11-2026", datetime.date(2026, 11, 23)),
    ("23 November 2026", datetime.date(2026, 11, 23)), ("23 Nopember 2026", datetime.date(2026, 11, 23)),
    ("2026-11-23", datetime.date(2026, 11, 23)), (datetime.datetime(2026, 11, 23), datetime.date(2026, 11, 23)),
    (46349, datetime.date(2026, 11, 23)),
])
def test_dates_are_read_as_villages_type_them(value, expected):
    assert imports.parse_date(value) == expected


def test_bad_dates_are_named_by_row_and_column(agency, jatinom_operator):
    data = xlsx(row(tanggal_lahir="31/02/1995"), row(nik=make_nik(serial="0002"), akhir_kontrak="besok"))
    preview = imports.validate(data, jatinom_operator)
    assert preview.errors == [
        (2, "Tanggal lahir", "Tanggal '31/02/1995' tidak ada di kalender."),
        (3, "Akhir kontrak", "Tanggal 'besok' tidak dapat dibaca. Tulis seperti 23/11/2026, 23-11-2026 atau "
                             "23 November 2026."),
    ]
    with pytest.raises(imports.ImportRefused):
        imports.commit(data, jatinom_operator)
    assert not Person.objects.exists()


def test_a_nik_typed_with_spaces_is_accepted_and_a_numeric_nik_is_named(agency, jatinom_operator):
    spaced = "3505 1057 0595 0001"
    assert imports.validate(xlsx(row(nik=spaced)), jatinom_operator).errors == []
    preview = imports.validate(xlsx(row(nik=3505105705950000)), jatinom_operator)
    assert preview.errors[0][:2] == (2, "NIK")
    assert "Excel hanya menyimpan 15 digit" in preview.errors[0][2]
    sci = imports.validate(csv_bytes(row(nik="3,50511E+15")), jatinom_operator)
    assert "angka ilmiah" in sci.errors[0][2]


def test_a_duplicate_nik_with_another_name_inside_a_file_is_an_error(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(), row(nama="Orang Lain")), jatinom_operator)
    assert preview.errors == [(3, "NIK", "NIK sama dengan baris 2 tetapi nama atau tanggal lahir berbeda. Satu NIK "
                                         "hanya untuk satu warga.")]


def test_the_same_person_twice_with_two_placements_is_allowed(agency, jatinom_operator):
    data = xlsx(row(status="purna", tanggal_pulang="01/02/2023", mulai_kontrak="01/01/2021",
                    akhir_kontrak="31/12/2022", tanggal_berangkat="03/01/2021"), row())
    imports.commit(data, jatinom_operator)
    assert Person.objects.count() == 1
    assert sorted(Placement.objects.values_list("status", flat=True)) == ["returnee", "working"]


def test_an_unknown_or_out_of_scope_region_is_named(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(kode_desa="35.05.99.9999"),
                                     row(nik=make_nik(serial="0002"), kode_desa=GOGODESO)), jatinom_operator)
    assert preview.errors == [
        (2, "Kode desa", "Kode desa '35.05.99.9999' tidak dikenal. Gunakan kode Kemendagri seperti 35.05.10.2002."),
        (3, "Kode desa", "Desa 35.05.10.2003 di luar wilayah kerja Anda."),
    ]


def test_a_file_of_another_template_is_refused(jatinom_operator):
    preview = imports.validate(xlsx(["a", "b"], header=["nama", "alamat"]), jatinom_operator)
    assert preview.file_errors == [
        "Ini bukan templat impor Payung: kolom NIK, Jenis kelamin, Tanggal lahir, Kode desa tidak ditemukan di "
        "baris pertama. Unduh templat lalu salin data ke sana."]


def test_an_empty_file_and_a_header_only_file_are_refused(jatinom_operator):
    assert imports.validate(b"", jatinom_operator).file_errors == ["Berkas kosong."]
    assert imports.validate(xlsx(), jatinom_operator).file_errors == [
        "Berkas tidak berisi data (hanya judul kolom)."]


def test_ten_megabytes_of_junk_is_refused_without_a_crash(jatinom_operator):
    junk = os.urandom(10 * 1024 * 1024)
    preview = imports.validate(junk, jatinom_operator)
    assert len(preview.file_errors) == 1
    assert preview.ok is False
    zip_junk = b"PK\x03\x04" + os.urandom(1024)
    assert imports.validate(zip_junk, jatinom_operator).file_errors == [
        "Berkas XLSX rusak atau bukan berkas Excel. Simpan ulang sebagai .xlsx."]


def test_a_csv_with_semicolons_imports(agency, jatinom_operator):
    imports.commit(csv_bytes(row()), jatinom_operator)
    assert Placement.objects.get().status == Status.WORKING


def test_one_bad_row_means_nothing_is_written(agency, jatinom_operator):
    rows = [row(nik=make_nik(serial=f"{i:04d}"), nama=f"W{i}") for i in range(1, 30)]
    rows.append(row(nik="123", nama="Salah"))
    with pytest.raises(imports.ImportRefused) as exc:
        imports.commit(xlsx(*rows), jatinom_operator)
    assert exc.value.preview.errors == [(31, "NIK", "NIK harus 16 digit, yang diisi 3 digit.")]
    assert Person.objects.count() == 0 and Placement.objects.count() == 0


def test_the_template_has_the_columns_and_nik_as_text():
    wb = load_workbook(io.BytesIO(imports.template_bytes()))
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == [imports.TITLES[key] for _h, key, *_r in imports.COLUMNS
                                         if key not in ("placement_id", "person_id")]
    assert ws["A2"].number_format == "@" and ws["A3"].number_format == "@"
    assert "Petunjuk" in wb.sheetnames


def test_import_screen_previews_and_commits(agency, jatinom_operator, client_for, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(jatinom_operator)
    upload = SimpleUploadedFile("data.xlsx", xlsx(row()))
    response = client.post("/pmi/impor/", {"file": upload})
    assert response.context["preview"].people_create == 1
    token = response.context["token"]
    assert not Person.objects.exists()
    response = client.post(f"/pmi/impor/{token}/simpan/")
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert client.post(f"/pmi/impor/{token}/simpan/").status_code == 409  # a preview is committed once
    assert Person.objects.count() == 1


def test_a_nik_registered_in_a_village_outside_scope_is_named_in_the_preview(make_person, agency, jatinom_operator):
    make_person(village=GOGODESO, nik=make_nik())
    preview = imports.validate(xlsx(row()), jatinom_operator)
    assert preview.errors == [(2, "NIK", "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi "
                                         "petugas kabupaten.")]


# --- Recruiters and family contacts ------------------------------------------------------------------

def test_a_recruiter_column_links_a_known_recruiter_and_records_a_new_one(agency, jatinom_operator):
    from migrants.models import Recruiter

    known = Recruiter.objects.create(name="Pak Slamet", claimed_agency=agency)
    data = xlsx(row(perekrut="pak  SLAMET"), row(nik=make_nik(serial="0002"), nama="Rina", perekrut="Bu Darmi"))
    preview = imports.validate(data, jatinom_operator)
    assert preview.errors == []
    assert preview.recruiters_create == ["Bu Darmi"]
    imports.commit(data, jatinom_operator)
    assert Placement.objects.get(person__nik_hash=Person.objects.with_nik(make_nik()).get().nik_hash).recruiter == known
    darmi = Recruiter.objects.with_name("Bu Darmi").get()
    assert (darmi.claimed_agency, darmi.home_region_id, darmi.placements.count()) == (agency, JATINOM, 1)
    assert darmi.history.count() == 1


def test_a_recruiter_added_by_an_import_has_a_create_entry_by_the_importing_user(agency, jatinom_operator):
    from migrants.models import Recruiter

    known = Recruiter.objects.create(name="Pak Slamet", claimed_agency=agency)
    imports.commit(xlsx(row(perekrut="Pak Slamet"), row(nik=make_nik(serial="0002"), nama="Rina", perekrut="Bu Darmi"),
                        row(nik=make_nik(serial="0003"), nama="Wati", perekrut="bu darmi")), jatinom_operator)
    darmi = Recruiter.objects.with_name("Bu Darmi").get()
    entries = AuditEntry.objects.filter(object_type="migrants.recruiter")
    assert [(e.action, e.actor, e.object_id, e.object_repr) for e in entries] == [
        (Action.CREATE, jatinom_operator, str(darmi.pk), "Bu Darmi")]
    assert known.pk != darmi.pk


def test_a_recruiter_without_a_placement_is_named(agency, jatinom_operator):
    data = xlsx(row(perekrut="Pak Slamet", negara_tujuan="", sektor="", jabatan="", tanggal_berangkat="",
                    status="", skema="", p3mi="", jenis_pemberi_kerja="", mulai_kontrak="", akhir_kontrak=""))
    assert imports.validate(data, jatinom_operator).errors == [
        (2, "Perekrut", "Perekrut hanya dicatat pada penempatan: isi juga negara tujuan.")]


def test_a_family_contact_is_added_as_primary_and_updated_by_a_later_file(agency, jatinom_operator):
    contact = {"kontak_keluarga_nama": "Karto", "kontak_keluarga_hubungan": "Suami",
               "kontak_keluarga_telepon": "0813 1111 2222"}
    imports.commit(xlsx(row(**contact)), jatinom_operator)
    person = Person.objects.get()
    saved = person.contacts.get()
    assert (saved.name, saved.relationship, saved.phone, saved.is_primary) == (
        "Karto", "spouse", "+6281311112222", True)
    assert saved.history.count() == 1
    imports.commit(xlsx(row(**{**contact, "kontak_keluarga_telepon": "+852 6123 4567"}),
                         row(nik=make_nik(), kontak_keluarga_nama="Sumi", kontak_keluarga_hubungan="ibu",
                             negara_tujuan="Taiwan")), jatinom_operator)
    contacts = {c.name: c for c in person.contacts.all()}
    assert set(contacts) == {"Karto", "Sumi"}
    assert (contacts["Karto"].phone, contacts["Karto"].is_primary) == ("+85261234567", True)
    assert (contacts["Sumi"].relationship, contacts["Sumi"].is_primary) == ("parent", False)
    assert contacts["Karto"].history.count() == 2


def test_a_family_contact_needs_a_name_and_a_relationship(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(kontak_keluarga_nama="Karto"),
                                     row(nik=make_nik(serial="0002"), nama="Rina",
                                         kontak_keluarga_telepon="08131112222"),
                                     row(nik=make_nik(serial="0003"), nama="Ani", kontak_keluarga_nama="Karto",
                                         kontak_keluarga_hubungan="tetangga")), jatinom_operator)
    assert preview.errors == [
        (2, "Kontak keluarga: hubungan", "Hubungan kontak keluarga wajib diisi (mis. suami, istri, orang tua, anak)."),
        (3, "Kontak keluarga: nama", "Nama kontak keluarga wajib diisi bila hubungan atau teleponnya diisi."),
        (4, "Kontak keluarga: hubungan", "'tetangga' tidak dikenal untuk Kontak keluarga: hubungan."),
    ]


def test_the_first_sheet_is_read_when_there_is_no_data_sheet(agency, jatinom_operator):
    wb = Workbook()
    ws = wb.active
    ws.title = "Lembar1"
    ws.append(HEADER)
    ws.append(row())
    buf = io.BytesIO()
    wb.save(buf)
    preview = imports.validate(buf.getvalue(), jatinom_operator)
    assert (preview.errors, preview.people_create) == ([], 1)


def test_rows_are_numbered_as_excel_shows_them_after_blank_rows(agency, jatinom_operator):
    data = xlsx([], row(tanggal_lahir="31/02/1995"))
    assert imports.validate(data, jatinom_operator).errors == [
        (3, "Tanggal lahir", "Tanggal '31/02/1995' tidak ada di kalender.")]


def test_column_hints_follow_the_active_language():
    from django.utils import translation

    from people.models import MaritalStatus

    hint = dict((h, hint) for h, _k, _r, hint in imports.COLUMNS)["status_perkawinan"]
    with translation.override("id"):
        assert str(MaritalStatus.SINGLE.label) in str(hint) and "Belum kawin" in str(hint)
    with translation.override("en"):
        assert str(MaritalStatus.SINGLE.label) in str(hint) and "Belum kawin" not in str(hint)


def test_the_template_has_the_recruiter_and_family_contact_columns_with_phones_as_text():
    wb = load_workbook(io.BytesIO(imports.template_bytes()))
    header = [c.value for c in wb["Data"][1]]
    assert header[-4:] == ["Perekrut", "Kontak keluarga: nama", "Kontak keluarga: hubungan", "Kontak keluarga: telepon"]
    assert wb["Data"].cell(row=2, column=len(header)).number_format == "@"


def test_a_changed_row_is_updated_with_a_history_row_and_an_unchanged_file_writes_nothing(agency, jatinom_operator):
    imports.commit(xlsx(row()), jatinom_operator)
    person = Person.objects.get()
    placement = person.placements.get()
    imports.commit(xlsx(row(nama="Siti Aminah Binti Karto", nama_pemberi_kerja="Mrs Wong", mulai_kontrak="10-01-2025",
                             akhir_kontrak="09/01/2028")), jatinom_operator)
    person.refresh_from_db()
    placement.refresh_from_db()
    assert (person.name, placement.employer_name, placement.contract_end) == (
        "Siti Aminah Binti Karto", "Mrs Wong", datetime.date(2028, 1, 9))
    assert [h.history_type for h in person.history.order_by("history_id")] == ["+", "~"]
    assert [h.history_type for h in placement.history.order_by("history_id")] == ["+", "~"]
    assert person.history.latest("history_id").nik == make_nik()  # the history row decrypts to the same NIK
    imports.commit(xlsx(row(nama="Siti Aminah Binti Karto", nama_pemberi_kerja="Mrs Wong", mulai_kontrak="10-01-2025",
                             akhir_kontrak="09/01/2028")), jatinom_operator)
    assert (person.history.count(), placement.history.count()) == (2, 2)
