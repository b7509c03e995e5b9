"""The colour scale of the choropleth, computed in Python so every colour on the map is testable exactly.

- Positive values fall into at most five classes whose upper bounds are quantiles of the values, rounded up
  to round numbers (a legend reads "1-10, 11-50", not "1-13, 14-47"); each class has a colour of one
  sequential palette, light (few) to dark (many).
- Zero is its own class, drawn near-white: "nobody" is a real answer and must not look like "no data".
- No data (the area has no figures at all) is grey; suppressed ("<5" on the open-data page) is hatched.
  Neither ever takes a palette colour, so neither can be read as a quantity.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# ColorBrewer "OrRd" (Cynthia Brewer, Apache-2.0 licensed scheme), five classes, light to dark.
PALETTE = ["#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]
ZERO_COLOUR = "#fff7ec"
NO_DATA_COLOUR = "#d9d9d9"
SUPPRESSED_COLOUR = "#bdbdbd"  # the base of the hatch; the JS lays the stripes over it
MAX_CLASSES = 5

VALUE, ZERO, NO_DATA, SUPPRESSED = "value", "zero", "nodata", "suppressed"
SUPPRESSED_LABEL = "<5"

NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceil(x):
    """The smallest round number at or above x: integers up to 10, then 1-1.5-2-2.5-3-4-5-6-8 x 10^n."""
    if x <= 10:
        return math.ceil(x)
    magnitude = 10 ** math.floor(math.log10(x))
    for step in NICE_STEPS:
        candidate = step * magnitude
        if candidate >= x:
            return int(candidate) if float(candidate).is_integer() else candidate
    return 10 * magnitude  # pragma: no cover (10 is the last step)


def upper_bounds(values, classes=MAX_CLASSES):
    """Upper bounds (inclusive) of the classes of the positive values, ascending and distinct.

    Quantile i of n sorted values is the value at position ceil(i * n / classes) - 1; each is rounded up
    with `nice_ceil`. Fewer distinct bounds than `classes` simply means fewer classes.
    """
    positives = sorted(v for v in values if v is not None and v > 0)
    if not positives:
        return []
    bounds = []
    n = len(positives)
    for i in range(1, classes + 1):
        bound = nice_ceil(positives[math.ceil(i * n / classes) - 1])
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def palette_for(count):
    """`count` colours spread over the palette, always including its darkest for the top class."""
    if count <= 0:
        return []
    if count == 1:
        return [PALETTE[2]]
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (count - 1))] for i in range(count)]


def fmt(value, decimals=0):
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@dataclass
class Scale:
    bounds: list
    decimals: int = 0  # 1 for percentages
    unit: str = ""

    @classmethod
    def for_values(cls, values, unit=""):
        # Shares and means (readiness: met conditions per village) are fractional: one decimal.
        fractional = unit == "%" or any(isinstance(v, float) and not v.is_integer() for v in values if v is not None)
        return cls(bounds=upper_bounds(values), decimals=1 if fractional else 0, unit=unit)

    @property
    def colours(self):
        return palette_for(len(self.bounds))

    def class_of(self, value):
        for index, bound in enumerate(self.bounds):
            if value <= bound:
                return index
        return len(self.bounds) - 1

    def label(self, value):
        text = fmt(value, self.decimals)
        return f"{text} %" if self.unit == "%" else text

    def paint(self, value, state=None):
        """(state, colour, label) for one area. `value` None means no data; "<5" means suppressed."""
        if state is None:
            if value is None:
                state = NO_DATA
            elif isinstance(value, str):
                # A published cell that is not a number ("<5", or "x" for a secondary suppression).
                state = SUPPRESSED
            elif value == 0:
                state = ZERO
            else:
                state = VALUE
        if state == NO_DATA:
            return NO_DATA, NO_DATA_COLOUR, _("Belum ada data")
        if state == SUPPRESSED:
            if isinstance(value, str) and value != SUPPRESSED_LABEL:
                return SUPPRESSED, SUPPRESSED_COLOUR, _("%(cell)s (disamarkan)") % {"cell": value}
            return SUPPRESSED, SUPPRESSED_COLOUR, _("<5 (disamarkan)")
        if state == ZERO:
            return ZERO, ZERO_COLOUR, self.label(0)
        return VALUE, self.colours[self.class_of(value)], self.label(value)

    def legend(self, has_zero=True, has_no_data=True, has_suppressed=False):
        """Rows (state, colour, label) from light to dark, then the special states that occur."""
        rows = []
        if has_zero:
            rows.append((ZERO, ZERO_COLOUR, self.label(0)))
        low = None
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if self.decimals:
                text = (f"{self.label(low)} – {self.label(bound)}" if low is not None
                        else f"≤ {self.label(bound)}")
                low = bound
            else:
                first = 1 if low is None else low + 1
                text = self.label(bound) if first >= bound else f"{fmt(first)} – {self.label(bound)}"
                low = bound
            rows.append((VALUE, colour, text))
        if has_suppressed:
            rows.append((SUPPRESSED, SUPPRESSED_COLOUR, _("<5 (disamarkan)")))
        if has_no_data:
            rows.append((NO_DATA, NO_DATA_COLOUR, _("Belum ada data")))
        return rows
