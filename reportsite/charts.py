"""A figure followed across years → the geometry of a horizontal bar chart, drawn as inline SVG.

Only numbers are decided here; the template writes the SVG with the labels of its language,
so a chart needs no JavaScript, no style attribute and no font the page does not have.
Bars run left to right, one row per year, oldest at the top: the chart grows in height with
the number of years and never in width, so it stays readable at 320 px without scrolling.
Every coordinate is written with one decimal, so the same content gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

WIDTH: Final = 320.0
"""viewBox width in user units; the stylesheet scales the SVG to the text column."""
ROW: Final = 28.0
BAR: Final = 18.0
PAD: Final = 6.0
YEAR_WIDTH: Final = 52.0
"""Room for “2024年” at the chart's 14-unit font size."""
DIGIT: Final = 8.5
"""Average advance of a digit at that size, for sizing the value labels' column."""
SUFFIX: Final = 16.0
"""Room for the approximation mark after a value: 余 or +."""
MIN_SPAN: Final = 80.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """One year's row: the bar, and where its value label and its year label stand."""

    x: str
    y: str
    width: str
    height: str
    label_x: str
    """Start of the value label, just past the end of the bar (or of the zero line)."""
    text_y: str
    """Baseline of both the year label and the value label."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    width: str
    height: str
    year_x: str
    """Right edge of the year labels (they are drawn with text-anchor end)."""
    zero_x: str
    """Where the zero line stands; bars of negative values extend left of it."""
    bars: tuple[Bar, ...]


def bar_chart(values: Sequence[int | float], numbers: Sequence[str]) -> Chart:
    """The geometry for values in order (one per year); numbers are the values as written,
    which decide how much room the value labels need."""
    if not values or len(values) != len(numbers):
        raise ValueError("one written number per value, and at least one value")
    label_width = DIGIT * max(len(n) for n in numbers) + SUFFIX + PAD
    left = YEAR_WIDTH + PAD
    # An absurdly long number widens the chart rather than squeezing its bars to nothing.
    span = max(WIDTH - left - label_width, MIN_SPAN)
    low = min(0, *values)
    high = max(0, *values)
    scale = span / (high - low) if high != low else 0.0
    zero = left + (0 - low) * scale
    bars = []
    for index, value in enumerate(values):
        top = PAD + index * ROW
        start, end = sorted((zero, zero + value * scale))
        bars.append(
            Bar(
                x=_fixed(start),
                y=_fixed(top + (ROW - BAR) / 2),
                width=_fixed(end - start),
                height=_fixed(BAR),
                label_x=_fixed(max(end, zero) + PAD),
                text_y=_fixed(top + ROW / 2 + 5),
            )
        )
    return Chart(
        width=_fixed(left + span + label_width),
        height=_fixed(2 * PAD + len(values) * ROW),
        year_x=_fixed(YEAR_WIDTH),
        zero_x=_fixed(zero),
        bars=tuple(bars),
    )


def _fixed(value: float) -> str:
    text = f"{value:.1f}"
    # A tiny negative rounding error must not write "-0.0" where another build writes "0.0".
    return "0.0" if text == "-0.0" else text
