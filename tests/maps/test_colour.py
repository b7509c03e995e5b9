from maps import colour
from maps.colour import NO_DATA, NO_DATA_COLOUR, PALETTE, SUPPRESSED, SUPPRESSED_COLOUR, VALUE, ZERO, ZERO_COLOUR, Scale


def test_counts_fall_into_five_classes_with_round_upper_bounds():
    values = [0, 1, 2, 3, 7, 12, 40, 41, 250, 900, None]
    scale = Scale.for_values(values)
    # Quantile positions ceil(i*9/5)-1 of the 9 positives = 2, 7, 40, 250, 900, rounded up: 900 -> 1000.
    assert scale.bounds == [2, 7, 40, 250, 1000]
    assert scale.colours == PALETTE
    assert [scale.class_of(v) for v in [1, 2, 3, 7, 12, 40, 41, 250, 900]] == [0, 0, 1, 1, 2, 2, 3, 3, 4]
    assert scale.paint(41) == (VALUE, PALETTE[3], "41")
    assert scale.paint(900) == (VALUE, PALETTE[4], "900")


def test_zero_no_data_and_suppressed_are_three_different_things():
    scale = Scale.for_values([0, 5, 10])
    assert scale.paint(0) == (ZERO, ZERO_COLOUR, "0")
    assert scale.paint(None) == (NO_DATA, NO_DATA_COLOUR, "Belum ada data")
    assert scale.paint("<5") == (SUPPRESSED, SUPPRESSED_COLOUR, "<5 (disamarkan)")
    assert scale.paint("x") == (SUPPRESSED, SUPPRESSED_COLOUR, "x (disamarkan)")
    assert len({ZERO_COLOUR, NO_DATA_COLOUR, SUPPRESSED_COLOUR, *PALETTE}) == 8


def test_legend_lists_zero_then_classes_then_the_special_states():
    scale = Scale.for_values([0, 1, 2, 3, 7, 12, 40, 41, 250, 900, None])
    legend = scale.legend(has_zero=True, has_no_data=True, has_suppressed=True)
    assert [label for _s, _c, label in legend] == [
        "0", "1 – 2", "3 – 7", "8 – 40", "41 – 250", "251 – 1.000", "<5 (disamarkan)", "Belum ada data",
    ]
    assert [c for _s, c, _l in legend] == [ZERO_COLOUR, *PALETTE, SUPPRESSED_COLOUR, NO_DATA_COLOUR]


def test_percentages_use_one_decimal_and_spread_the_palette_over_fewer_classes():
    scale = Scale.for_values([0.0, 12.5, 33.3, 50.0], unit="%")
    assert scale.bounds == [15, 40, 50]
    assert scale.colours == [PALETTE[0], PALETTE[2], PALETTE[4]]
    assert scale.paint(33.3) == (VALUE, PALETTE[2], "33,3 %")
    assert scale.paint(0.0) == (ZERO, ZERO_COLOUR, "0,0 %")
    assert [label for _s, _c, label in scale.legend(has_no_data=False)] == [
        "0,0 %", "≤ 15,0 %", "15,0 % – 40,0 %", "40,0 % – 50,0 %",
    ]


def test_a_single_value_gets_the_middle_colour_and_no_values_give_no_classes():
    assert Scale.for_values([5, 5, 5]).paint(5) == (VALUE, PALETTE[2], "5")
    assert Scale.for_values([5, 5, 5]).legend(has_zero=False, has_no_data=False) == [(VALUE, PALETTE[2], "1 – 5")]
    empty = Scale.for_values([None, 0])
    assert empty.bounds == []
    assert empty.paint(0) == (ZERO, ZERO_COLOUR, "0")


def test_nice_ceil_rounds_up_to_a_readable_bound():
    assert [colour.nice_ceil(x) for x in [0.2, 3, 9.5, 11, 13, 47, 101, 2600, 81000]] == [
        1, 3, 10, 15, 15, 50, 150, 3000, 100000,
    ]


def test_means_such_as_readiness_show_one_decimal():
    scale = Scale.for_values([2.5, 4.0, 5.2], unit="syarat")
    assert scale.bounds == [3, 4, 6]
    assert scale.paint(5.2) == (VALUE, PALETTE[4], "5,2")
