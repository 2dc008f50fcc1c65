"""A figure followed across years → a horizontal bar chart drawn as inline SVG, with its
figures in a table beside it: the geometry (bar_chart, when the series is assembled), then the
markup in a page's language (figure_track, when its page is made; figure_track_markdown, the
numbers alone, for its Markdown twin). A series page carries a dozen of them, and as Jinja
macros and loops they were most of its cost.

A chart needs no JavaScript, no style attribute and no font the page does not have.
Bars run left to right, one row per year, oldest at the top: the chart grows in height with
the number of years and never in width, so it stays readable at 320 px without scrolling.
Every coordinate is written with one decimal, so the same content gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Final

from markupsafe import Markup, escape

from . import urls

if TYPE_CHECKING:  # assemble makes the charts of what it assembles
    from .assemble import FigureTrack
    from .formatting import HtmlText, MarkdownText

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


def figure_track(
    track: FigureTrack, lang: str, series: str, page: PurePosixPath, html: HtmlText
) -> Markup:
    """A measure of a series over the years on its page in lang: heading, chart (its title
    and a description of every value for screen readers) and the values as a table, each
    year linking to the paragraph of its report that quotes it."""
    strings = html.strings

    def t(key: str) -> str:
        return strings[key][lang]

    chart, quotes = track.chart, track.quotes
    chart_id = escape(f"figure-{track.key}")
    name = html.measure(track.latest, lang)
    title = t("chart_title") % (name.striptags(), quotes[0].report.year, quotes[-1].report.year)
    colon, approx_mark = escape(t("colon")), escape(t("approx"))
    told, bars, rows = [], [], []
    for bar, quote in zip(chart.bars, quotes, strict=True):
        year = escape(t("year_label") % quote.report.year)
        value = html.figure_value(quote.figure, quote.number, lang)
        told.append(f"{year}{colon}{escape(html.figure_text(quote.figure, quote.number, lang))}")
        approx = approx_mark if quote.figure.approx else ""
        bars.append(
            f'<text class="chart-year" x="{chart.year_x}" y="{bar.text_y}" text-anchor="end">'
            f"{year}</text>\n"
            f'<rect class="chart-bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
            f'height="{bar.height}"/>\n'
            f'<text class="chart-value" x="{bar.label_x}" y="{bar.text_y}">'
            f"{escape(quote.number)}{approx}</text>\n"
        )
        link = urls.relative(page, urls.report(lang, series, quote.report.year), quote.anchor)
        rows.append(
            f'<tr><th scope="row"><a href="{escape(link)}">{year}</a></th><td>{value}</td></tr>\n'
        )
    last, between = ("。", "；") if lang == "zh" else (".", "; ")
    return Markup(
        f'<section class="figure-track" aria-labelledby="{chart_id}">\n'
        f'<h3 id="{chart_id}">{name}</h3>\n'
        f'<svg class="chart" viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc">\n'
        f'<title id="{chart_id}-title">{escape(title)}</title>\n'
        f'<desc id="{chart_id}-desc">{between.join(told)}{last}</desc>\n'
        f'<line class="chart-axis" x1="{chart.zero_x}" y1="0" x2="{chart.zero_x}" '
        f'y2="{chart.height}"/>\n'
        f"{''.join(bars)}</svg>\n"
        '<table class="chart-data">\n'
        f"<caption>{escape(t('chart_table'))}</caption>\n"
        "<thead>\n"
        f'<tr><th scope="col">{escape(t("year"))}</th>'
        f'<th scope="col">{escape(t("figure_value"))}</th></tr>\n'
        "</thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n"
        "</table>\n"
        "</section>"
    )


def figure_track_markdown(
    track: FigureTrack, lang: str, series: str, page: PurePosixPath, md: MarkdownText
) -> str:
    """A measure of a series over the years in the Markdown twin of its page: a heading and
    its values as a pipe table, each year linking to the paragraph of the HTML report that
    quotes it (see figure_track)."""
    strings = md.strings
    rows = [
        f"| [{strings['year_label'][lang] % quote.report.year}]"
        f"({urls.relative(page, urls.report(lang, series, quote.report.year), quote.anchor)}) "
        f"| {md.figure_value(quote.figure, quote.number, lang)} |\n"
        for quote in track.quotes
    ]
    return (
        f"\n### {md.measure(track.latest, lang)}\n\n"
        f"| {strings['year'][lang]} | {strings['figure_value'][lang]} |\n| --- | --- |\n"
        + "".join(rows)
    )
