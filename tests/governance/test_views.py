import datetime

from governance import services
from governance.models import Stage
from tests.conftest import JATINOM


def test_readiness_table_for_district_officer(client_for, blitar_officer, jatinom_operator):
    services.create_budget_line(jatinom_operator, village_id=JATINOM, year=datetime.date.today().year,
                                title="Pendataan", category="data", planned=1_000_000)
    response = client_for(blitar_officer).get("/tata-kelola/kesiapan-desa/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="readiness-row"') == 248
    assert f'data-code="{JATINOM}"' in body


def test_readiness_table_is_closed_to_village_operators(client_for, jatinom_operator):
    assert client_for(jatinom_operator).get("/tata-kelola/kesiapan-desa/").status_code == 403


def test_stage_move_through_the_screen(client_for, jatinom_operator):
    reg = services.create_regulation(jatinom_operator, kind="perdes", village_id=JATINOM, title="Perdes PMI",
                                     stage_since=datetime.date(2024, 1, 1))
    client = client_for(jatinom_operator)
    response = client.post(f"/tata-kelola/peraturan/{reg.pk}/tahap/", {"stage": "enacted", "date": "2024-02-01"})
    assert response.status_code == 400  # a Perdes cannot skip the BPD
    client.post(f"/tata-kelola/peraturan/{reg.pk}/tahap/", {"stage": "bpd", "date": "2024-02-01"})
    reg.refresh_from_db()
    assert reg.stage == Stage.BPD_DELIBERATION


def test_budget_page_formats_rupiah(client_for, jatinom_operator):
    services.create_budget_line(jatinom_operator, village_id=JATINOM, year=2025, title="Pelatihan",
                                category="empowerment", planned=15_000_000)
    body = client_for(jatinom_operator).get("/tata-kelola/anggaran/?year=2025").content.decode()
    assert "Rp 15.000.000" in body
