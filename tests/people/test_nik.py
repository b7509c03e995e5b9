import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import mask_nik
from people.nik import PROVINCE_CODES, NikError, clean_nik, nik_warnings, parse_nik

provinces = st.sampled_from(sorted(PROVINCE_CODES))
valid_days = st.integers(1, 31) | st.integers(41, 71)
months = st.integers(1, 12)


@given(provinces, st.integers(0, 9999), valid_days, months, st.integers(0, 99), st.integers(1, 9999))
def test_every_well_formed_nik_parses_and_keeps_its_parts(province, rest, day, month, year, serial):
    nik = f"{province}{rest:04d}{day:02d}{month:02d}{year:02d}{serial:04d}"
    parsed = parse_nik(nik)
    assert parsed.nik == nik
    assert parsed.province == province
    assert parsed.month == month
    assert parsed.sex == ("F" if day > 40 else "M")
    assert parsed.day == (day - 40 if day > 40 else day)


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_a_nik_of_the_wrong_length_is_an_error_about_length(digits):
    with pytest.raises(NikError) as exc:
        parse_nik(digits)
    assert exc.value.part == "length"


@given(st.integers(0, 99).filter(lambda p: f"{p:02d}" not in PROVINCE_CODES))
def test_an_unknown_province_code_is_an_error_naming_the_province(province):
    with pytest.raises(NikError) as exc:
        parse_nik(f"{province:02d}0510170595" + "0001")
    assert exc.value.part == "province"
    assert f"{province:02d}" in exc.value.message


@given(st.integers(0, 99).filter(lambda d: not (1 <= d <= 31 or 41 <= d <= 71)))
def test_a_day_outside_01_31_and_41_71_is_an_error_naming_the_day(day):
    with pytest.raises(NikError) as exc:
        parse_nik(f"350510{day:02d}0595" + "0001")
    assert exc.value.part == "day"


@given(st.integers(0, 99).filter(lambda m: not 1 <= m <= 12))
def test_a_month_outside_01_12_is_an_error_naming_the_month(month):
    with pytest.raises(NikError) as exc:
        parse_nik(f"35051017{month:02d}95" + "0001")
    assert exc.value.part == "month"


def test_letters_in_a_nik_are_an_error_about_digits():
    with pytest.raises(NikError) as exc:
        parse_nik("35051017059500A1")
    assert exc.value.part == "digits"


def test_spaces_dots_and_dashes_typed_in_a_nik_are_ignored():
    assert clean_nik(" 3505 1057.0595-0001 ") == "3505105705950001"
    assert parse_nik("3505 1057 0595 0001").sex == "F"


def test_nik_is_masked_keeping_four_first_and_two_last_digits():
    assert mask_nik("3505105705950001") == "3505**********01"


def test_a_birth_date_disagreeing_with_the_nik_is_only_a_warning():
    warnings = nik_warnings("3505105705950001", birth_date=datetime.date(1995, 5, 18), sex="F",
                            village_code="35.05.10.2002")
    assert len(warnings) == 1
    assert "Tanggal lahir pada NIK (17-05-95)" in warnings[0]


def test_a_man_recorded_with_a_womans_nik_day_gets_a_sex_warning():
    warnings = nik_warnings("3505105705950001", birth_date=datetime.date(1995, 5, 17), sex="M")
    assert warnings == ["NIK menunjukkan perempuan (tanggal + 40), tetapi jenis kelamin dicatat laki-laki."]


def test_a_nik_first_issued_in_another_district_is_only_a_warning():
    warnings = nik_warnings("3578105705950001", birth_date=datetime.date(1995, 5, 17), sex="F",
                            village_code="35.05.10.2002")
    assert len(warnings) == 1
    assert "35.78.10" in warnings[0]


@given(provinces, valid_days, months, st.integers(0, 99))
def test_a_record_matching_its_nik_has_no_warnings(province, day, month, year):
    real_day = day - 40 if day > 40 else day
    try:
        birth = datetime.date(2000 + year, month, real_day)
    except ValueError:
        return  # 31 February: the NIK is well formed, no such record exists
    nik = f"{province}0510{day:02d}{month:02d}{year:02d}0001"
    assert nik_warnings(nik, birth_date=birth, sex="F" if day > 40 else "M",
                        village_code=f"{province}.05.10.2001") == []
