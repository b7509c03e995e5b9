"""An operator drafts a family-permission letter, the sekretaris desa checks it, the kepala desa signs it from the
queue (the number appears then), the verification link printed in its PDF says "valid", the operator revokes it and
the link says "revoked" — in real Chromium, at phone width."""

import re
import zlib

import pytest

from .conftest import NIK, NIK_FAMILY


def pdf_links(pdf):
    """The URIs of the PDF's link annotations (WeasyPrint compresses objects into Flate streams)."""
    links = set(re.findall(rb"/URI \((http[^)]*)\)", pdf))
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        # A decompressor object, not zlib.decompress: when a stream's last byte is "\r" the pattern takes it as
        # part of the end-of-line before "endstream", and the stream is one checksum byte short (a 1-in-256 flake).
        try:
            links |= set(re.findall(rb"/URI \((http[^)]*)\)", zlib.decompressobj().decompress(stream)))
        except zlib.error:
            continue
    return {link.decode() for link in links}


@pytest.mark.browser
def test_draft_check_sign_verify_revoke(live_server, page_at, login_page, settings, transactional_db,
                                       jatinom_operator, jatinom_secretary, jatinom_head, family_permission):
    settings.SITE_URL = live_server.url
    page = page_at(360)
    login_page(page, live_server, "op.jatinom")
    page.goto(f"{live_server.url}/layanan/surat/")
    page.get_by_role("link", name="Surat izin keluarga diketahui kepala desa").click()
    fields = {"nama": "Siti Aminah", "nik": NIK, "tempat_lahir": "Blitar", "tanggal_lahir": "5 Agustus 1990",
              "jenis_kelamin": "Perempuan", "pekerjaan": "Petani", "alamat": "RT 01 RW 02 Dusun Krajan",
              "tujuan": "Hong Kong", "p3mi": "PT Contoh Jasa Penempatan", "nama_keluarga": "Ahmad Basuki",
              "nik_keluarga": NIK_FAMILY, "hubungan_keluarga": "Suami"}
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click("[data-testid=issue]")
    assert page.inner_text("[data-testid=letter-status]") == "Konsep"
    letter_url = page.url

    secretary = login_page(page_at(360), live_server, "sekdes.jatinom")
    secretary.goto(letter_url)
    secretary.click("[data-testid=check]")
    assert secretary.inner_text("[data-testid=letter-status]") == "Diperiksa sekretaris desa"

    head = login_page(page_at(360), live_server, "kades.jatinom")
    head.goto(f"{live_server.url}/layanan/surat/tanda-tangan/")
    head.get_by_label("Surat izin keluarga diketahui kepala desa — Siti Aminah (Jatinom)").check()
    head.click("[data-testid=sign-selected]")
    head.goto(letter_url)
    assert head.inner_text("[data-testid=letter-status]") == "Terbit"
    assert head.inner_text("[data-testid=signer]").startswith("Kepala Desa Suprapto")

    page.goto(letter_url)
    number = page.inner_text("[data-testid=letter-number]")
    assert re.fullmatch(r"560/001/SIK/35\.05\.10\.2002/\d{4}", number)

    pdf_url = page.get_attribute("[data-testid=pdf-link]", "href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.headers["content-type"] == "application/pdf"
    links = [link for link in pdf_links(response.body()) if "/layanan/verifikasi/" in link]
    assert len(links) == 1

    public = page.context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    public.goto(links[0])
    assert public.inner_text("[data-testid=verify-status]") == "✓ Surat ini SAH"
    assert public.inner_text("[data-testid=verify-number]") == number
    assert public.inner_text("[data-testid=verify-holder]") == "Si** Am****"
    assert "Siti Aminah" not in public.content()

    page.fill("#id_reason", "Izin ditarik kembali oleh suami")
    page.click("[data-testid=revoke]")
    assert page.inner_text("[data-testid=letter-status]") == "Dicabut"

    public.reload()
    assert public.inner_text("[data-testid=verify-status]").startswith("✗ Surat ini telah DICABUT")
    public.context.close()
