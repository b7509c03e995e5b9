"""core.uploads: one content check for every upload: PDFs with active content refused, attachments capped."""

import os
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.forms import make_form_token
from cases.models import Attachment, Case
from core.uploads import check_file, pdf_active_content
from tests.conftest import JATINOM

PLAIN = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
OPEN_JS = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_with_object_stream(objects):
    """A PDF 1.5 whose dictionaries sit in a Flate-compressed object stream (as most producers write them)."""
    body = zlib.compress(b"2 0 " + objects)
    return (b"%PDF-1.5\n1 0 obj<</Type/Catalog>>endobj\n4 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
            + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_with_content_stream(content):
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n5 0 obj<</Length " + str(len(content)).encode()
            + b">>stream\n" + content + b"\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.mark.parametrize("pdf,found", [
    (OPEN_JS, ["JavaScript"]),
    (OPEN_JS.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS(", b"/J#53("), ["JavaScript"]),
    (PLAIN.replace(b"/Pages 2 0 R", b"/OpenAction<</S/Launch/F(cmd.exe)>>"), ["Launch"]),
    (PLAIN.replace(b"/Pages 2 0 R", b"/Names<</EmbeddedFiles 3 0 R>>"), ["EmbeddedFile"]),
    (pdf_with_object_stream(b"<</AA<</O<</S/JavaScript/JS 9 0 R>>>>>>"), ["JavaScript"]),
    (pdf_with_object_stream(b"<</Type/Page/MediaBox[0 0 595 842]>>"), []),
    (PLAIN, []),
    # Page content and image bytes are not dictionaries: "/JS" inside them is not an action.
    (pdf_with_content_stream(os.urandom(4096) + b"/JS /Launch /JavaScript " + os.urandom(64)), []),
])
def test_active_content_is_found_in_plain_escaped_and_compressed_dictionaries(pdf, found):
    assert pdf_active_content(pdf) == found


def test_a_pdf_written_by_weasyprint_is_accepted():
    from weasyprint import HTML

    pdf = HTML(string="<h1>Surat keterangan</h1><p>Isi /JS /Launch</p><a href='https://x.example'>x</a>").write_pdf()
    assert check_file(SimpleUploadedFile("surat.pdf", pdf), label="Lampiran") == ("application/pdf", "pdf")


def test_pdf_with_javascript_is_refused_with_a_message_naming_the_field(jatinom_operator, settings, tmp_path):
    from cases import services

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    case = services.intake_case(jatinom_operator, village=JATINOM, category="unpaid_wages", worker_name="Sri",
                                complainant_name="Sutrisno", complainant_phone="081234567890", description="Gaji.")
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(jatinom_operator, case, SimpleUploadedFile("kontrak.pdf", OPEN_JS))
    assert exc.value.messages == [
        'Lampiran: PDF "kontrak.pdf" memuat JavaScript dan ditolak demi keamanan. Cetak ulang dokumen ke PDF '
        '("Cetak ke PDF") atau pindai ulang, lalu unggah lagi.']
    assert Attachment.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


def test_an_object_stream_that_cannot_be_read_is_refused():
    broken = pdf_with_object_stream(b"<<>>").replace(b"/FlateDecode", b"/LZWDecode")
    with pytest.raises(ValidationError) as exc:
        check_file(SimpleUploadedFile("x.pdf", broken), label="Pindaian (PDF/JPEG/PNG)")
    assert exc.value.messages[0].startswith('Pindaian: isi PDF "x.pdf" tidak dapat diperiksa')


def complaint(**overrides):
    data = {
        "complainant_role": "family", "complainant_name": "Sutrisno", "complainant_relation": "suami",
        "complainant_phone": "0812-3456-7890", "worker_name": "Sri Wahyuni", "village": JATINOM,
        "destination_country": "HK", "category": "document_withholding", "description": "Paspor ditahan.",
        "consent_process": "on", "website": "", "form_token": make_form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


def test_public_complaint_with_eight_attachments_is_refused_and_keeps_nothing(client, regions, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    files = [SimpleUploadedFile(f"bukti{i}.pdf", PLAIN, content_type="application/pdf") for i in range(8)]
    response = client.post(reverse("cases:public_form"), complaint(attachments=files), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [
        "Lampiran: paling banyak 5 berkas dalam satu kiriman, Anda memilih 8. Kirim yang terpenting saja; sisanya "
        "dapat dikirim ke petugas kemudian."]
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)
    files = [SimpleUploadedFile(f"bukti{i}.pdf", PLAIN, content_type="application/pdf") for i in range(5)]
    response = client.post(reverse("cases:public_form"), complaint(attachments=files), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    assert Attachment.objects.count() == 5


def test_attachments_together_larger_than_the_total_cap_are_refused(client, regions, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_BYTES = 4000
    settings.MAX_UPLOAD_TOTAL_BYTES = 10_000
    files = [SimpleUploadedFile(f"bukti{i}.pdf", PLAIN + b"%" * 3000) for i in range(4)]
    response = client.post(reverse("cases:public_form"), complaint(attachments=files), REMOTE_ADDR="198.51.100.5")
    assert response.status_code == 200
    [message] = response.context["form"].errors["attachments"]
    assert message.startswith("Lampiran: ukuran semua berkas 12,")
    assert Case.objects.count() == 0


def test_every_service_that_takes_files_refuses_a_pdf_with_javascript(jatinom_operator, settings, tmp_path):
    from village_services.services import validate_logo

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as exc:
        validate_logo(OPEN_JS)
    assert list(exc.value.message_dict) == ["logo"]
    assert exc.value.message_dict["logo"][0].startswith('Logo: isi berkas "logo" bukan JPEG atau PNG')
    for validator in ("validate_pdf", "validate_document"):
        from core import uploads

        with pytest.raises(ValidationError) as exc:
            getattr(uploads, validator)(SimpleUploadedFile("perdes.pdf", OPEN_JS))
        assert "memuat JavaScript" in exc.value.messages[0]
