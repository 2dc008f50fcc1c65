"""Content text → safe HTML: inline Markdown rendered, then sanitised; figures marked up.

Most report paragraphs hold no Markdown at all, and converting them is the costliest step of a
naive pipeline, so plain text takes a fast path that only escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from markupsafe import Markup, escape

from .model import Figure, format_number

if TYPE_CHECKING:
    import markdown

_MARKDOWN_CHARACTERS = "*_`\\\n"
"""Characters that may make Markdown of a text wherever they stand (after a line end: a list,
a heading, a quotation, a hard break)."""
_LINK = re.compile(r"\]\s*[(\[:]")
"""Square brackets alone are no link (Markdown leaves "[DEMO DATA]" or "see [1]" as written):
only a bracket closed before `(`, `[` or `:` may be one, or an image (`![…](…)`): an `!`
alone is a text's own, as in "谢谢大家!"."""
_BLOCK_START = re.compile(r"\s*(?:[-+]|\d+[.)])\s|\s*[#>]")
"""A list item's marker, a heading's `#` or a quotation's `>` at a text's start (at another
line's start, a line end comes first); elsewhere they are the text's own, as in "C#"."""
_ALLOWED_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br", "code"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    """Python-Markdown, imported and set up when a text first needs it: most reports hold
    none (the example report none at all), and importing it took 15 ms of every build and
    every check: of a build with nothing to do at 1,000 reports, a twentieth."""
    import markdown

    return markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=4096)
def block(text: str) -> Markup:
    """A paragraph's worth of text as HTML: <p>…</p>, or a list where the text has one.

    Cached: each text appears on its language page and again in the parallel view."""
    if not _may_be_markdown(text):
        return Markup(f"<p>{escape(text)}</p>")
    return Markup(_clean(_converter().reset().convert(_neutralise_html(text))))


@lru_cache(maxsize=4096)
def inline(text: str) -> Markup:
    """A title or lead phrase: inline markup only, no paragraph.

    Cached: the site's title and names, a report's title and its headings stand on every
    page that shows them, in the page's head, header, breadcrumbs and body."""
    html = block(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Markup(html[3:-4])
    return html


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A title or name as plain text, its inline markup dropped: a page's <title>, its meta
    tags, an attribute. Cached: the site's title and names stand in the head of every page."""
    return inline(text).striptags()


def _may_be_markdown(text: str) -> bool:
    # A look for each character, not one regular expression with the others: that tried
    # its alternatives at every character of every paragraph (580 µs of a report's texts,
    # not taken from block's cache; these looks 50 µs).
    for character in _MARKDOWN_CHARACTERS:
        if character in text:
            return True
    return ("]" in text and _LINK.search(text) is not None) or _BLOCK_START.match(text) is not None


def _neutralise_html(text: str) -> str:
    # Content never carries raw HTML; turning < and > into entities before Markdown sees
    # them makes any that slipped through render as visible text instead of markup.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean(html: str) -> str:
    return str(
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def mark_figures(html: Markup, figures: Sequence[Figure], *, quote: bool) -> Markup:
    """Wrap each quoted figure in <data value=…>, so readers and machines can find it.

    quote True matches the Chinese quotation (600余份), False the bare number in English.
    """
    if not figures:  # most paragraphs: the HTML as it is, not copied into a new Markup
        return html
    text = str(html)
    for figure in figures:
        number = format_number(figure.value)
        span = _find_outside_tags(text, figure.quote_zh if quote else number, bare=not quote)
        if span is None:
            continue
        start, end = span
        text = (
            f'{text[:start]}<data class="figure" value="{number}">{text[start:end]}</data>'
            f"{text[end:]}"
        )
    return Markup(text)


def _find_outside_tags(html: str, wanted: str, *, bare: bool) -> tuple[int, int] | None:
    """The first occurrence of wanted that is text, not inside a tag nor inside a figure
    already marked; if bare, only where it stands alone, not a part of a longer number.

    Found with str.find, not a regular expression: a pattern that opens with a lookbehind
    (the bare number's) is tried at every character, 20 µs a figure in a paragraph."""
    start = html.find(wanted)
    while start != -1:
        end = start + len(wanted)
        if bare and _in_number(html, start, end):
            # Not a match at all: one may begin inside it.
            start = html.find(wanted, start + 1)
            continue
        in_tag = html.rfind("<", 0, start) > html.rfind(">", 0, start)
        in_figure = html.rfind("<data", 0, start) > html.rfind("</data>", 0, start)
        if not (in_tag or in_figure):
            return start, end
        start = html.find(wanted, end)
    return None


def _in_number(html: str, start: int, end: int) -> bool:
    """Whether html[start:end] is a part of a longer number: a digit, point or comma just
    before it, or a digit just after."""
    before, after = html[start - 1 : start], html[end : end + 1]
    return before.isdecimal() or before in {".", ","} or after.isdecimal()
