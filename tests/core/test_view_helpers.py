"""core.actions: how every view runs a domain action, shows a form page and streams a stored file."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from core.actions import check_form, form_messages, post_action, render_form, run_action, stream

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


class NoteForm(forms.Form):
    title = forms.CharField(label="Judul", error_messages={"required": "isi judulnya."})
    due_on = forms.DateField(label="Tenggat", required=False, error_messages={"invalid": "tanggal tidak dikenal."})


def refuse(error):
    def action(*args, **kwargs):
        raise error
    return action


def test_a_domain_error_naming_a_field_lands_on_that_field():
    form = NoteForm({"title": "Rapat"})
    assert form.is_valid()
    assert run_action(form, refuse(ValidationError({"due_on": ["Tenggat tidak boleh di masa lalu."]}))) is None
    assert form.errors == {"due_on": ["Tenggat tidak boleh di masa lalu."]}


def test_a_domain_error_without_a_field_or_naming_one_the_form_lacks_goes_on_the_form():
    form = NoteForm({"title": "Rapat"})
    assert form.is_valid()
    run_action(form, refuse(ValidationError("Kelompok ini sudah tidak aktif.")))
    run_action(form, refuse(ValidationError({"village": ["Desa di luar wilayah Anda."]})))
    assert form.non_field_errors() == ["Kelompok ini sudah tidak aktif.", "Desa di luar wilayah Anda."]
    assert list(form.errors) == ["__all__"]


def test_run_action_passes_arguments_and_returns_the_result_or_true_for_nothing():
    form = NoteForm({"title": "Rapat"})
    assert run_action(form, lambda a, *, b: (a, b), 1, b=2) == (1, 2)
    assert run_action(form, lambda: None) is True
    assert form.is_valid()


def test_run_action_lets_a_permission_refusal_through():
    with pytest.raises(PermissionDenied):
        run_action(NoteForm({"title": "Rapat"}), refuse(PermissionDenied("Bukan wilayah Anda.")))


def page_request(rf, method="get", data=None):
    request = getattr(rf, method)("/halaman/", data or {})
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_a_form_page_is_200_when_shown_and_400_when_sent_back_with_errors(rf):
    shown = render_form(page_request(rf), NoteForm(), title="Catatan baru", cancel_url="/kembali/")
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "Catatan baru" in page and 'href="/kembali/"' in page and "csrfmiddlewaretoken" in page
    assert 'name="title"' in page and "multipart" not in page
    invalid = render_form(page_request(rf, "post"), NoteForm({"title": ""}), title="Catatan baru",
                          cancel_url="/kembali/")
    assert invalid.status_code == 400


@pytest.mark.django_db
def test_a_form_with_a_file_field_is_sent_multipart(rf):
    class PhotoForm(forms.Form):
        image = forms.FileField(label="Foto")

    page = render_form(page_request(rf), PhotoForm(), title="Unggah", cancel_url="/").content.decode()
    assert 'enctype="multipart/form-data"' in page


def test_form_messages_name_the_field_once():
    form = NoteForm({"title": "", "due_on": "besok"})
    form.is_valid()
    form.add_error("title", "Judul: terlalu pendek.")
    assert form_messages(form) == ["Judul: isi judulnya.", "Judul: terlalu pendek.",
                                   "Tenggat: tanggal tidak dikenal."]


def test_post_action_reports_a_refusal_as_messages_and_redirects(rf):
    request = page_request(rf, "post")
    response = post_action(request, refuse(ValidationError({"status": ["Sudah ditutup."], "x": ["Dua."]})),
                           success="Tersimpan.", then="/kasus/1/")
    assert (response.status_code, response.url) == (302, "/kasus/1/")
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Sudah ditutup."), ("error", "Dua.")]


def test_post_action_reports_a_permission_refusal_the_same_way(rf):
    request = page_request(rf, "post")
    post_action(request, refuse(PermissionDenied("Hanya verifikator.")), then="/pmi/1/")
    post_action(request, refuse(PermissionDenied()), then="/pmi/1/")
    assert [str(m) for m in get_messages(request)] == ["Hanya verifikator.", "Anda tidak berwenang."]


def test_post_action_says_success_after_the_action_ran(rf):
    request = page_request(rf, "post")
    form = NoteForm({"title": "Rapat"})
    response = post_action(request, lambda: check_form(form)["title"], success=lambda title: f"{title} dicatat.",
                           then="/catatan/", refused_to="/catatan/baru/")
    assert response.url == "/catatan/"
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("success", "Rapat dicatat.")]


def test_post_action_can_send_a_refusal_back_to_another_page(rf):
    request = page_request(rf, "post")
    response = post_action(request, refuse(ValidationError("Tidak bisa.")), then="/program/1/",
                           refused_to="/sesi/1/presensi/")
    assert response.url == "/sesi/1/presensi/"


def test_check_form_raises_the_form_errors_inside_a_post_action(rf):
    request = page_request(rf, "post")
    post_action(request, lambda: check_form(NoteForm({"title": ""})), success="Tersimpan.", then="/")
    assert [str(m) for m in get_messages(request)] == ["Judul: isi judulnya."]


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("foto/kegiatan.png", ContentFile(PNG))
    return FieldFile(None, FileField(storage=storage), name)


def test_stream_serves_the_file_with_its_type_from_the_content_and_safety_headers(stored):
    response = stream(stored)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'inline; filename="kegiatan.png"'


def test_stream_options_download_sandbox_and_public(stored):
    response = stream(stored, filename="bukti.png", download=True, sandbox=True, private=False)
    assert response["Content-Disposition"] == 'attachment; filename="bukti.png"'
    assert response["Content-Security-Policy"].endswith("; sandbox")
    assert "Cache-Control" not in response


def test_stream_is_404_when_the_record_has_no_file_or_the_file_is_gone(stored, tmp_path):
    with pytest.raises(Http404):
        stream(FieldFile(None, stored.field, ""))
    (tmp_path / stored.name).unlink()
    with pytest.raises(Http404):
        stream(stored)
