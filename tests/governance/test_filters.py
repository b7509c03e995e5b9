"""One FilterSet per list (governance.filters): the page and the API give the same rows for the same query; a
bad value, on a list or on the readiness table's selectors, is a 400 naming it."""

import re

from governance import services
from tests.conftest import GOGODESO, JATINOM
from tests.factories import RegulationFactory


def test_kind_filter_gives_the_same_regulations_on_the_page_and_in_the_api(client_for, api_client_for,
                                                                           jatinom_operator):
    sop = RegulationFactory(actor=jatinom_operator, kind="sop")
    RegulationFactory(actor=jatinom_operator, kind="perdes")
    page = client_for(jatinom_operator).get("/tata-kelola/?kind=sop")
    api = api_client_for(jatinom_operator).get("/api/v1/governance/regulations/?kind=sop").json()
    assert sorted(int(pk) for pk in re.findall(r'href="/tata-kelola/peraturan/(\d+)/"', page.content.decode())) == [
        sop.pk]
    assert [row["id"] for row in api["results"]] == [sop.pk]


def test_budget_year_gives_the_same_lines_on_the_page_and_in_the_api(client_for, api_client_for, jatinom_operator):
    services.create_budget_line(jatinom_operator, year=2025, village_id=JATINOM, title="Sosialisasi 2025",
                                category="information", planned=1_000_000)
    services.create_budget_line(jatinom_operator, year=2026, village_id=JATINOM, title="Pendataan 2026",
                                category="data", planned=2_000_000)
    body = client_for(jatinom_operator).get("/tata-kelola/anggaran/?year=2025").content.decode()
    api = api_client_for(jatinom_operator).get("/api/v1/governance/budget-lines/?year=2025").json()
    assert "Sosialisasi 2025" in body and "Pendataan 2026" not in body
    assert [row["title"] for row in api["results"]] == ["Sosialisasi 2025"]


def test_a_bad_year_or_village_is_a_400_that_names_it(client_for, api_client_for, jatinom_operator):
    page = client_for(jatinom_operator).get("/tata-kelola/anggaran/?year=2025.5")
    assert page.status_code == 400
    assert "Saringan tidak valid — Tahun anggaran: Masukkan keseluruhan angka bilangan." in page.content.decode()
    refused = api_client_for(jatinom_operator).get(f"/api/v1/governance/regulations/?village={GOGODESO}")
    assert refused.status_code == 400
    assert list(refused.json()) == ["village"]


def test_a_readiness_area_outside_the_users_regions_is_a_400(client_for, blitar_officer):
    client = client_for(blitar_officer)
    assert client.get(f"/tata-kelola/kesiapan-desa/?wilayah={JATINOM}").status_code == 200
    refused = client.get("/tata-kelola/kesiapan-desa/?wilayah=35.06")
    assert refused.status_code == 400
    assert "Saringan tidak valid — Wilayah: " in refused.content.decode()
    assert 'data-testid="readiness-row"' not in refused.content.decode()
