"""Issue 17.4: uploaded photos (news covers, meeting photos) are stored once and shown resized (≤ 960 px wide,
≤ 200 KB, through core.uploads.web_image); the original stays as uploaded for staff to download."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import JATINOM
from tests.factories import CommunityGroupFactory


def camera_photo(width=2400, height=1600, noise=40):
    """A camera-like JPEG well over 200 KB: a gradient with sensor noise."""
    gradient = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), noise)
    img = Image.merge("RGB", (gradient, grain, Image.blend(gradient, grain, 0.5)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_news_cover_is_served_resized_once_and_the_original_kept(media, client, client_for, national_officer):
    from portal import services
    from portal.models import Publication

    original = camera_photo()
    assert len(original) > 600 * 1000
    news = services.create(national_officer, Publication(
        kind="news", region_id="35.05.15.2001", title="Sampul besar", body="<p>Isi</p>",
        cover=SimpleUploadedFile("sampul.jpg", original, content_type="image/jpeg")))
    services.publish(national_officer, news)
    stored = _files(media)
    assert len(stored) == 1

    answer = client.get(f"/publik/berita/{news.pk}/sampul/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    body = b"".join(answer.streaming_content)
    assert len(body) <= 200 * 1000
    with Image.open(io.BytesIO(body)) as shown:
        assert shown.size == (960, 640)
    after_first = _files(media)
    assert after_first == [*stored, f"{stored[0]}.w960.jpg"]

    again = b"".join(client.get(f"/publik/berita/{news.pk}/sampul/").streaming_content)
    assert again == body
    assert _files(media) == after_first  # made once, then reused
    assert (media / stored[0]).read_bytes() == original

    phone = b"".join(client.get(f"/publik/berita/{news.pk}/sampul/?w=480").streaming_content)
    with Image.open(io.BytesIO(phone)) as shown:
        assert shown.size == (480, 320)
    assert _files(media) == sorted([*after_first, f"{stored[0]}.w480.jpg"])

    staff = client_for(national_officer).get(f"/publik/kelola/berita/{news.pk}/berkas/cover/")
    assert b"".join(staff.streaming_content) == original


def test_small_image_is_shown_as_uploaded(media, client_for, jatinom_operator):
    from community import services
    from tests.portal.test_public import PNG

    group = CommunityGroupFactory(actor=jatinom_operator, name="KOPI Jatinom", kind="kopi", village=JATINOM)
    act = services.record_activity(jatinom_operator, group, kind="meeting", title="Rapat",
                                   date=datetime.date(2024, 1, 5))
    photo = services.add_photo(jatinom_operator, act, SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    answer = client_for(jatinom_operator).get(f"/komunitas/foto/{photo.pk}/")
    assert answer["Content-Type"] == "image/png"
    assert b"".join(answer.streaming_content) == PNG
    assert len(_files(media)) == 1


def test_meeting_photo_is_resized_and_the_original_downloads(media, client_for, jatinom_operator):
    from community import services

    group = CommunityGroupFactory(actor=jatinom_operator, name="KOPI Jatinom", kind="kopi", village=JATINOM)
    act = services.record_activity(jatinom_operator, group, kind="meeting", title="Rapat",
                                   date=datetime.date(2024, 1, 5))
    original = camera_photo(3000, 2000, noise=90)
    photo = services.add_photo(jatinom_operator, act, SimpleUploadedFile("r.jpg", original, content_type="image/jpeg"))
    client = client_for(jatinom_operator)
    shown = b"".join(client.get(f"/komunitas/foto/{photo.pk}/").streaming_content)
    assert len(shown) <= 200 * 1000
    with Image.open(io.BytesIO(shown)) as img:
        assert img.width <= 960 and img.format == "JPEG"
    download = client.get(f"/komunitas/foto/{photo.pk}/?asli=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == original
