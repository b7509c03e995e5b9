"""One FilterSet per list (portal.filters) over each list's own records: the public news page (published only),
the editors' list and the API give the same rows for the same query; a bad value is a 400 naming it."""

import re

from portal import services
from portal.models import Publication
from tests.conftest import GOGODESO, JATINOM


def _publish(actor, title, body="<p>Isi</p>", publish=True):
    pub = services.create(actor, Publication(kind="news", region_id=JATINOM, title=title, body=body))
    return services.publish(actor, pub) if publish else pub


def _linked(body, path):
    return sorted(int(pk) for pk in re.findall(rf'href="/publik/{path}(\d+)/"', body))


def test_search_gives_the_same_news_on_the_public_page_and_in_the_api(client, api_client_for, jatinom_operator):
    harvest = _publish(jatinom_operator, "Panen jahe KOPI")
    _publish(jatinom_operator, "Rapat desa")
    _publish(jatinom_operator, "Draf panen", publish=False)
    page = client.get("/publik/berita/?q=panen")
    api = api_client_for(jatinom_operator).get("/api/v1/portal/publications/?q=panen&status=published").json()
    assert _linked(page.content.decode(), "berita/") == [harvest.pk]
    assert [row["id"] for row in api["results"]] == [harvest.pk]


def test_status_filter_gives_the_same_drafts_on_the_editors_list_and_in_the_api(client_for, api_client_for,
                                                                                jatinom_operator):
    _publish(jatinom_operator, "Terbit")
    draft = _publish(jatinom_operator, "Masih draf", publish=False)
    page = client_for(jatinom_operator).get("/publik/kelola/berita/?status=draft")
    api = api_client_for(jatinom_operator).get("/api/v1/portal/publications/?status=draft").json()
    assert _linked(page.content.decode(), "kelola/berita/") == [draft.pk]
    assert [row["id"] for row in api["results"]] == [draft.pk]


def test_bad_filters_are_a_400_that_names_them(client, client_for, api_client_for, jatinom_operator):
    jobs = client.get("/publik/lowongan/?negara=XX")
    assert jobs.status_code == 400
    assert "Saringan tidak valid — Negara: " in jobs.content.decode()
    landing = client.get("/publik/?desa=ja")
    assert landing.status_code == 400
    assert "Saringan tidak valid — Nama desa: " in landing.content.decode()
    assert client_for(jatinom_operator).get("/publik/kelola/panduan/?status=bogus").status_code == 400
    refused = api_client_for(jatinom_operator).get(f"/api/v1/portal/publications/?region={GOGODESO}")
    assert refused.status_code == 400
    assert list(refused.json()) == ["region"]


def test_the_village_finder_needs_three_letters_and_lists_active_villages(client, regions):
    body = client.get("/publik/?desa=jatinom").content.decode()
    assert f'href="/publik/desa/{JATINOM}/"' in body
    assert client.get("/publik/").status_code == 200
