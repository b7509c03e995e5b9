"""Issue 17.4 and 23.3: what a first visit transfers over the wire, on a server that serves static files as
production does (collectstatic'd hashed, compressed files through WhiteNoise), measured in real Chromium at
360 px with an empty cache. Budgets in bytes, never time."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import BLITAR, JATINOM
from tests.light.test_web_images import camera_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KB = 1000
PAGE_BUDGET = 150 * KB
MAP_BUDGET = 250 * KB


@pytest.fixture
def site(production_server, tmp_path, settings, make_user, make_person):  # make_person loads Blitar's regions
    """Kabupaten Blitar with placements in the rollups (dashboards with figures and charts), a national officer
    and a published news article with a camera-sized cover photo."""
    from accounts.models import Role
    from migrants.models import Placement
    from portal import services
    from portal.models import Publication
    from reports import rollup

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    year = datetime.date.today().year
    for sex, country in [("F", "TW"), ("F", "HK"), ("M", "MY")]:
        Placement.objects.create(village_id=JATINOM, person=make_person(JATINOM, sex=sex), status="working",
                                 destination_country=country, departure_date=datetime.date(year, 1, 15))
    rollup.rebuild_all()
    officer = make_user("petugas.nasional", (Role.NATIONAL_OFFICER, None))
    news = services.create(officer, Publication(
        kind="news", region_id="35.05.15.2001", title="KOPI Sumberagung gandeng BPD",
        summary="KOPI menyerahkan draf Perdes pelindungan PMI kepada BPD.",
        body="<p>KOPI Sumberagung bertemu BPD di ruang rapat BPD.</p>", author_name="Redaksi",
        cover=SimpleUploadedFile("sampul.jpg", camera_photo(), content_type="image/jpeg")))
    services.publish(officer, news)
    return news


def test_first_visits_stay_within_the_phone_budget(production_server, site, page_at, first_visit, login_page):
    news = site
    public = {
        "login": ("/akun/masuk/", PAGE_BUDGET),
        "complaint form": ("/kasus/pengaduan/", PAGE_BUDGET),
        "public portal": ("/publik/", PAGE_BUDGET),
        "tracking": ("/kasus/lacak/", PAGE_BUDGET),
        "news article": (f"/publik/berita/{news.pk}/", PAGE_BUDGET),
        "public map": ("/peta/publik/", MAP_BUDGET),
    }
    dashboards = {
        "national dashboard": ("/laporan/dasbor/", PAGE_BUDGET),
        "province dashboard": ("/laporan/dasbor/35/", PAGE_BUDGET),
        "regency dashboard": (f"/laporan/dasbor/{BLITAR}/", PAGE_BUDGET),
    }
    measured, over = {}, []
    for name, (path, budget) in public.items():
        page = page_at(360, 740)
        wire = first_visit(page, production_server.url + path)
        measured[name] = wire.bytes
        if wire.bytes > budget:
            over.append(f"{name} {path}: {wire.bytes} bytes > {budget}\n{wire.report()}")
    page = page_at(360, 740)
    login_page(page, production_server, "petugas.nasional")
    for name, (path, budget) in dashboards.items():
        wire = first_visit(page, production_server.url + path)
        assert page.url.startswith(production_server.url + path.rstrip("/")), page.url
        measured[name] = wire.bytes
        if wire.bytes > budget:
            over.append(f"{name} {path}: {wire.bytes} bytes > {budget}\n{wire.report()}")
    print("\n".join(f"{name}: {size} bytes" for name, size in measured.items()))
    assert over == [], "\n".join(over)


def test_static_files_are_hashed_compressed_and_cached_for_a_year(production_server, page_at):
    page = page_at(360)
    response = page.goto(production_server.url + "/akun/masuk/")
    assert response.status == 200
    css = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert css.startswith("/static/vendor/bootstrap/bootstrap.min.") and css.endswith(".css")
    assert css != "/static/vendor/bootstrap/bootstrap.min.css"  # hashed name
    for encoding in ("br", "gzip"):
        answer = page.request.get(production_server.url + css, headers={"Accept-Encoding": encoding})
        assert answer.headers["content-encoding"] == encoding
        assert answer.headers["cache-control"] == "max-age=315360000, public, immutable"


def test_favicon_is_served(production_server, page_at):
    page = page_at(360)
    answer = page.request.get(production_server.url + "/favicon.ico")
    assert answer.status == 200
    assert answer.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert answer.body()[:4] == b"\x00\x00\x01\x00"
