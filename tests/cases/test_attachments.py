import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from cases.models import Attachment

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_pdf_is_stored_outside_web_root_under_a_random_name(jatinom_operator, make_case, private_root):
    case = make_case(jatinom_operator)
    attachment = services.add_attachment(jatinom_operator, case, SimpleUploadedFile("surat kuasa.pdf", PDF))
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "surat kuasa.pdf"
    assert attachment.file.path.startswith(str(private_root))
    assert "surat" not in attachment.file.name and attachment.file.name.endswith(".pdf")


def test_renamed_executable_is_refused(jatinom_operator, make_case, private_root):
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(jatinom_operator, case, SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 300))
    assert exc.value.messages == ['Lampiran: isi berkas "ktp.pdf" bukan PDF, JPEG atau PNG (nama berkas tidak '
                                  'menentukan jenisnya). Unggah hasil pindaian atau foto dokumen yang asli.']
    assert Attachment.objects.count() == 0


def test_oversized_file_is_refused(jatinom_operator, make_case, private_root, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    case = make_case(jatinom_operator)
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(jatinom_operator, case, SimpleUploadedFile("besar.pdf", PDF + b"0" * 2000))
    assert "terlalu besar" in exc.value.messages[0] and "1000" in exc.value.messages[0]
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.png", "passwd.png"),
    ("C:\\Users\\x\\foto ktp.png", "foto ktp.png"),
    ("<script>alert(1)</script>.png", "script_.png"),
    ("\x00\x1fnul.png", "nul.png"),
    ("", "berkas"),
    ("a" * 300 + ".png", "a" * 100),
])
def test_hostile_file_names_are_sanitised(name, expected):
    assert services.sanitise_filename(name) == expected


def test_attachment_streams_only_to_users_who_see_the_case(jatinom_operator, gogodeso_operator, make_case,
                                                            private_root, client):
    case = make_case(jatinom_operator)
    attachment = services.add_attachment(jatinom_operator, case, SimpleUploadedFile("foto.png", PNG))
    url = reverse("cases:attachment", args=[attachment.pk])
    client.force_login(gogodeso_operator)
    assert client.get(url).status_code == 404
    client.force_login(jatinom_operator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.logout()
    assert client.get(url).status_code == 302


def test_upload_view_shows_a_clear_message(jatinom_operator, make_case, private_root, client):
    case = make_case(jatinom_operator)
    client.force_login(jatinom_operator)
    upload = SimpleUploadedFile("ktp.png", b"#!/bin/sh\nrm -rf /\n")
    response = client.post(reverse("cases:attach", args=[case.pk]), {"file": upload}, follow=True)
    assert 'Berkas: isi berkas "ktp.png" bukan PDF, JPEG atau PNG' in html.unescape(response.content.decode())
    assert Attachment.objects.count() == 0
