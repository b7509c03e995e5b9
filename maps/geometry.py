"""Boundary data for the choropleth: the source GeoJSON, and the compact files the browser downloads.

Sources (cahyadsn/wilayah_boundaries, MIT, see `static/maps/geo/README.md`):
- `static/maps/geo/provinces.geojson` and `regencies.geojson`, committed here (3.7 MB);
- `districts/PP.KK.geojson` and `villages/PP.KK.geojson`, one file per regency (5.3 MB and 91 MB), read from the
  shared boundary folder (`../shared/geo/` beside the repository, or `build_map_geometry --source DIR`) and
  not committed: only what is built from them is.

`build()` writes, once, at development time (`manage.py build_map_geometry`), files simplified for the scale
they are drawn at and encoded as integer deltas on a grid, the way TopoJSON quantises, without its topology:
the source layers are simplified per feature already, so neighbours rarely share identical borders and shared
arcs would save little. Each file is fetched only when its map is opened:

- `build/provinces.json`: the 38 provinces for the national map;
- `build/regencies-PP.json`: a province's regencies;
- `build/districts/PP.KK.json`: a regency's kecamatan (the regency's map);
- `build/villages/PP.KK.json`: a regency's desa/kelurahan (a kecamatan's map draws those of its own code).

Format (`v` 2): {"v", "q": grid step in degrees, "features": [{"code", "name", "p": [polygon, ...]}]} where a
polygon is a list of rings and a ring is a string: the ring's points in grid units (x = lon / q, y = lat / q),
the first absolute and the others relative to the previous one, flattened to x0, y0, dx1, dy1, ..., each
number zigzag-encoded (0, -1, 1, -2 -> 0, 1, 2, 3) and written in base-32 digits, least significant first, as
characters of the URL-safe base-64 alphabet: "A".."f" (0-31) end a number, "g".."_" (32-63) carry a digit
and continue it. A point moving a few grid steps costs two characters, against six or more as JSON numbers.
Rings are closed implicitly. Building the same sources twice gives the same bytes.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

GEO_DIR = Path(__file__).resolve().parent / "static" / "maps" / "geo"
BUILD_DIR = GEO_DIR / "build"
SOURCES = {"provinces": GEO_DIR / "provinces.geojson", "regencies": GEO_DIR / "regencies.geojson"}
# Per-regency layers: a folder of PP.KK.geojson files in the shared boundary data.
REGENCY_LAYERS = ("districts", "villages")
LAYERS = ("provinces", "regencies", *REGENCY_LAYERS)


def default_source():
    return Path(settings.BASE_DIR).parent / "shared" / "geo"


# (simplification tolerance, grid step, smallest islet kept) in degrees / square degrees, per layer.
# National map: the whole country is ~46 degrees wide, 0.036 degree per pixel at 1280 px, so 0.01 degree
# (about 1.1 km) is below a pixel even after zooming in twice. A province map spans 2-10 degrees.
# Districts and villages are kept as the source gives them (already simplified at 56 m / 33 m, on a 0.0001
# degree grid): a kecamatan's map spans 0.05-0.3 degree, where a pixel is 10-40 m, and urban kelurahan are a
# few hundred metres wide. Only the encoding makes them small; no point is moved or dropped.
PROFILES = {
    "provinces": (0.01, 0.002, 0.0004),
    "regencies": (0.002, 0.0005, 0.00002),
    "districts": (0, 0.0001, 0),
    "villages": (0, 0.0001, 0),
}
FORMAT_VERSION = 2
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_DIGIT = {c: i for i, c in enumerate(ALPHABET)}


class SourceMissing(Exception):
    """The shared district/village boundary folder is not where the builder was told to look."""


def load_source(layer):
    with open(SOURCES[layer], encoding="utf-8") as fh:
        return json.load(fh)


def source_codes(layer):
    """{code: name} of a committed source layer."""
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
    if len(points) <= 4 or tolerance <= 0:
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
    """Grid-snapped, delta-encoded ring without the closing point, as a flat list of integers
    [x0, y0, dx1, dy1, ...]; None when it collapses below a triangle."""
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


def pack(flat):
    """The ring string of a flat list of integers (zigzag, then base-32 digits; see the module's docstring)."""
    out = []
    for number in flat:
        value = number * 2 if number >= 0 else -number * 2 - 1
        while value >= 32:
            out.append(ALPHABET[32 + (value & 31)])
            value >>= 5
        out.append(ALPHABET[value])
    return "".join(out)


def unpack(text):
    """The flat list of integers of a ring string (the inverse of `pack`)."""
    numbers, value, shift = [], 0, 0
    for char in text:
        digit = _DIGIT[char]
        value |= (digit & 31) << shift
        if digit >= 32:
            shift += 5
            continue
        numbers.append(value >> 1 if not value & 1 else -(value >> 1) - 1)
        value, shift = 0, 0
    return numbers


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
            rings.append(pack(flat))
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


def regency_sources(source, layer):
    """{regency code: path} of a per-regency source folder; SourceMissing when it is not there."""
    folder = Path(source) / layer
    files = {path.stem: path for path in sorted(folder.glob("*.geojson"))}
    if not files:
        raise SourceMissing(f"no {layer}/*.geojson under {Path(source).resolve()}")
    return files


def build_outputs(source=None, layers=LAYERS, regencies=None):
    """{relative file name: JSON text} of the compact files of `layers`, computed from the sources. `regencies`
    (codes) limits the district and village files to those regencies (for a check of a few files)."""
    source = default_source() if source is None else Path(source)
    outputs = {}
    if "provinces" in layers:
        provinces = load_source("provinces")["features"]
        outputs["provinces.json"] = dumps(encode_layer(provinces, "provinces"))
    if "regencies" in layers:
        by_province = {}
        for feature in load_source("regencies")["features"]:
            by_province.setdefault(feature["properties"]["code"][:2], []).append(feature)
        for province, features in sorted(by_province.items()):
            outputs[f"regencies-{province}.json"] = dumps(encode_layer(features, "regencies"))
    for layer in (layer for layer in REGENCY_LAYERS if layer in layers):
        for regency, path in regency_sources(source, layer).items():
            if regencies is not None and regency not in regencies:
                continue
            with open(path, encoding="utf-8") as fh:
                features = json.load(fh)["features"]
            outputs[f"{layer}/{regency}.json"] = dumps(encode_layer(features, layer))
    return outputs


def build(target=BUILD_DIR, source=None):
    """Write the compact files (a file whose bytes are unchanged is left alone) and remove stale ones;
    returns {relative file name: size in bytes}."""
    target = Path(target)
    outputs = build_outputs(source)
    for stale in [*target.glob("*.json"), *(p for layer in REGENCY_LAYERS for p in target.glob(f"{layer}/*.json"))]:
        if stale.relative_to(target).as_posix() not in outputs:
            stale.unlink()
    sizes = {}
    for name, text in outputs.items():
        data = text.encode("utf-8")
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        sizes[name] = len(data)
    return sizes


def built_codes(name, build_dir=BUILD_DIR):
    """The area codes of a built file (relative name, e.g. "villages/35.05.json"); empty when it is absent."""
    path = Path(build_dir) / name
    if not path.exists():
        return frozenset()
    return _codes_of(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=2048)
def _codes_of(path, mtime_ns):
    with open(path, encoding="utf-8") as fh:
        return frozenset(f["code"] for f in json.load(fh)["features"])


def decode_ring(ring, step):
    """[(lon, lat), ...] from an encoded ring (a string, or its flat list of integers); used by tests and by
    anyone reading the files in Python."""
    flat = unpack(ring) if isinstance(ring, str) else ring
    x, y = flat[0], flat[1]
    points = [(x * step, y * step)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x * step, y * step))
    return points
