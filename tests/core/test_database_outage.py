"""During a database outage every answer is Payung's Indonesian 503 page (JSON for the API) with a retry hint.

The outage is real: the default connection is replaced by one whose database cannot be reached (PostgreSQL: a
closed port; SQLite: a file in a folder that does not exist), so the real driver fails to connect.
"""

import copy
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client

from core.views import RETRY_AFTER_SECONDS


@contextmanager
def database_unreachable():
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    else:
        settings_dict["NAME"] = "/nonexistent-payung-folder/db.sqlite3"
    broken = original.__class__(settings_dict, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def _assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert "Layanan sedang terganggu" in html
    assert "Basis data Payung sedang tidak dapat dihubungi." in html
    assert f"Silakan muat ulang halaman ini dalam {RETRY_AFTER_SECONDS} detik." in html
    assert "Internal Server Error" not in html


@pytest.fixture
def web():
    # raise_request_exception=False: answer as gunicorn would, never re-raise into the test.
    return Client(raise_request_exception=False)


def test_anonymous_public_page_during_outage_is_the_indonesian_503_page(db, web):
    with database_unreachable():
        response = web.get("/publik/")
    _assert_outage_page(response)


def test_logged_in_page_during_outage_is_the_indonesian_503_page(jatinom_operator, web):
    web.force_login(jatinom_operator)
    with database_unreachable():
        response = web.get("/warga/")
    _assert_outage_page(response)


def test_api_during_outage_answers_json_503_with_detail(jatinom_operator, web):
    web.force_login(jatinom_operator)
    with database_unreachable():
        response = web.get("/api/v1/people/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": "Basis data Payung sedang tidak dapat dihubungi. Tidak ada data yang "
                                         f"tersimpan sebagian; isian Anda belum terkirim. Coba lagi dalam "
                                         f"{RETRY_AFTER_SECONDS} detik."}


def test_outage_page_follows_the_chosen_language(db, web):
    web.cookies["django_language"] = "en"
    with database_unreachable():
        response = web.get("/publik/")
    assert response.status_code == 503
    assert '<html lang="en">' in response.content.decode()


def test_server_error_page_renders_without_the_database(db, rf):
    from core.views import server_error

    request = rf.get("/warga/")
    with database_unreachable():
        response = server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
