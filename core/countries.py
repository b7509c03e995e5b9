"""Country names in the reader's language, Indonesian first, and the main destinations of Indonesian migrant
workers at the top of every country choice: the one place for it. django-countries reads it through
settings.COUNTRIES_OVERRIDE / COUNTRIES_FIRST, so model fields, forms, filters, `get_..._display()` and
`country.name` all agree. The Indonesian names come from the Unicode CLDR (Babel); English mode keeps
django-countries' own names."""

from functools import lru_cache

from django.utils.functional import lazy
from django.utils.translation import get_language

# BP2MI's main placement countries, most placements first.
MAIN_DESTINATIONS = ["MY", "TW", "HK", "SA", "SG", "KR", "JP", "BN", "AE", "QA", "KW", "OM", "TR", "PL"]
# The names people use where CLDR's are formal ("Hong Kong DAK Tiongkok").
SHORT_NAMES = {"HK": "Hong Kong", "MO": "Makau", "PS": "Palestina", "GB": "Inggris"}


@lru_cache(maxsize=1)
def indonesian_names():
    from babel import Locale

    return {**Locale("id").territories, **SHORT_NAMES}


def name(code, english):
    """The country's name in the active language: Indonesian from CLDR, any other django-countries' own."""
    if (get_language() or "id").split("-")[0] == "id":
        return indonesian_names().get(code) or str(english)
    return str(english)


lazy_name = lazy(name, str)


def overrides():
    """{code: lazy name} for settings.COUNTRIES_OVERRIDE."""
    from django_countries.data import COUNTRIES

    return {code: lazy_name(code, english) for code, english in COUNTRIES.items()}


def choices():
    """(code, name) of every country in the active language, the main destinations first: what a country
    choice offers. Built once per language (sorting ~250 translated names cost tens of ms on every form)."""
    return _choices(get_language() or "id")


@lru_cache(maxsize=8)
def _choices(language):
    from django_countries import countries

    return tuple((code, str(country_name)) for code, country_name in countries)


@lru_cache(maxsize=1)
def codes():
    """Every country's code (the same in every language): a submitted choice is checked against this set instead of
    walking ~250 choices (the public complaint form and record_intake, issue 17.8)."""
    return frozenset(code for code, _name in _choices("id"))
