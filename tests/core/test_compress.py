"""Pages leave gzip-compressed at the cheap settings.GZIP_LEVEL, with Django's BREACH mitigation (a random length of
gzip header per response) and its rules (Vary, nothing for a browser that does not ask, short answers as they are)."""

import gzip

from django.test import override_settings


def test_a_page_is_compressed_for_a_browser_that_asks_and_reads_back_the_same(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    plain = client.get("/laporan/data-terbuka/")
    packed = client.get("/laporan/data-terbuka/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content).decode().count("<html") == 1


def test_each_compressed_answer_has_a_header_of_random_length(client, regions):
    lengths = {len(client.get("/publik/", HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}
    assert len(lengths) > 1


@override_settings(GZIP_LEVEL=9)
def test_the_level_comes_from_the_settings():
    from core.middleware import CompressTextMiddleware

    assert CompressTextMiddleware(lambda request: None).level == 9
