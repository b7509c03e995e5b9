"""The dashboard's figures kept in the shared cache until the rollups change (issue 21.6): a refresh shows new
numbers at once, and who may read a dashboard is still asked on every request."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import rollup

from ..conftest import GOGODESO, JATINOM


@pytest.fixture
def data(make_placement):
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 2, 10))
    make_placement(JATINOM, "M", status="working", destination_country="HK", departure_date=date(2026, 3, 10))
    make_placement(GOGODESO, "F", status="working", destination_country="MY", departure_date=date(2026, 4, 1))
    rollup.rebuild_all(today=date(2026, 5, 15))


def headline(response, key):
    """The value shown on the page's headline card `key` (read from the HTML, as a reader sees it)."""
    found = re.search(rf'data-testid="headline" data-key="{key}"><div class="card-body p-2"><div class="value">'
                      r"([^<]*)</div>", response.content.decode())
    return found.group(1)


def rollup_reads(queries):
    return [q["sql"] for q in queries if "reports_rollup" in q["sql"]]


def test_a_second_reader_gets_the_kept_figures_without_reading_the_rollups(client_for, jatinom_operator, data):
    client = client_for(jatinom_operator)
    first = client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    assert first.status_code == second.status_code == 200
    assert first.context["data"] is not None
    assert second.context["data"] is None
    assert rollup_reads(second_queries.captured_queries) == []
    assert headline(first, "departures") == headline(second, "departures") == "2"


def test_a_village_refresh_shows_the_new_numbers_on_the_next_request(client_for, national_officer, data,
                                                                       make_placement):
    client = client_for(national_officer)
    assert headline(client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026"), "departures") == "2"
    assert headline(client.get("/laporan/dasbor/35.05.10/?tahun=2026"), "departures") == "3"
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 5, 2))
    assert headline(client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026"), "departures") == "2"  # not refreshed yet

    rollup.refresh_village(JATINOM, today=date(2026, 5, 15))

    assert headline(client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026"), "departures") == "3"
    # The kecamatan above it was kept before the refresh too: its page is recomputed as well.
    assert headline(client.get("/laporan/dasbor/35.05.10/?tahun=2026"), "departures") == "4"


def test_a_full_rebuild_shows_the_new_numbers_on_the_next_request(client_for, national_officer, data,
                                                                    make_placement):
    client = client_for(national_officer)
    assert headline(client.get("/laporan/dasbor/?tahun=2026"), "departures") == "3"
    make_placement(GOGODESO, "M", status="working", destination_country="MY", departure_date=date(2026, 4, 2))

    rollup.rebuild_all(today=date(2026, 5, 15))

    assert headline(client.get("/laporan/dasbor/?tahun=2026"), "departures") == "4"


def test_kept_figures_are_still_refused_outside_the_readers_scope(client_for, jatinom_operator, gogodeso_operator,
                                                                  national_officer, data):
    assert client_for(national_officer).get("/laporan/dasbor/?tahun=2026").status_code == 200
    assert client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026").status_code == 200

    gogodeso = client_for(gogodeso_operator)
    assert gogodeso.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026").status_code == 404
    assert gogodeso.get("/laporan/dasbor/?tahun=2026").status_code == 404


def test_each_language_keeps_its_own_figures(client_for, jatinom_operator, data):
    client = client_for(jatinom_operator)
    indonesian = client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/laporan/dasbor/{JATINOM}/?tahun=2026").content.decode()
    assert "Grafik bulanan Keberangkatan" in indonesian
    assert "Grafik bulanan" not in english
    assert "Monthly chart" in english


def test_the_reader_only_parts_of_a_kept_page_follow_the_reader(client_for, jatinom_operator, national_officer, data):
    """The breadcrumbs (linked only where the reader may go) and the refresh button are not kept."""
    village = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    assert village.context["can_refresh"] is True
    assert [c for c, _n, _u in village.context["crumbs"]] == [JATINOM]
    national = client_for(national_officer).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    assert national.context["data"] is None  # the kept figures
    assert [c for c, _n, _u in national.context["crumbs"]] == ["", "35", "35.05", "35.05.10", JATINOM]


def test_the_kept_head_follows_the_readers_crumbs_and_a_refresh(client_for, jatinom_operator, national_officer,
                                                                 data, make_placement):
    """The page's head (crumbs, title, year choice) is kept beside the figures: one per set of crumbs the reader
    may follow, and renewed with the figures after a refresh."""
    linked = 'class="breadcrumb-item"><a href='
    url = f"/laporan/dasbor/{JATINOM}/?tahun=2026"
    assert client_for(national_officer).get(url).content.decode().count(linked) == 4
    assert linked not in client_for(jatinom_operator).get(url).content.decode()
    assert client_for(national_officer).get(url).content.decode().count(linked) == 4
    make_placement(JATINOM, "F", status="working", destination_country="TW", departure_date=date(2026, 5, 2))
    rollup.refresh_village(JATINOM, today=date(2026, 5, 15))
    after = client_for(national_officer).get(url)
    assert headline(after, "departures") == "3"
    assert after.content.decode().count(linked) == 4


def test_the_kept_figures_are_stored_compressed(client_for, jatinom_operator, data):
    """core.cache.Compressed: the figures entry is a zlib stream in the cache table, a fraction of the page."""
    import base64
    import pickle

    page = client_for(jatinom_operator).get(f"/laporan/dasbor/{JATINOM}/?tahun=2026")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM payung_cache WHERE cache_key LIKE %s",
                       ["%reports:dashboard:z:%:2026:id"])
        (_key, value), = cursor.fetchall()
    stored = base64.b64decode(value)
    assert b"core.cache" in stored and b"_unzip" in stored
    entry = pickle.loads(stored)
    assert entry["html"] in page.content.decode()
    assert len(stored) < len(entry["html"].encode()) / 3
