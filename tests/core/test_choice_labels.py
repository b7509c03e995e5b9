"""get_<field>_display() through accounts.choices.ChoiceLabels: Django's answer, from a table made once per field."""

from django.db import models
from django.utils import translation

from cases.models import Case, Category, Channel, Consent, ConsentKind
from regions.models import Kind, Region


def test_a_choice_reads_its_label_in_the_current_language_and_an_unknown_value_itself():
    case = Case(category=Category.UNPAID_WAGES, channel=Channel.WEB)
    consent = Consent(kind=ConsentKind.PROCESS)
    with translation.override("id"):
        assert (case.get_category_display(), case.get_channel_display()) == ("Gaji tidak dibayar", "Formulir publik")
        assert consent.get_kind_display() == "Pengolahan data pengaduan"
    with translation.override("en"):
        assert (case.get_category_display(), consent.get_kind_display()) == (
            "Unpaid wages", "Processing of complaint data")
    assert Case(category="bukan_kategori").get_category_display() == "bukan_kategori"
    assert Case(category=None).get_category_display() is None


def test_every_choice_of_every_field_reads_as_djangos_own_display():
    for model in (Case, Consent, Region):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value, _label in field.flatchoices:
                obj = model(**{field.attname: value})
                assert getattr(obj, f"get_{field.name}_display")() == models.Model._get_FIELD_display(obj, field)


def test_a_region_names_itself_with_its_kind_in_the_current_language():
    kecamatan = Region(code="35.05.01", name="Bakung", level=3, kind=Kind.KECAMATAN)
    kabupaten = Region(code="35.05", name="Kab. Blitar", level=2, kind=Kind.KABUPATEN)
    with translation.override("id"):
        assert (str(kecamatan), str(kabupaten)) == ("Kecamatan Bakung", "Kab. Blitar")
    with translation.override("en"):
        assert str(kecamatan) == "District (kecamatan) Bakung"
