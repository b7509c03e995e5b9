"""The placement-document API and form take scans through core.uploads: a PDF carrying JavaScript is refused."""

from django.core.files.uploadedfile import SimpleUploadedFile

from migrants.models import DocumentKind

OPEN_JS = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")


def test_api_refuses_a_scan_with_javascript_naming_the_field(make_placement, jatinom_operator, api_client_for,
                                                             settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    doc = make_placement().documents.get(kind=DocumentKind.KTP)
    response = api_client_for(jatinom_operator).patch(
        f"/api/v1/placement-documents/{doc.pk}/", {"scan": SimpleUploadedFile("ktp.pdf", OPEN_JS)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["scan"] == [
        'Pindaian: PDF "ktp.pdf" memuat JavaScript dan ditolak demi keamanan. Cetak ulang dokumen ke PDF '
        '("Cetak ke PDF") atau pindai ulang, lalu unggah lagi.']
    doc.refresh_from_db()
    assert not doc.scan and list(tmp_path.iterdir()) == []


def test_form_refuses_a_scan_with_javascript(make_placement, jatinom_operator, client_for, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    placement = make_placement()
    doc = placement.documents.get(kind=DocumentKind.KTP)
    response = client_for(jatinom_operator).post(f"/pmi/{placement.pk}/dokumen/{doc.pk}/", {
        "status": "submitted", "scan": SimpleUploadedFile("ktp.pdf", OPEN_JS)})
    assert response.status_code == 400
    assert response.context["form"].errors["scan"][0].startswith('Pindaian: PDF "ktp.pdf" memuat JavaScript')
