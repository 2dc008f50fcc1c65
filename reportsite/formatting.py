"""Content texts as HTML and Markdown, leaf by leaf: a title, a paragraph with its quoted
figures, a lead-phrase item, a heading number, a date — in the language asked for, with the
mark where a translation is pending.

Every report page calls these hundreds of times, so they are Python rather than Jinja macros;
templates reach them through _macros.html and _macros.md under the same names, and body.py
builds a report's text from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property, lru_cache

from markupsafe import Markup, escape

from . import markup
from .model import ZH, Figure, Item, Text

Strings = Mapping[str, Mapping[str, str]]
"""UI labels per key and language (templates/strings.yaml)."""

_CHINESE_NUMERALS = "一二三四五六七八九十"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_MARKDOWN_SPECIAL = "\\`*_[]#|<>"
"""Escaped with a backslash, the backslash itself first."""


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbering of 一、 and （一） headings."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_NUMERALS[tens - 1] + "十")
    return head + (_CHINESE_NUMERALS[ones - 1] if ones else "")


def roman_number(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out += numeral * count
    return out


@lru_cache(maxsize=256)
def heading_number(n: int, lang: str) -> str:
    """一、 in Chinese, I. in English, before a heading: plain text, the same in HTML and in
    Markdown (nothing in it to escape). Cached: a report page numbers dozens of headings, and
    its series page a hundred tasks, with the same few numbers."""
    return f"{chinese_number(n)}、" if lang == ZH else f"{roman_number(n)}. "


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: dt.date, lang: str) -> str:
    """2025年1月3日 / 3 January 2025: the date line under a report's title."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def md_escape(text: str) -> str:
    """Plain text safe inside Markdown (table cells, headings): syntax characters escaped."""
    # A replace for each character that is there, not str.translate: translating text that
    # is not ASCII looks up every character in the table (5 µs a paragraph, 0.4 µs this way).
    for char in _MARKDOWN_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def md_text(text: str) -> str:
    """Content text in a Markdown twin: it already is Markdown; only raw HTML is defused."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def text_in(value: Text, lang: str) -> str:
    """The text in lang; the Chinese where the translation is pending (marked by `pending`)."""
    return value.get(lang) or value.zh


def run_in(html: Markup, lead: Markup) -> Markup:
    """Put a run-in lead (bold lead phrase, pending marker) at the start of block HTML's first
    paragraph: <p><strong>政治自觉不断强化。</strong>坚决把…</p>. A block that does not open
    with a paragraph (a list) gets the lead as a paragraph of its own before it."""
    # Joined in one f-string, not with Markup's +, which escapes (and copies) each operand
    # again: both are HTML already.
    if html.startswith("<p>"):
        return Markup(f"<p>{lead}{html[3:]}")
    return Markup(f"<p>{lead}</p>{html}")


class HtmlText:
    """The leaf formatting of content texts as HTML, which every report page calls hundreds of
    times: a title in a language, a paragraph with its figures, a lead-phrase item, a heading
    number. Python rather than Jinja macros, whose call costs more than the work done;
    templates reach them through _macros.html under the same names."""

    def __init__(self, strings: Strings) -> None:
        self.strings = strings

    @cached_property
    def mark(self) -> Markup:
        pending = self.strings["pending"]
        return Markup(
            '<span class="pending-mark"><span lang="en">{}</span> '
            '<span lang="zh-CN">{}</span></span>'
        ).format(pending["en"], pending["zh"])

    def pending_mark(self) -> Markup:
        """The mark "Translation pending / 译文待补", beside the Chinese that stands in."""
        return self.mark

    def inline(self, value: Text, lang: str) -> Markup:
        """A title, lead or name: inline HTML."""
        shown = value.get(lang)
        if shown is None:
            return Markup(f'<span lang="zh-CN">{markup.inline(value.zh)}</span> {self.mark}')
        return markup.inline(shown)

    def block(self, value: Text, lang: str, figures: tuple[Figure, ...] = ()) -> Markup:
        """A paragraph (or list) of content text, quoted figures marked up."""
        shown = value.get(lang)
        if shown is None:
            html = markup.mark_figures(markup.block(value.zh), figures, quote=True)
            return Markup(f'<div class="pending" lang="zh-CN">{run_in(html, self.mark)}</div>')
        return markup.mark_figures(markup.block(shown), figures, quote=lang == ZH)

    def item_paragraph(self, item: Item, lang: str) -> Markup:
        """A lead-phrase item: one paragraph, "<strong>政治自觉不断强化。</strong>坚决把…". If
        either half lacks its translation, the whole item stands in Chinese. An item without
        a lead is a plain paragraph."""
        if item.lead is None:
            return self.block(item.text, lang, item.figures)
        pending = item.lead.get(lang) is None or item.text.get(lang) is None
        shown = ZH if pending else lang
        chinese = shown == ZH
        close = "。</strong>" if chinese else ".</strong> "
        lead = Markup(f'<strong class="lead">{markup.inline(text_in(item.lead, shown))}{close}')
        html = markup.mark_figures(
            markup.block(text_in(item.text, shown)), item.figures, quote=chinese
        )
        html = run_in(html, lead)
        if pending:
            return Markup(f'<div class="pending" lang="zh-CN">{run_in(html, self.mark)}</div>')
        return html

    def number(self, n: int, lang: str) -> str:
        """Heading numbers: 一、 in Chinese, I. in English."""
        return heading_number(n, lang)

    def label(self, key: str, lang: str | None) -> Markup:
        """A UI label in lang, or in both (lang None: the parallel view), the English marked
        as such: the disclosure block's seven labels on each of a report's three pages, and
        the headings of its table of key figures."""
        words = self.strings[key]
        if lang:
            return escape(words[lang])
        return Markup(f'{escape(words["zh"])} <span lang="en">{escape(words["en"])}</span>')

    def figure_value(self, figure: Figure, number: str, lang: str) -> Markup:
        """A quoted figure's value with its unit: 600余份 / 600+ copies, machine-readable."""
        approx = escape(self.strings["approx"][lang]) if figure.approx else ""
        space = "" if lang == ZH else " "
        value = escape(number)
        return Markup(
            f'<data value="{value}">{value}{approx}{space}{self.inline(figure.unit, lang)}</data>'
        )

    def figure_text(self, figure: Figure, number: str, lang: str) -> str:
        """figure_value as plain text, what its tags stripped leave (a chart's description for
        screen readers): made as text, not as HTML then stripped, which a series page did for
        every year of every chart. The unit's text is markup.plain's, which keeps it."""
        shown = figure.unit.get(lang)
        unit = markup.plain(figure.unit.zh if shown is None else shown)
        if shown is None:  # as inline shows it: the Chinese, then the pending mark
            unit = f"{unit} {self.mark.striptags()}"
        approx = self.strings["approx"][lang] if figure.approx else ""
        space = "" if lang == ZH else " "
        # Whitespace as striptags leaves it: each run one space, none at the ends.
        return " ".join(f"{number}{approx}{space}{unit}".split())

    def measure(self, figure: Figure, lang: str) -> Markup:
        """A figure's label standing alone (a table row, a chart's heading): in English with
        its first letter capitalised, since labels are written to sit inside a sentence."""
        label = figure.label.get(lang)
        if lang == ZH or label is None:
            return self.inline(figure.label, lang)
        return markup.inline(label[:1].upper() + label[1:])


class MarkdownText:
    """The Markdown counterparts of HtmlText, for the Markdown twins (no autoescape)."""

    def __init__(self, strings: Strings) -> None:
        self.strings = strings

    @cached_property
    def mark(self) -> str:
        pending = self.strings["pending"]
        return f"*({pending['en']} / {pending['zh']})*"

    def pending_mark(self) -> str:
        """The mark "*(Translation pending / 译文待补)*", before the Chinese that stands in."""
        return self.mark

    def text(self, value: Text, lang: str) -> str:
        shown = value.get(lang)
        if shown is None:
            return f"{self.mark} {md_text(value.zh)}"
        return md_text(shown)

    def item(self, item: Item, lang: str) -> str:
        """A lead-phrase item: "**政治自觉不断强化**。坚决把…" / "**Constantly …** We …".
        In CommonMark a closing ** right after 。 and before a Chinese character does not close.
        An item without a lead is a plain paragraph."""
        if item.lead is None:
            return self.text(item.text, lang)
        pending = item.lead.get(lang) is None or item.text.get(lang) is None
        shown = ZH if pending else lang
        lead, text = md_text(text_in(item.lead, shown)), md_text(text_in(item.text, shown))
        joined = f"**{lead}**。{text}" if shown == ZH else f"**{lead}.** {text}"
        return f"{self.mark} {joined}" if pending else joined

    def cell(self, value: Text, lang: str) -> str:
        """A table cell: one line, pipes and other syntax escaped."""
        shown = value.get(lang)
        if shown is None:
            return f"{self.mark} {md_escape(value.zh)}"
        return md_escape(shown)

    def number(self, n: int, lang: str) -> str:
        return heading_number(n, lang)

    def figure_value(self, figure: Figure, number: str, lang: str) -> str:
        """A quoted figure's value with its unit, for a table cell: 600余份 / 600+ copies."""
        approx = self.strings["approx"][lang] if figure.approx else ""
        space = "" if lang == ZH else " "
        return f"{number}{approx}{space}{self.cell(figure.unit, lang)}"

    def measure(self, figure: Figure, lang: str) -> str:
        """A figure's label standing alone, for a table cell: capitalised in English."""
        label = figure.label.get(lang)
        if lang == ZH or label is None:
            return self.cell(figure.label, lang)
        return md_escape(label[:1].upper() + label[1:])
