"""The one money format and the one NIK mask (core.formatting), in Python and in templates."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import mask_digit_runs, mask_nik, rupiah, thousands


@pytest.mark.parametrize(("value", "shown"), [
    (1_500_000, "Rp 1.500.000"),
    (0, "Rp 0"),
    (999, "Rp 999"),
    (1000, "Rp 1.000"),
    (-2_500_000, "Rp -2.500.000"),
    (Decimal("16000000"), "Rp 16.000.000"),
    ("750000", "Rp 750.000"),
])
def test_rupiah_groups_thousands_with_dots(value, shown):
    assert rupiah(value) == shown


@pytest.mark.parametrize("value", [None, "", "banyak"])
def test_rupiah_of_no_amount_is_empty(value):
    assert rupiah(value) == ""


def test_thousands_is_the_number_part_of_rupiah():
    assert thousands(12_500_000) == "12.500.000"
    assert rupiah(12_500_000) == "Rp " + thousands(12_500_000)


@pytest.mark.parametrize("language", ["id", "en"])
def test_rupiah_filter_renders_the_same_in_every_language(language):
    template = Template("{% load payung_money %}{{ amount|rupiah }}|{{ missing|rupiah }}")
    with translation.override(language):
        assert template.render(Context({"amount": 1_500_000})) == "Rp 1.500.000|"


def test_nik_is_masked_keeping_four_first_and_two_last_digits():
    assert mask_nik("3505105705950001") == "3505**********01"


def test_nik_typed_with_separators_is_masked_as_its_digits():
    assert mask_nik("3505.1057 0595-0001") == "3505**********01"


@pytest.mark.parametrize(("value", "shown"), [("", ""), (None, ""), ("1234567", "*******"), ("12345678", "1234**78")])
def test_short_number_is_masked_whole_below_eight_digits(value, shown):
    assert mask_nik(value) == shown


def test_digit_runs_in_text_are_masked_like_a_nik():
    text = "NIK 3505105705950001, KK 3505100101950002, telepon 081234567890."
    assert mask_digit_runs(text) == "NIK 3505**********01, KK 3505**********02, telepon 081234567890."
    assert mask_digit_runs(text, min_length=10) == (
        "NIK 3505**********01, KK 3505**********02, telepon 0812******90.")
