"""What the choropleth shows: per child region of a parent, the value of one indicator, its colour and label.

Figures come from the reports app only, through its public reading functions:
- officers (scoped): `reports.services.child_values`, the rollups the dashboard's child table reads, so the map
  of a region shows exactly what the table beside it shows, at every level;
- the public: `reports.services.open_data`, the published, suppressed cells of the open-data table, and
  nothing else, so the map cannot show what the table hides (a "<5" cell is drawn as suppressed, and
  the colour classes are computed from published numbers only).

Officers' maps go down to the village: the nation (its provinces), a province (its regencies), a regency (its
kecamatan) and a kecamatan (its desa/kelurahan), each coloured by one scale (`colour.Scale`) over the areas
shown. The public map stops at the regencies, as the open-data table does. An area the boundary data has no
shape for (360 villages in 37 regencies, see static/maps/geo/README.md) is listed below the map with its value.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from regions.models import Level, Region

from . import colour, geometry

NATION = ""
# The indicators the map offers, in this order (the reports catalogue defines them).
MAP_INDICATORS = [
    "abroad_now",
    "departures",
    "complaints",
    "overdue_cases",
    "share_nonprocedural",
    "readiness",
]
DEFAULT_INDICATOR = MAP_INDICATORS[0]


# The deepest region whose children have a map: officers down to a kecamatan (its villages), the public down
# to a province (its regencies: the open-data table's deepest level).
DEEPEST = {False: Level.DISTRICT, True: Level.PROVINCE}


class MapNotAvailable(Exception):
    """No map of this region's children (a village, or below the public map's levels), or an unknown region."""


def level_of(code):
    return 0 if code == NATION else code.count(".") + 1


def has_map(code, public=False):
    return level_of(code) <= DEEPEST[public]


def geometry_file(code):
    """The built file (under static/maps/geo/build/) holding the shapes of `code`'s children. A kecamatan's
    villages are in its regency's village file, so the districts of one regency share one download."""
    level = level_of(code)
    if level == 0:
        return "provinces.json"
    if level == Level.PROVINCE:
        return f"regencies-{code}.json"
    if level == Level.REGENCY:
        return f"districts/{code}.json"
    return f"villages/{code[:5]}.json"


def geometry_url(code):
    return static(f"maps/geo/build/{geometry_file(code)}")


def dashboard_url(code):
    return reverse("reports:dashboard", args=[code]) if code else reverse("reports:national")


def _reports():
    from reports import registry, services

    return registry, services


def map_indicators(public=False):
    """The reports figures the map offers: those of MAP_INDICATORS the catalogue defines (and, for the
    public map, that the open-data table publishes), in MAP_INDICATORS order."""
    registry, services = _reports()
    columns = services.public_columns() if public else services.table_columns()
    by_key = {c.key: c for c in columns}
    return [by_key[k] for k in MAP_INDICATORS if k in by_key]


def _child_regions(code):
    if code == NATION:
        return list(Region.objects.filter(level=Level.PROVINCE).order_by("code"))
    return list(Region.objects.filter(parent_id=code, level=level_of(code) + 1).order_by("code"))


def _check_region(code, public=False):
    if not has_map(code, public):
        raise MapNotAvailable(code)
    if code != NATION and not Region.objects.filter(code=code, level=level_of(code)).exists():
        raise MapNotAvailable(code)


def _pick(indicators, key):
    for ind in indicators:
        if ind.key == key:
            return ind
    return indicators[0] if indicators else None


def _payload(code, year, indicators, indicator, areas, public):
    shaped = geometry.built_codes(geometry_file(code))
    return {
        "region": code,
        "level": level_of(code),
        "year": year,
        "public": public,
        "geometry": geometry_url(code),
        "indicators": [{"key": i.key, "label": str(i.label), "unit": i.unit, "definition": str(i.definition)}
                       for i in indicators],
        "indicator": indicator.key if indicator else None,
        "areas": areas,
        # Areas the map cannot draw: listed below it (with their value and link), never silently left out.
        "without_boundary": [a["code"] for a in areas if a["code"] not in shaped],
    }


def _paint(regions, values, indicator, url_for):
    """values: {code: number | "<5" | None}. Returns (areas, legend)."""
    unit = indicator.unit if indicator else ""
    numbers = [v for v in values.values() if isinstance(v, int | float)]
    scale = colour.Scale.for_values(numbers, unit=unit)
    areas = []
    states = set()
    for region in regions:
        value = values.get(region.code)
        state, fill, label = scale.paint(value)
        states.add(state)
        areas.append({
            "code": region.code, "name": str(region),
            "value": value if state in (colour.VALUE, colour.ZERO) else None,
            "state": state, "colour": fill, "label": label, "url": url_for(region.code),
        })
    legend = [{"state": s, "colour": c, "label": t} for s, c, t in scale.legend(
        has_zero=colour.ZERO in states, has_no_data=colour.NO_DATA in states,
        has_suppressed=colour.SUPPRESSED in states)]
    return areas, legend


def officer_map(user, code, indicator_key, year):
    """The scoped map of `code`'s children for a signed-in officer. Raises MapNotAvailable (-> 404) when
    the region has no map or lies outside the user's scope."""
    _check_region(code)
    if not has_perm(user, "maps.view_map", code):
        raise MapNotAvailable(code)
    _registry, services = _reports()
    indicators = map_indicators(public=False)
    indicator = _pick(indicators, indicator_key)
    regions = _child_regions(code)
    rows = services.child_values(code, year)
    values = {}
    for region in regions:
        row = rows.get(region.code)
        # A child with no rollup row at all has reported nothing this year: "no data", not zero.
        values[region.code] = None if row is None or indicator is None else row.get(indicator.key)
    areas, legend = _paint(regions, values, indicator, dashboard_url)
    data = _payload(code, year, indicators, indicator, areas, public=False)
    data["legend"] = legend
    data["table_url"] = dashboard_url(code)
    return data


def public_map(code, indicator_key, year):
    """The open-data map: values are exactly the published cells of `reports.services.open_data`."""
    _check_region(code, public=True)
    _registry, services = _reports()
    indicators = map_indicators(public=True)
    indicator = _pick(indicators, indicator_key)
    regions = _child_regions(code)
    if code == NATION:
        table = services.open_data(Level.PROVINCE, year)
    else:
        table = services.open_data(Level.REGENCY, year, province=code)
    published = {row["code"]: row for row in table["rows"]}
    values = {}
    for region in regions:
        row = published.get(region.code)
        values[region.code] = None if row is None or indicator is None else row.get(indicator.key)

    def url_for(child):
        # The public drills down within open data: a province opens its regencies' map and table.
        base = reverse("maps:public")
        return f"{base}?wilayah={child}" if level_of(child) == Level.PROVINCE else ""

    areas, legend = _paint(regions, values, indicator, url_for)
    data = _payload(code, year, indicators, indicator, areas, public=True)
    data["legend"] = legend
    table = reverse("reports:open_data")
    data["table_url"] = (f"{table}?tingkat=kabupaten&provinsi={code}&tahun={year}" if code
                         else f"{table}?tahun={year}")
    data["parent_url"] = f"{reverse('maps:public')}?tahun={year}" if code else ""
    return data


def note_village_level():
    return _("Desa/kelurahan tidak dibagi lagi dalam peta: angkanya ada di dasbor desa.")
