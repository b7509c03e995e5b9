import json

import pytest

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


def test_built_files_are_what_the_builder_makes_from_the_committed_sources():
    outputs = geometry.build_outputs()
    assert sorted(outputs) == sorted(p.name for p in geometry.BUILD_DIR.glob("*.json"))
    for name, text in outputs.items():
        assert (geometry.BUILD_DIR / name).read_text(encoding="utf-8") == text, name


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


def test_simplify_keeps_the_corners_of_a_square_and_drops_points_on_its_edges():
    ring = [(0, 0), (0.5, 0), (1, 0), (1, 0.5), (1, 1), (0.5, 1.0001), (0, 1), (0, 0)]
    assert geometry.simplify_ring(ring, 0.01) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert geometry.encode_ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)], 0.5) == [0, 0, 2, 0, 0, 2, -2, 0]
    assert geometry.decode_ring([0, 0, 2, 0, 0, 2, -2, 0], 0.5) == [(0, 0), (1, 0), (1, 1), (0, 1)]


def test_licence_and_attribution_travel_with_the_boundary_files():
    licence = (geometry.GEO_DIR / "LICENSE-wilayah_boundaries.txt").read_text()
    assert licence.startswith("MIT License\n\nCopyright (c) 2024 Cahya DSN")
    readme = (geometry.GEO_DIR / "README.md").read_text()
    assert "cahyadsn/wilayah_boundaries" in readme and "300.2.2-2430" in readme
