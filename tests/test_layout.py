from django.utils import translation

from audit.models import AuditEntry


def test_home_shows_real_figures_for_the_scope(client_for, blitar_officer):
    body = client_for(blitar_officer).get("/").content.decode()
    assert "Kabupaten Blitar" in body
    assert "22 kecamatan" in body and "248 desa/kelurahan" in body


def test_interface_is_indonesian_by_default_and_english_on_request(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    assert "Wilayah kerja Anda" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Your working area" in client.get("/").content.decode()


def test_dates_read_day_month_name_year():
    import datetime

    from django.utils.formats import date_format

    for lang in ("id", "en"):
        with translation.override(lang):
            assert date_format(datetime.date(2026, 11, 23)) == "23 November 2026"


def test_unknown_page_is_a_clear_404_not_a_500(client_for, jatinom_operator):
    response = client_for(jatinom_operator).get("/tidak-ada/")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()


def test_api_schema_is_served(client_for, jatinom_operator):
    response = client_for(jatinom_operator).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/regions/" in response.content


def test_api_docs_page_needs_no_cdn(client_for, jatinom_operator):
    body = client_for(jatinom_operator).get("/api/v1/docs/").content.decode()
    assert "cdn." not in body and "unpkg" not in body


def test_health_endpoint(client, db):
    assert client.get("/sehat/").json() == {"status": "ok"}
    assert AuditEntry.objects.count() == 0


def test_browser_asking_for_english_still_gets_indonesian_until_the_user_switches(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    assert "Wilayah kerja Anda" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
