"""Finding a region by what people type: "Desa Sukorejo", "Sukorejo, Sutojayan", "sukorejo blitar", "jatinum".

The query is the region's name (with or without "desa"/"kelurahan"), followed by words of its district, regency
or province in any order. Matching runs in the database on `Region.search_key` (the name in lower case,
indexed): names starting with the typed name are an index range on SQLite and PostgreSQL; a name containing it
(a scan) is asked only when none starts so. Only when nothing matches does a typo pass compare names in Python,
and then only the distinct names sharing the typed name's first two letters (an index range again; at most a
few thousand at national scale, never the 83,762 villages). Ranking, in the database: exact name, then names
starting with the query, then the rest; within each, regions inside a preferred area (the visitor's previous
choice, the user's own regions, the site's home regency) first.
"""

import difflib
import re

from django.conf import settings
from django.db import connections
from django.db.models import Case, IntegerField, Q, Value, When

from .models import Level, Region

# Words people put before a name that official names do not carry. "kab"/"kota" stay: they are part of
# regency names ("Kabupaten Blitar", "Kota Blitar") and so narrow the regency.
NOISE_WORDS = frozenset({"desa", "ds", "kelurahan", "kel", "kec", "kecamatan", "prov", "provinsi", "dusun"})
MIN_TYPO_LENGTH = 4
TYPO_CUTOFF = 0.75
# A typo pass looks at most at this many distinct names (the two-letter prefix keeps it below).
TYPO_POOL = 3000


def words(query):
    """Lower-case words of the query, punctuation and the noise words dropped."""
    return [w for w in re.split(r"[^\w']+", (query or "").lower()) if w and w not in NOISE_WORDS]


def home_regency():
    return getattr(settings, "REGIONS_HOME_REGENCY", "") or ""


def preferred_areas(recent=(), user_codes=()):
    """Region codes whose regions rank first, most preferred first: around the visitor's previous choices
    (their district, then their regency), the user's own regions, then the site's home regency."""
    areas = []
    for code in recent:
        parts = code.split(".")
        areas += [".".join(parts[:3]), ".".join(parts[:2])]
    areas += list(user_codes or ())
    areas.append(home_regency())
    seen, ordered = set(), []
    for code in areas:
        if code and code not in seen:
            seen.add(code)
            ordered.append(code)
    return ordered


def _place_q(word):
    """The word names one of the region's ancestors (district, regency or province)."""
    return (Q(parent__search_key__contains=word) | Q(parent__parent__search_key__contains=word)
            | Q(parent__parent__parent__search_key__contains=word))


def _starts(qs, text):
    """Keys starting with `text`, as an index range: PostgreSQL's LIKE 'x%' uses the pattern index Django adds
    to an indexed CharField; SQLite's LIKE ignores case and so its index, a >= / < range does not."""
    if connections[qs.db].vendor == "sqlite":
        return qs.filter(search_key__gte=text, search_key__lt=text + "\uffff")
    return qs.filter(search_key__startswith=text)


def _named(qs, name, *, anywhere=False):
    """Regions whose name starts with `name` (regencies also after "Kabupaten"/"Kota"); with `anywhere`, whose
    name contains it (a scan: only asked when no name starts so)."""
    if anywhere:
        return qs.filter(search_key__contains=name)
    return _starts(qs, name) | _starts(qs, f"kabupaten {name}") | _starts(qs, f"kota {name}")


def _preference(prefer):
    whens = [When(Q(code=code) | Q(code__startswith=code + "."), then=Value(i)) for i, code in enumerate(prefer)]
    return Case(*whens, default=Value(len(prefer)), output_field=IntegerField()) if whens else Value(0)


def _ranked(qs, name, prefer, limit):
    match = Case(
        When(search_key__in=[name, f"kabupaten {name}", f"kota {name}"], then=Value(0)),
        When(search_key__startswith=name, then=Value(1)),
        default=Value(2), output_field=IntegerField())
    return list(qs.annotate(_match=match, _prefer=_preference(prefer))
                .order_by("_match", "_prefer", "level", "name", "code")[:limit])


def _split(tokens):
    """(name, place words) splits, the longest name first: "sukorejo sutojayan" tries the two words as one
    name, then "sukorejo" in a place called "sutojayan"."""
    for k in range(len(tokens), 0, -1):
        yield " ".join(tokens[:k]), tokens[k:]


def _within_places(qs, places):
    for word in places:
        qs = qs.filter(_place_q(word))
    return qs


def close_names(qs, name):
    """Name keys in `qs` within a small typo of `name` (difflib ratio), best first: only among the names that
    share its first two letters (an index range), never the whole table."""
    if len(name) < MIN_TYPO_LENGTH:
        return []
    pool = _starts(qs, name[:2]).order_by().values_list("search_key", flat=True).distinct()[:TYPO_POOL]
    close = difflib.get_close_matches(name, [k for k in pool if abs(len(k) - len(name)) <= 3], n=8,
                                      cutoff=TYPO_CUTOFF)
    return {key: difflib.SequenceMatcher(None, name, key).ratio() for key in close}


def _close_places(qs, name, places, prefer, limit):
    """Regions of `qs` (ranked, the first few hundred) whose ancestors have, for every place word, a word
    within a small typo of it."""
    def close(word, region):
        names = [a.search_key for a in (region.parent, getattr(region.parent, "parent", None)) if a is not None]
        grand = getattr(getattr(region.parent, "parent", None), "parent", None)
        names += [grand.search_key] if grand is not None else []
        candidates = {w for n in names for w in n.split()}
        return any(w.startswith(word) or difflib.SequenceMatcher(None, word, w).ratio() >= TYPO_CUTOFF
                   for w in candidates)

    rows = _ranked(qs.select_related("parent__parent__parent"), name, prefer, TYPO_POOL // 10)
    return [r for r in rows if all(close(word, r) for word in places)][:limit]


def find(query, *, level=None, queryset=None, prefer=(), limit=20):
    """Regions matching what was typed, ranked, each with `label` ("Desa X, Kec. Y, Kab. Z")."""
    text = (query or "").strip()
    qs = queryset if queryset is not None else Region.objects.active()
    if level:
        qs = qs.filter(level=level)
    if text[:2].isdigit():
        # A Kemendagri code, or its beginning.
        return with_labels(list(qs.filter(code__startswith=text.replace(" ", "")).order_by("code")[:limit]))
    tokens = words(text)
    if len("".join(tokens)) < 2:
        return []
    for anywhere in (False, True):
        for name, places in _split(tokens):
            found = _ranked(_within_places(_named(qs, name, anywhere=anywhere), places), name, prefer, limit)
            if found:
                return with_labels(found)
    # A small typo in a place word ("sukorejo sutojyan").
    for name, places in _split(tokens):
        found = _close_places(_named(qs, name), name, places, prefer, limit) if places else []
        if found:
            return with_labels(found)
    # Nothing is called so: a small typo ("jatinum") in the name part.
    for name, places in _split(tokens):
        ratio = close_names(qs, name)
        if not ratio:
            continue
        found = _ranked(_within_places(qs.filter(search_key__in=list(ratio)), places), name, prefer, limit * 5)
        if found:
            # Closest spelling first; the database's order (preference, level, name) within one spelling.
            found.sort(key=lambda r: -ratio[r.search_key])
            return with_labels(found[:limit])
    return []


SHORT_KIND = {"kabupaten": "Kab.", "kecamatan": "Kec."}


def short_name(region):
    """ "Kec. Sutojayan", "Kab. Blitar", "Kota Blitar", "Desa Sukorejo", "Kelurahan Sukorejo"."""
    if region.level == Level.DISTRICT:
        return f"Kec. {region.name}"
    if region.level == Level.REGENCY and region.name.lower().startswith("kabupaten "):
        return f"Kab. {region.name[len('kabupaten '):]}"
    return str(region)


def with_labels(results):
    """Give each region `label` (itself and up to two levels above, short) and `context` (every ancestor's
    full name), fetching the ancestors of all results in one query."""
    codes = {c for r in results for c in ancestor_codes(r.code)}
    ancestors = {a.code: a for a in Region.objects.filter(code__in=codes)}
    for r in results:
        above = [ancestors[c] for c in reversed(ancestor_codes(r.code)) if c in ancestors]
        shown = above[:2] if r.level > Level.REGENCY else above
        r.label = ", ".join([short_name(r), *(short_name(a) for a in shown)])
        r.context = ", ".join(a.name for a in above)
    return results


def label_of(code):
    region = Region.objects.filter(code=code).first()
    return with_labels([region])[0].label if region else ""


def ancestor_codes(code):
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]
