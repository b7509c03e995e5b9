import pytest

from audit.models import Action, AuditEntry
from village_services.models import Channel, Letter, LetterType, Service, ServiceRequest
from village_services.services import display_code, revoke_letter

from .conftest import NIK, domicile_values


def test_verification_page_shows_only_what_it_should(client, issue):
    letter = issue()
    response = client.get(f"/layanan/verifikasi/{display_code(letter.verification_code)}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Surat ini SAH" in body
    assert letter.number in body and "Surat keterangan domisili" in body and "2 Maret 2026" in body
    assert "Si** Am****" in body and "Desa Jatinom" in body
    for secret in ("Siti Aminah", NIK, "RT 01 RW 02", "Ibu rumah tangga", "Pendaftaran calon PMI"):
        assert secret not in body


def test_verification_page_says_revoked_without_the_reason(client, jatinom_operator, issue):
    letter = issue()
    revoke_letter(jatinom_operator, letter, "Pemalsuan tanda tangan oleh calo Pak Budi")
    body = client.get(f"/layanan/verifikasi/{letter.verification_code}/").content.decode()
    assert "Surat ini telah DICABUT" in body and "Surat ini SAH" not in body
    assert "Pak Budi" not in body


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ", "abc", "%27%20OR%201=1--", "x" * 300, "-"])
def test_forged_code_shows_not_found_never_an_error(client, issue, code):
    issue()
    response = client.get(f"/layanan/verifikasi/{code}/")
    assert response.status_code == 404
    assert "Surat tidak ditemukan" in response.content.decode()


def test_public_verification_is_logged_against_the_letter(client, issue):
    letter = issue()
    client.get(f"/layanan/verifikasi/{letter.verification_code}/")
    # The note of an entry about a person's letter is sealed under their data key (issue 19.3): read, not searched.
    assert [e.note for e in AuditEntry.objects.filter(object_type="services.letter", object_id=str(letter.pk),
                                                      action=Action.READ)] == ["public verification"]


def test_verify_form_redirects_to_the_code_page(client, db):
    response = client.get("/layanan/verifikasi/", {"code": "abcd-efgh-jk12"})
    assert response.status_code == 302 and response.url == "/layanan/verifikasi/ABCDEFGHJK12/"


def _page_sizes_mm(letter):
    from weasyprint import HTML

    from village_services.pdf import letter_html

    document = HTML(string=letter_html(letter)).render()
    # WeasyPrint measures pages in CSS pixels: 96 per inch, 25.4 mm per inch.
    return [(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in document.pages]


def test_letter_pdf_download_is_a_pdf(client_for, jatinom_operator, issue):
    letter = issue()
    response = client_for(jatinom_operator).get(f"/layanan/surat/{letter.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_letter_prints_on_one_f4_page(issue):
    assert _page_sizes_mm(issue()) == [(215, 330)]


def test_letter_prints_on_one_a4_page(issue, domicile):
    LetterType.objects.filter(pk=domicile.pk).update(page_size="A4")
    domicile.refresh_from_db()
    assert _page_sizes_mm(issue(domicile)) == [(210, 297)]


def test_letter_html_carries_qr_and_verification_code(issue):
    from village_services.pdf import letter_html

    letter = issue()
    html = letter_html(letter)
    assert "data:image/svg+xml" in html
    assert f"http://127.0.0.1:8000/layanan/verifikasi/{display_code(letter.verification_code)}/" in html
    assert display_code(letter.verification_code) in html


def test_letters_of_another_village_are_not_found(client_for, gogodeso_operator, issue):
    letter = issue()
    client = client_for(gogodeso_operator)
    assert client.get(f"/layanan/surat/{letter.pk}/").status_code == 404
    assert client.get(f"/layanan/surat/{letter.pk}/pdf/").status_code == 404
    assert client.post(f"/layanan/surat/{letter.pk}/cabut/", {"reason": "bukan wewenang saya"}).status_code == 404
    assert letter.number not in client.get("/layanan/surat/").content.decode()


def test_district_officer_sees_letters_but_cannot_revoke(client_for, blitar_officer, issue):
    letter = issue()
    client = client_for(blitar_officer)
    assert letter.number in client.get("/layanan/surat/").content.decode()
    assert client.post(f"/layanan/surat/{letter.pk}/cabut/", {"reason": "alasan yang cukup panjang"}).status_code == 403
    letter.refresh_from_db()
    assert letter.is_valid


def test_opening_a_letter_is_audited_as_a_read(client_for, jatinom_operator, issue):
    letter = issue()
    client_for(jatinom_operator).get(f"/layanan/surat/{letter.pk}/")
    assert AuditEntry.objects.filter(object_id=str(letter.pk), object_type="services.letter",
                                     action=Action.READ, actor=jatinom_operator).exists()


def test_template_editor_refuses_unknown_placeholder_naming_it(client_for, jatinom_operator, domicile):
    data = {"name": domicile.name, "code": domicile.code, "title": domicile.title,
            "number_pattern": domicile.number_pattern, "body": "Saya {nama} ke {negara}.",
            "signer_name": "Suprapto", "signer_title": "Kepala Desa", "page_size": "F4", "is_active": "on"}
    response = client_for(jatinom_operator).post(f"/layanan/jenis-surat/{domicile.pk}/ubah/", data)
    assert response.status_code == 400
    assert "Isian tidak dikenal: {negara}." in response.content.decode()
    domicile.refresh_from_db()
    assert "{negara}" not in domicile.body


def test_issuing_from_the_form_fills_from_registered_person_and_placement(client_for, jatinom_operator,
                                                                          family_permission, placement):
    client = client_for(jatinom_operator)
    page = client.get(f"/layanan/surat/terbitkan/{family_permission.pk}/", {"nik": NIK}).content.decode()
    assert 'value="Hong Kong"' in page and 'value="PT Contoh Jasa Penempatan"' in page
    assert 'value="Blitar"' in page and "RT 001 RW 002, Dusun Krajan" in page
    data = {"person": placement.person_id, "placement": placement.pk, "nama": "Siti Aminah", "nik": NIK,
            "tempat_lahir": "Blitar", "tanggal_lahir": "5 Agustus 1990", "jenis_kelamin": "Perempuan",
            "pekerjaan": "Petani", "alamat": "RT 001 RW 002, Dusun Krajan", "tujuan": "Hong Kong",
            "p3mi": "PT Contoh Jasa Penempatan", "nama_keluarga": "Ahmad Basuki", "nik_keluarga": "3505101203650002",
            "hubungan_keluarga": "Suami"}
    response = client.post(f"/layanan/surat/terbitkan/{family_permission.pk}/", data)
    letter = Letter.objects.get()
    assert response.status_code == 302 and response.url == f"/layanan/surat/{letter.pk}/"
    assert letter.person == placement.person and letter.placement == placement
    assert "di negara Hong Kong melalui perusahaan penempatan PT Contoh Jasa Penempatan." in letter.body


def test_issue_form_names_missing_fields(client_for, jatinom_operator, domicile):
    response = client_for(jatinom_operator).post(f"/layanan/surat/terbitkan/{domicile.pk}/", {"nama": "Siti"})
    body = response.content.decode()
    assert response.status_code == 400 and not Letter.objects.exists()
    assert "Alamat wajib diisi untuk surat ini." in body


def test_public_catalogue_lists_published_services_only(client, jatinom_catalogue):
    Service.objects.filter(village=jatinom_catalogue, code="domisili").update(is_published=False)
    body = client.get("/layanan/desa/35.05.10.2002/").content.decode()
    assert "Surat izin keluarga (suami/istri/orang tua/wali) diketahui kepala desa" in body
    assert "Surat keterangan domisili" not in body
    assert "UU 18/2017 Pasal 13 huruf b dan Pasal 42 ayat (1) huruf c." in body


def test_online_request_gives_a_tracking_code_that_tracks_without_personal_data(client, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="izin-keluarga")
    response = client.post("/layanan/desa/35.05.10.2002/ajukan/", {
        "service": service.pk, "applicant_name": "Siti Aminah", "nik": NIK, "phone": "081234567890",
        "purpose": "Bekerja ke Hong Kong", "consent": "on", "website": ""})
    req = ServiceRequest.objects.get()
    code = display_code(req.tracking_code)
    assert req.channel == Channel.ONLINE and code in response.content.decode()
    tracked = client.post("/layanan/lacak/", {"kode": code.lower()}).content.decode()
    assert "Diajukan" in tracked and service.name in tracked
    assert "Siti" not in tracked and NIK not in tracked and "0812" not in tracked


def test_online_requests_are_throttled_per_client(client, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    data = {"service": service.pk, "applicant_name": "Siti", "nik": NIK, "phone": "081234567890",
            "consent": "on"}
    statuses = [client.post("/layanan/desa/35.05.10.2002/ajukan/", data).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]
    assert ServiceRequest.objects.count() == 5


def test_honeypot_filled_creates_nothing(client, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    client.post("/layanan/desa/35.05.10.2002/ajukan/", {
        "service": service.pk, "applicant_name": "Bot", "nik": NIK, "phone": "081234567890", "consent": "on",
        "website": "http://spam.example"})
    assert not ServiceRequest.objects.exists()


def test_unknown_tracking_code_is_not_found(client, jatinom_catalogue):
    response = client.post("/layanan/lacak/", {"kode": "0000000000"})
    assert response.status_code == 404 and "Kode lacak tidak ditemukan" in response.content.decode()


def test_requests_list_and_overdue_are_scoped(client_for, gogodeso_operator, jatinom_operator, jatinom_catalogue):
    from village_services.services import submit_request

    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    submit_request(service=service, applicant_name="Warga Jatinom", actor=jatinom_operator)
    assert "Warga Jatinom" in client_for(jatinom_operator).get("/layanan/permohonan/").content.decode()
    assert "Warga Jatinom" not in client_for(gogodeso_operator).get("/layanan/permohonan/").content.decode()


def test_copy_defaults_from_catalogue_page(client_for, jatinom_operator, jatinom):
    client = client_for(jatinom_operator)
    assert "belum memiliki katalog layanan" in client.get("/layanan/katalog/").content.decode()
    client.post("/layanan/katalog/salin-bawaan/", {"village": jatinom.code})
    client.post("/layanan/katalog/salin-bawaan/", {"village": jatinom.code})
    # Five migration letters, and since issue 16.6 marital status, heirs and death for repatriation.
    assert Service.objects.filter(village=jatinom).count() == 8
    assert LetterType.objects.filter(village=jatinom).count() == 8


def test_operator_cannot_copy_defaults_into_another_village(client_for, gogodeso_operator, jatinom):
    response = client_for(gogodeso_operator).post("/layanan/katalog/salin-bawaan/", {"village": jatinom.code})
    assert response.status_code == 403 and not Service.objects.exists()


def test_home_figures(client_for, jatinom_operator, issue):
    from village_services.figures import home_figures

    issue()
    figures = {f.label: f.value for f in home_figures(jatinom_operator)}
    assert figures["Permohonan layanan terbuka"] == 0
    assert figures["Permohonan melewati standar waktu"] == 0
    assert "Surat terbit bulan ini" in figures


def test_pages_render_for_operator(client_for, jatinom_operator, issue, domicile):
    letter = issue()
    client = client_for(jatinom_operator)
    for url in ["/layanan/", "/layanan/katalog/", "/layanan/jenis-surat/", "/layanan/permohonan/",
                "/layanan/permohonan/terlambat/", "/layanan/permohonan/baru/", "/layanan/surat/",
                f"/layanan/surat/{letter.pk}/", f"/layanan/jenis-surat/{domicile.pk}/ubah/",
                "/layanan/jenis-surat/baru/", "/layanan/katalog/baru/", "/layanan/kop-surat/35.05.10.2002/",
                f"/layanan/surat/terbitkan/{domicile.pk}/"]:
        assert client.get(url).status_code == 200, url


def test_letter_issue_via_domain_values(issue):
    assert issue(values=domicile_values(nama="Budi")).holder_name == "Budi"
