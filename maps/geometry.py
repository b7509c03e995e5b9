"""Boundary data for the choropleth: the source GeoJSON, and the compact files the browser downloads.

The source (`static/maps/geo/*.geojson`, cahyadsn/wilayah_boundaries, MIT) keeps 4 decimals (about 11 m):
3.7 MB, far more than a dashboard map at 360-1280 px can show. `build()` writes, once, at development time
(`manage.py build_map_geometry`), files simplified for the scale they are drawn at and encoded as integer
deltas on a grid, the way TopoJSON quantises, without its topology: the source layers are simplified per
feature already, so neighbours rarely share identical borders and shared arcs would save little.

- `build/provinces.json`: the 38 provinces for the national map;
- `build/regencies-PP.json`: one file per province with its regencies, fetched only when that province's
  map is opened, so a first visit never downloads the 514 regencies.

Format (`v` 1): {"v", "q": grid step in degrees, "features": [{"code", "name", "p": [polygon, ...]}]} where
a polygon is a list of rings and a ring is [x0, y0, dx1, dy1, ...] in grid units (x = lon / q, y = lat / q)
with the first point absolute and the others relative to the previous one. Rings are closed implicitly.
"""

import json
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "static" / "maps" / "geo"
BUILD_DIR = GEO_DIR / "build"
SOURCES = {"provinces": GEO_DIR / "provinces.geojson", "regencies": GEO_DIR / "regencies.geojson"}

# (simplification tolerance, grid step, smallest islet kept) in degrees / square degrees, per layer.
# National map: the whole country is ~46 degrees wide, 0.036 degree per pixel at 1280 px, so 0.01 degree
# (about 1.1 km) is below a pixel even after zooming in twice. A province map spans 2-10 degrees.
PROFILES = {
    "provinces": (0.01, 0.002, 0.0004),
    "regencies": (0.002, 0.0005, 0.00002),
}
FORMAT_VERSION = 1


def load_source(layer):
    with open(SOURCES[layer], encoding="utf-8") as fh:
        return json.load(fh)


def source_codes(layer):
    """{code: name} of a source layer."""
    return {f["properties"]["code"]: f["properties"]["name"] for f in load_source(layer)["features"]}


def _perpendicular_sq(p, a, b):
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    if dx == 0 and dy == 0:
        return (p[0] - ax) ** 2 + (p[1] - ay) ** 2
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return (p[0] - ax - t * dx) ** 2 + (p[1] - ay - t * dy) ** 2


def simplify_ring(points, tolerance):
    """Douglas-Peucker on a closed ring (first point == last point), iterative to spare the stack."""
    if len(points) <= 4:
        return list(points)
    tol_sq = tolerance * tolerance
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # A closed ring has first == last: split it at the point farthest from the start so the two halves
    # are proper open lines (Douglas-Peucker on a zero-length base keeps nothing useful).
    far = max(range(1, len(points) - 1), key=lambda i: _perpendicular_sq(points[i], points[0], points[0]))
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular_sq(points[i], points[first], points[last])
            if d > best:
                best, best_index = d, i
        if best_index is not None and best > tol_sq:
            keep[best_index] = True
            stack.append((first, best_index))
            stack.append((best_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(points):
    """Absolute shoelace area in square degrees."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def encode_ring(points, step):
    """Grid-snapped, delta-encoded ring without the closing point; None when it collapses below a triangle."""
    snapped = []
    for x, y in points[:-1]:
        cell = (round(x / step), round(y / step))
        if not snapped or snapped[-1] != cell:
            snapped.append(cell)
    while len(snapped) > 1 and snapped[-1] == snapped[0]:
        snapped.pop()
    if len(snapped) < 3:
        return None
    flat = [snapped[0][0], snapped[0][1]]
    for (px, py), (x, y) in zip(snapped, snapped[1:], strict=False):
        flat += [x - px, y - py]
    return flat


def encode_feature(feature, tolerance, step, min_area):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # Largest first, so the feature keeps at least its main body whatever the thresholds drop.
    polygons = sorted(polygons, key=lambda poly: ring_area(poly[0]), reverse=True)
    encoded = []
    for index, polygon in enumerate(polygons):
        if index and ring_area(polygon[0]) < min_area:
            continue
        rings = []
        for ring_index, ring in enumerate(polygon):
            if ring_index and ring_area(ring) < min_area:
                continue  # a hole too small to see
            flat = encode_ring(simplify_ring(ring, tolerance), step)
            if flat is None and ring_index == 0 and index == 0:
                # Never lose the main body: keep it unsimplified rather than drop it.
                flat = encode_ring(ring, step)
            if flat is None:
                if ring_index == 0:
                    break
                continue
            rings.append(flat)
        if rings:
            encoded.append(rings)
    return {"code": feature["properties"]["code"], "name": feature["properties"]["name"], "p": encoded}


def encode_layer(features, layer):
    tolerance, step, min_area = PROFILES[layer]
    return {
        "v": FORMAT_VERSION,
        "q": step,
        "features": [encode_feature(f, tolerance, step, min_area) for f in features],
    }


def dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build_outputs():
    """{file name: JSON text} of every compact file, computed from the sources."""
    outputs = {}
    provinces = load_source("provinces")["features"]
    outputs["provinces.json"] = dumps(encode_layer(provinces, "provinces"))
    by_province = {}
    for feature in load_source("regencies")["features"]:
        by_province.setdefault(feature["properties"]["code"][:2], []).append(feature)
    for province, features in sorted(by_province.items()):
        outputs[f"regencies-{province}.json"] = dumps(encode_layer(features, "regencies"))
    return outputs


def build(target=BUILD_DIR):
    """Write the compact files; returns {file name: bytes written}."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    sizes = {}
    outputs = build_outputs()
    for stale in target.glob("*.json"):
        if stale.name not in outputs:
            stale.unlink()
    for name, text in outputs.items():
        data = text.encode("utf-8")
        (target / name).write_bytes(data)
        sizes[name] = len(data)
    return sizes


def decode_ring(flat, step):
    """[(lon, lat), ...] from an encoded ring (used by tests and by anyone reading the files in Python)."""
    x, y = flat[0], flat[1]
    points = [(x * step, y * step)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x * step, y * step))
    return points
