"""Bad input answers 400 with a message, never a 500: NUL bytes anywhere in a request."""

import json

import pytest

from tests.conftest import JATINOM

ANONYMOUS_NUL_URLS = [
    "/publik/desa/%00/",
    "/publik/desa/%00/rss/",
    "/publik/berita/?q=%00",
    "/publik/lowongan/?negara=%00",
    "/publik/p3mi/?q=%00",
    "/laporan/data-terbuka/?provinsi=%00",
    "/laporan/data-terbuka/peta.json?provinsi=%00",
    "/layanan/desa/%00/",
    "/layanan/verifikasi/%00/",
    "/layanan/lacak/?kode=%00",
    "/kasus/lacak/?code=%00",
    "/wilayah/cari/?q=%00",
    "/peta/publik/data.json?wilayah=%00",
    "/%00/",
]


@pytest.mark.parametrize("url", ANONYMOUS_NUL_URLS)
def test_a_nul_byte_in_an_anonymous_url_is_a_400_page_in_indonesian(client, regions, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_a_nul_byte_in_a_form_body_is_a_400_and_nothing_is_written(client, regions):
    from cases.models import Case

    response = client.post("/kasus/pengaduan/", {"worker_name": "Sri\x00", "village": JATINOM})
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_nul_byte_in_a_form_field_name_is_a_400(client, regions):
    response = client.post("/kasus/pengaduan/", {"worker\x00name": "Sri"})
    assert response.status_code == 400


def test_a_nul_byte_in_an_api_json_body_is_a_json_400(api_client_for, jatinom_operator):
    api = api_client_for(jatinom_operator)
    response = api.post("/api/v1/cases/", data=json.dumps({"village": "35.05\x00", "category": "other"}),
                        content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "karakter NUL" in response.json()["detail"]


def test_a_nul_byte_nested_in_an_api_json_body_is_a_400(api_client_for, jatinom_operator):
    api = api_client_for(jatinom_operator)
    response = api.post("/api/v1/cases/", data=json.dumps({"tags": [{"x\x00": 1}]}),
                        content_type="application/json")
    assert response.status_code == 400


def test_a_nul_byte_in_an_api_query_string_is_a_json_400(api_client_for, jatinom_operator):
    response = api_client_for(jatinom_operator).get("/api/v1/cases/?village=%00")
    assert response.status_code == 400
    assert "karakter NUL" in response.json()["detail"]


def test_text_without_nul_still_reaches_the_view(client, regions):
    assert client.get("/laporan/data-terbuka/?provinsi=35").status_code == 200
