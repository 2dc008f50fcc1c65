"""Stage 4, render (the report's text): a report's body — title block, review, tasks, further
parts, closing — as HTML in one language, as the parallel view's rows, and as Markdown.

The body is most of a report page and every report has four pages that show it (Chinese,
English, the parallel view, and their Markdown twins). Made through Jinja macros it was the
largest part of a build, most of it the cost of the calls themselves; made here, each
text is formatted once per language (ReportBody keeps it for the next page of the same report)
and the structure is a few loops. The page around the body (head, header, disclosure block,
links) stays in the templates, which call these in place of the body, and of the table of the
report's key figures after it (a Jinja loop that cost as much as the rest of the page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import PurePosixPath
from typing import TypeVar

from markupsafe import Markup, escape

from . import urls
from .assemble import Around, TaskRef, TaskStatus, item_anchor, quotes
from .formatting import HtmlText, MarkdownText, Strings, chinese_number, long_date
from .model import (
    EN,
    ZH,
    Item,
    Lang,
    Numbering,
    Part,
    PartPlace,
    Presenter,
    Report,
    Review,
    Section,
    Subsection,
    Tasks,
    Text,
    part_number,
)

T = TypeVar("T")

_SHOWN = ("reported", "not-reported")
"""What became of a task that a report page tells under it (nothing while it is awaited)."""


class ReportBody:
    """The body of one report, for its pages: each text formatted once per language."""

    def __init__(
        self, report: Report, around: Around, html: HtmlText, markdown: MarkdownText
    ) -> None:
        self.report, self.around, self.html_text, self.md_text = report, around, html, markdown
        self.strings: Strings = html.strings
        self.statuses = around.task_statuses(report)
        self.quotes = quotes(report)
        self._kept: dict[tuple[str, int, str], Markup] = {}
        self._cells: dict[str, list[tuple[Markup, Markup]]] = {}

    @property
    def markdown(self) -> MarkdownBody:
        """Made when asked, not held: it holds this body, and the two would hold the report
        in a cycle, which only Python's cycle collector frees (pipeline.collecting_seldom)."""
        return MarkdownBody(self)

    # -- HTML texts, each made once per language ----------------------------------------------

    def _once(self, make: Callable[[T, str], Markup], value: T, lang: str) -> Markup:
        key = (make.__name__, id(value), lang)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make(value, lang)
        return found

    def inline(self, value: Text, lang: str) -> Markup:
        return self._once(self.html_text.inline, value, lang)

    def block(self, value: Text, lang: str) -> Markup:
        return self._once(self.html_text.block, value, lang)

    def item(self, item: Item, lang: str) -> Markup:
        return self._once(self.html_text.item_paragraph, item, lang)

    def _t(self, key: str, lang: str) -> str:
        return self.strings[key][lang]

    # -- numbers ------------------------------------------------------------------------------

    def part_number(self, part: Review | Tasks | Part, lang: str) -> str:
        """一、 / I. before a part's heading, where the report numbers its parts."""
        if self.report.numbering is not Numbering.PARTS:
            return ""
        return self.html_text.number(part_number(self.report, part), lang)

    def section_number(self, n: int, lang: str, dot: str = ". ") -> str:
        """一、 / I., or under numbered parts （一） / 1. (dot: what follows an Arabic numeral,
        which Markdown must escape)."""
        if self.report.numbering is not Numbering.PARTS:
            return self.html_text.number(n, lang)
        return f"（{chinese_number(n)}）" if lang == ZH else f"{n}{dot}"

    def subsection_number(self, n: int, lang: str, dot: str = ". ") -> str:
        """（一） / 1. inside 一、 sections; 1． / (1) under numbered parts."""
        if self.report.numbering is Numbering.PARTS:
            return f"{n}．" if lang == ZH else f"({n}) "
        return f"（{chinese_number(n)}）" if lang == ZH else f"{n}{dot}"

    # -- the title block and the lines that link years -----------------------------------------

    def subtitle(self, value: Text, lang: str) -> Markup:
        dash = "——" if lang == ZH or value.get(lang) is None else "—"
        return Markup(f"{dash}{self.inline(value, lang)}")

    def presenter(self, value: Presenter, lang: str) -> Markup:
        name, role = self.inline(value.name, lang), self.inline(value.role, lang)
        if lang == ZH:
            return Markup(f"（{name} {role}）")
        return Markup(f"({name}, {role})")

    def delivered(self, lang: str) -> Markup:
        day = self.report.delivered
        assert day is not None
        return Markup(f'<time datetime="{day.isoformat()}">{escape(long_date(day, lang))}</time>')

    def follows(
        self, section: Section, lang: str, link_lang: Lang | None, page: PurePosixPath
    ) -> Markup:
        """The line under a review section linking to the task of last year it reports on,
        on lines of its own; empty when there is none."""
        ref = self.around.follows(self.report, section)
        if ref is None:
            return Markup()
        link = escape(task_link(ref, link_lang, page))
        said = escape(self._t("follows_task_of", lang) % ref.report.year + self._t("colon", lang))
        number, title = self.html_text.number(ref.number, lang), self.inline(ref.task.title, lang)
        return Markup(f'\n<p class="cross-year"><a href="{link}">{said}{number}{title}</a></p>\n')

    def progress(
        self, status: TaskStatus, lang: str, link_lang: Lang | None, page: PurePosixPath
    ) -> Markup:
        """What became of a task, on lines of its own; empty while its report is awaited."""
        if status.progress not in _SHOWN:
            return Markup()
        said = told(self.html_text, status, lang, link_lang, page)
        return Markup(f'\n<p class="cross-year progress-{escape(status.progress)}">{said}</p>\n')

    # -- key figures --------------------------------------------------------------------------

    def key_figures(self, lang: str | None, page: PurePosixPath) -> Markup:
        """The table after the text of every figure the report quotes, with its value and unit,
        each linking to the paragraph that quotes it (lang None: both languages, for the
        parallel view); nothing when it quotes none."""
        if not self.quotes:
            return Markup()
        here = escape(urls.relative(page, page))
        rows = []
        if lang is not None:
            for anchor, (measure, value) in zip(
                self._anchors, self._figure_cells(lang), strict=True
            ):
                rows.append(
                    f'<tr><th scope="row"><a href="{here}#{anchor}">{measure}</a></th>'
                    f"<td>{value}</td></tr>\n"
                )
        else:
            # The link is on the measure in the page's first language only. Each cell's
            # Chinese and English written out in one f-string: joined through a helper (a
            # Markup for each link and cell) the tables of a report's pages took 0.3 ms, not 0.18.
            for anchor, (zh_measure, zh_value), (en_measure, en_value) in zip(
                self._anchors, self._figure_cells(ZH), self._figure_cells(EN), strict=True
            ):
                rows.append(
                    f'<tr><th scope="row"><a href="{here}#{anchor}">{zh_measure}</a>'
                    f'<br><span lang="en">{en_measure}</span></th>'
                    f'<td>{zh_value}<br><span lang="en">{en_value}</span></td></tr>\n'
                )
        label, measure_label, value_label = (
            self.html_text.label(key, lang)
            for key in ("key_figures", "figure_measure", "figure_value")
        )
        return Markup(
            '<section class="key-figures" aria-labelledby="key_figures">\n'
            f'<h2 id="key_figures">{label}</h2>\n'
            '<table class="figures-table">\n<thead>\n'
            f'<tr><th scope="col">{measure_label}</th><th scope="col">{value_label}</th></tr>\n'
            "</thead>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n</section>\n"
        )

    @cached_property
    def _anchors(self) -> list[Markup]:
        """The anchor of the item quoting each figure, the same on every HTML version."""
        return [escape(quote.anchor) for quote in self.quotes]

    def _figure_cells(self, lang: str) -> list[tuple[Markup, Markup]]:
        """Each quoted figure's measure and value in lang, made once for the report's page in
        lang and its parallel view."""
        cells = self._cells.get(lang)
        if cells is None:
            measure, value = self.html_text.measure, self.html_text.figure_value
            cells = self._cells[lang] = [
                (measure(quote.figure, lang), value(quote.figure, quote.number, lang))
                for quote in self.quotes
            ]
        return cells

    # -- one language -------------------------------------------------------------------------

    def html(self, lang: Lang, page: PurePosixPath) -> Markup:
        """The body of the report page in lang (page: that page's path, for its links)."""
        report = self.report
        out: list[str] = ['<header class="report-head">\n<hgroup>\n']
        if report.meeting:
            out.append(f'<p class="meeting">{self.inline(report.meeting, lang)}</p>\n')
        out.append(f"<h1>{self.inline(report.headline or report.title, lang)}</h1>\n")
        if report.subtitle:
            out.append(f'<p class="subtitle">{self.subtitle(report.subtitle, lang)}</p>\n')
        out.append("</hgroup>\n")
        if report.presenter:
            out.append(f'<p class="presenter">{self.presenter(report.presenter, lang)}</p>\n')
        if report.delivered:
            out.append(f'<p class="delivered">{self.delivered(lang)}</p>\n')
        out.append("</header>\n")
        if report.salutation:
            out.append(f'<p class="salutation">{self.inline(report.salutation, lang)}</p>\n')
        out += self._blocks(report.opening, lang)
        review = report.review
        out.append(
            f'\n<section class="part">\n<h2>{self.part_number(review, lang)}'
            f"{self.inline(review.heading, lang)}</h2>\n"
        )
        out += self._blocks(review.intro, lang)
        out += self._items(review.items, lang)
        for number, section in enumerate(review.sections, 1):
            follows = self.follows(section, lang, lang, page)
            out += [self._section(section, number, lang, follows), "\n"]
        out += self._blocks(review.closing, lang)
        out.append("</section>\n")
        out += self._parts(PartPlace.AFTER_REVIEW, lang)
        if report.tasks:
            tasks = report.tasks
            out.append(
                f'\n<section class="part">\n<h2>{self.part_number(tasks, lang)}'
                f"{self.inline(tasks.heading, lang)}</h2>\n"
            )
            out += self._blocks(tasks.intro, lang)
            out += self._items(tasks.lead_items, lang)
            for status in self.statuses:
                task = status.ref.task
                out.append(
                    f'<section class="numbered" id="task-{escape(task.id)}">\n'
                    f"<h3>{self.section_number(status.ref.number, lang)}"
                    f"{self.inline(task.title, lang)}</h3>\n"
                )
                if task.text:
                    out.append(self.block(task.text, lang))
                for n, item in enumerate(task.items):
                    out += ["\n" if task.text or n else "", self.item(item, lang)]
                out += [self.progress(status, lang, lang, page), "\n</section>\n"]
            out.append("</section>\n")
        out += self._parts(PartPlace.AFTER_TASKS, lang)
        out += self._blocks(report.closing, lang)
        return Markup("".join(out))

    def _blocks(self, values: Iterable[Text], lang: str) -> Iterator[str]:
        for value in values:
            yield self.block(value, lang)
            yield "\n"

    def _items(
        self, items: Iterable[Item], lang: str, within: Section | Subsection | None = None
    ) -> Iterator[str]:
        for number, item in enumerate(items, 1):
            anchor = f' id="{escape(item_anchor(within, number))}"' if within else ""
            yield f'<div class="item"{anchor}>\n{self.item(item, lang)}\n</div>\n'

    def _section(self, section: Section, number: int, lang: str, after_title: str = "") -> str:
        out = [
            f'<section class="numbered" id="{escape(section.id)}">\n'
            f"<h3>{self.section_number(number, lang)}{self.inline(section.title, lang)}</h3>"
            f"{after_title}\n"
        ]
        out += self._blocks(section.intro, lang)
        out += self._items(section.items, lang, section)
        for n, sub in enumerate(section.subsections, 1):
            out.append(
                f'<section class="numbered" id="{escape(sub.id)}">\n'
                f"<h4>{self.subsection_number(n, lang)}{self.inline(sub.title, lang)}</h4>\n"
            )
            out += self._blocks(sub.intro, lang)
            out += self._items(sub.items, lang, sub)
            out.append("</section>\n")
        out.append("</section>")
        return "".join(out)

    def _parts(self, place: PartPlace, lang: str) -> Iterator[str]:
        for part in self.report.parts:
            if part.place is not place:
                continue
            yield (
                f'\n<section class="part" id="part-{escape(part.id)}">\n'
                f"<h2>{self.part_number(part, lang)}{self.inline(part.heading, lang)}</h2>\n"
            )
            yield from self._blocks(part.intro, lang)
            yield from self._items(part.items, lang)
            for number, section in enumerate(part.sections, 1):
                yield self._section(section, number, lang)
                yield "\n"
            yield from self._blocks(part.closing, lang)
            yield "</section>\n"

    # -- the parallel view --------------------------------------------------------------------

    def _en_inline(self, value: Text) -> Markup:
        """English inline text, or the pending mark alone (the Chinese stands beside it)."""
        return self.html_text.mark if value.en is None else self.inline(value, EN)

    def _en_block(self, value: Text) -> Markup:
        return (
            Markup(f"<p>{self.html_text.mark}</p>") if value.en is None else self.block(value, EN)
        )

    def _en_item(self, item: Item) -> Markup:
        pending = item.text.en is None or (item.lead is not None and item.lead.en is None)
        return Markup(f"<p>{self.html_text.mark}</p>") if pending else self.item(item, EN)

    @staticmethod
    def _row(zh: str, en: str, tag: str = "div", kind: str = "row", anchor: str = "") -> str:
        """One row of the parallel view: the Chinese cell, then the English one."""
        ident = f' id="{escape(anchor)}"' if anchor else ""
        return (
            f'<div class="{kind}"{ident}>\n<{tag} class="cell" lang="zh-CN">{zh}</{tag}>\n'
            f'<{tag} class="cell" lang="en">{en}</{tag}>\n</div>'
        )

    def _part_row(self, part: Review | Tasks | Part) -> str:
        zh, en = self.part_number(part, ZH), self.part_number(part, EN)
        return self._heading_row("h2", zh, en, part.heading)

    def _heading_row(self, tag: str, zh_number: str, en_number: str, value: Text) -> str:
        return self._row(
            f"{zh_number}{self.inline(value, ZH)}", f"{en_number}{self._en_inline(value)}", tag
        )

    def _paragraph_rows(self, values: Iterable[Text]) -> str:
        return "".join(
            self._row(self.block(value, ZH), self._en_block(value)) + "\n" for value in values
        )

    def _item_rows(self, items: Iterable[Item], within: Section | Subsection | None = None) -> str:
        return "".join(
            self._row(
                self.item(item, ZH),
                self._en_item(item),
                anchor=item_anchor(within, number) if within else "",
            )
            + "\n"
            for number, item in enumerate(items, 1)
        )

    def _subsection_rows(self, section: Section) -> Iterator[str]:
        for n, sub in enumerate(section.subsections, 1):
            yield f'<section class="numbered" id="{escape(sub.id)}">\n'
            yield self._heading_row(
                "h4",
                self.subsection_number(n, ZH),
                self.subsection_number(n, EN),
                sub.title,
            )
            yield f"\n{self._paragraph_rows(sub.intro)}\n"
            yield f"{self._item_rows(sub.items, sub)}</section>\n"

    def parallel(self, page: PurePosixPath) -> Markup:
        """The body of the parallel view, row by row."""
        report, zh, en = self.report, ZH, EN
        out: list[str] = ['<header class="report-head">\n<hgroup>\n']
        if report.meeting:
            out.append(
                f'<p class="meeting row"><span class="cell" lang="zh-CN">'
                f"{self.inline(report.meeting, zh)}</span> "
                f'<span class="cell" lang="en">{self._en_inline(report.meeting)}</span></p>\n'
            )
        title = report.headline or report.title
        out.append(
            f'<h1 class="row"><span class="cell" lang="zh-CN">{self.inline(title, zh)}</span> '
            f'<span class="cell" lang="en">{self._en_inline(title)}</span></h1>\n'
        )
        if report.subtitle:
            subtitle = report.subtitle
            english = self.html_text.mark if subtitle.en is None else self.subtitle(subtitle, en)
            out.append(
                f'<p class="subtitle row"><span class="cell" lang="zh-CN">'
                f"{self.subtitle(subtitle, zh)}</span> "
                f'<span class="cell" lang="en">{english}</span></p>\n'
            )
        out.append("</hgroup>\n")
        if report.presenter:
            presenter = report.presenter
            out.append(
                self._row(
                    self.presenter(presenter, zh),
                    self.presenter(presenter, en),
                    "p",
                    "row presenter",
                )
                + "\n"
            )
        if report.delivered:
            out.append(
                self._row(self.delivered(zh), self.delivered(en), "p", "row delivered") + "\n"
            )
        out.append("</header>\n")
        if report.salutation:
            salutation = report.salutation
            out.append(
                self._row(
                    self.inline(salutation, zh), self._en_inline(salutation), "p", "row salutation"
                )
                + "\n"
            )
        review = report.review
        out += [
            self._paragraph_rows(report.opening),
            '\n\n<section class="part">\n',
            self._part_row(review),
            "\n",
            self._paragraph_rows(review.intro),
            "\n",
            self._item_rows(review.items),
        ]
        for number, section in enumerate(review.sections, 1):
            out += [
                f'<section class="numbered" id="{escape(section.id)}">\n',
                self._heading_row(
                    "h3",
                    self.section_number(number, zh),
                    self.section_number(number, en),
                    section.title,
                ),
                "\n",
            ]
            if self.around.follows(report, section):
                out.append(
                    self._row(
                        self.follows(section, zh, None, page), self.follows(section, en, None, page)
                    )
                    + "\n"
                )
            out += [
                self._paragraph_rows(section.intro),
                "\n",
                self._item_rows(section.items, section),
                *self._subsection_rows(section),
                "</section>\n",
            ]
        out += [self._paragraph_rows(review.closing), "\n</section>\n"]
        out += self._parallel_parts(PartPlace.AFTER_REVIEW)
        if report.tasks:
            tasks = report.tasks
            out += [
                '\n<section class="part">\n',
                self._part_row(tasks),
                "\n",
                self._paragraph_rows(tasks.intro),
                "\n",
                self._item_rows(tasks.lead_items),
            ]
            for status in self.statuses:
                task, number = status.ref.task, status.ref.number
                out += [
                    f'<section class="numbered" id="task-{escape(task.id)}">\n',
                    self._heading_row(
                        "h3",
                        self.section_number(number, zh),
                        self.section_number(number, en),
                        task.title,
                    ),
                    "\n",
                ]
                if task.text:
                    out.append(
                        self._row(self.block(task.text, zh), self._en_block(task.text)) + "\n"
                    )
                out.append(self._item_rows(task.items))
                if status.progress in _SHOWN:
                    out.append(
                        self._row(
                            self.progress(status, zh, None, page),
                            self.progress(status, en, None, page),
                        )
                        + "\n"
                    )
                out.append("</section>\n")
            out.append("</section>\n")
        out += self._parallel_parts(PartPlace.AFTER_TASKS)
        out.append(self._paragraph_rows(report.closing))
        return Markup("".join(out))

    def _parallel_parts(self, place: PartPlace) -> Iterator[str]:
        zh, en = ZH, EN
        for part in self.report.parts:
            if part.place is not place:
                continue
            yield f'\n<section class="part" id="part-{escape(part.id)}">\n'
            yield self._part_row(part)
            yield f"\n{self._paragraph_rows(part.intro)}\n{self._item_rows(part.items)}"
            for number, section in enumerate(part.sections, 1):
                yield f'<section class="numbered" id="{escape(section.id)}">\n'
                yield self._heading_row(
                    "h3",
                    self.section_number(number, zh),
                    self.section_number(number, en),
                    section.title,
                )
                yield f"\n{self._paragraph_rows(section.intro)}\n"
                yield self._item_rows(section.items, section)
                yield from self._subsection_rows(section)
                yield "</section>\n"
            yield f"{self._paragraph_rows(part.closing)}\n</section>\n\n"


def task_link(ref: TaskRef, link_lang: Lang | None, page: PurePosixPath) -> str:
    """The link from a page to a task in its report (link_lang None: the parallel view)."""
    target = urls.report(link_lang, ref.report.series, ref.report.year)
    return urls.relative(page, target, f"task-{ref.task.id}")


def told(
    html: HtmlText, status: TaskStatus, lang: str, link_lang: Lang | None, page: PurePosixPath
) -> Markup:
    """What became of a task, as inline text: where the next year's report reported on it
    (linked; link_lang None links the parallel view), that it did not, or that its report
    is still to come."""
    strings = html.strings
    if status.section is not None and status.progress == "reported":
        found = status.section
        target = urls.report(link_lang, found.report.series, status.due)
        said = escape(strings["status_reported"][lang] % status.due + strings["colon"][lang])
        link = escape(urls.relative(page, target, found.section.id))
        number, title = html.number(found.number, lang), html.inline(found.section.title, lang)
        return Markup(f'{said}<a href="{link}">{number}{title}</a>')
    key = "status_" + status.progress.replace("-", "_")
    return escape(strings[key][lang] % status.due)


class MarkdownBody:
    """The Markdown counterpart of ReportBody, for the Markdown twins: blocks (paragraphs,
    headings, lines) each set off by a blank line."""

    def __init__(self, body: ReportBody) -> None:
        self.body, self.report, self.md = body, body.report, body.md_text
        self.strings = body.strings

    def _number(self, n: int, lang: str, sub: bool = False) -> str:
        """A section or task number (sub: a sub-heading's), its Arabic numeral's dot escaped."""
        if sub:
            return self.body.subsection_number(n, lang, dot="\\. ")
        return self.body.section_number(n, lang, dot="\\. ")

    def follows(self, ref: TaskRef, lang: str, link_lang: Lang | None, page: PurePosixPath) -> str:
        """The back link of a review section to the task it follows, on one line: to the HTML
        report, whose anchors are stable."""
        t = self.strings
        return (
            f"*{t['follows_task_of'][lang] % ref.report.year}{t['colon'][lang]}"
            f"[{self.md.number(ref.number, lang)}{self.md.cell(ref.task.title, lang)}]"
            f"({task_link(ref, link_lang, page)})*"
        )

    def _en(self, value: Text) -> str:
        return self.md.mark if value.en is None else self.md.text(value, EN)

    def _en_item(self, item: Item) -> str:
        pending = item.text.en is None or (item.lead is not None and item.lead.en is None)
        return self.md.mark if pending else self.md.item(item, EN)

    def key_figures(self, lang: str | None) -> str:
        """The table of the figures the report quotes, after its text, as a pipe table (the
        twin of ReportBody.key_figures; lang None: both languages, for the parallel twin);
        nothing when it quotes none."""
        quotes, md, t = self.body.quotes, self.md, self.strings
        if not quotes:
            return ""
        if lang is not None:
            head = (
                f"## {t['key_figures'][lang]}\n\n"
                f"| {t['figure_measure'][lang]} | {t['figure_value'][lang]} |\n| --- | --- |\n"
            )
            rows = [
                f"| {md.measure(quote.figure, lang)} "
                f"| {md.figure_value(quote.figure, quote.number, lang)} |\n"
                for quote in quotes
            ]
        else:
            zh, en = ZH, EN
            head = (
                f"## {t['key_figures'][zh]} / {t['key_figures'][en]}\n\n"
                f"| {t['figure_measure'][zh]} {t['figure_measure'][en]} "
                f"| {t['figure_value'][zh]} | {t['figure_value'][en]} |\n| --- | --- | --- |\n"
            )
            rows = [
                f"| {md.measure(quote.figure, zh)} / {md.measure(quote.figure, en)} "
                f"| {md.figure_value(quote.figure, quote.number, zh)} "
                f"| {md.figure_value(quote.figure, quote.number, en)} |\n"
                for quote in quotes
            ]
        return "\n" + head + "".join(rows)

    # -- one language -------------------------------------------------------------------------

    def text(self, lang: Lang, page: PurePosixPath) -> str:
        """The twin's text from the salutation to the closing, in lang."""
        return "".join(f"\n{block}\n" for block in self._blocks(lang, page))

    def _blocks(self, lang: Lang, page: PurePosixPath) -> Iterator[str]:
        report, md = self.report, self.md
        if report.salutation:
            yield md.text(report.salutation, lang)
        yield from (md.text(value, lang) for value in report.opening)
        review = report.review
        yield f"## {self.body.part_number(review, lang)}{md.text(review.heading, lang)}"
        yield from (md.text(value, lang) for value in review.intro)
        yield from (md.item(item, lang) for item in review.items)
        for number, section in enumerate(review.sections, 1):
            yield f"### {self._number(number, lang)}{md.text(section.title, lang)}"
            ref = self.body.around.follows(report, section)
            if ref:
                yield self.follows(ref, lang, lang, page)
            yield from self._section_blocks(section, lang)
        yield from (md.text(value, lang) for value in review.closing)
        yield from self._part_blocks(PartPlace.AFTER_REVIEW, lang)
        if report.tasks:
            tasks = report.tasks
            yield f"## {self.body.part_number(tasks, lang)}{md.text(tasks.heading, lang)}"
            yield from (md.text(value, lang) for value in tasks.intro)
            yield from (md.item(item, lang) for item in tasks.lead_items)
            for status in self.body.statuses:
                task = status.ref.task
                yield f"### {self._number(status.ref.number, lang)}{md.text(task.title, lang)}"
                paragraphs = [md.text(task.text, lang)] if task.text else []
                yield "\n\n".join(paragraphs + [md.item(item, lang) for item in task.items])
                if status.progress in _SHOWN:
                    yield f"*{told_markdown(md, status, lang, lang, page)}*"
        yield from self._part_blocks(PartPlace.AFTER_TASKS, lang)
        yield from (md.text(value, lang) for value in report.closing)

    def _section_blocks(self, section: Section, lang: str) -> Iterator[str]:
        """A section's paragraphs and items, then its sub-headings with theirs."""
        md = self.md
        yield from (md.text(value, lang) for value in section.intro)
        yield from (md.item(item, lang) for item in section.items)
        for n, sub in enumerate(section.subsections, 1):
            yield f"#### {self._number(n, lang, sub=True)}{md.text(sub.title, lang)}"
            yield from (md.text(value, lang) for value in sub.intro)
            yield from (md.item(item, lang) for item in sub.items)

    def _part_blocks(self, place: PartPlace, lang: str) -> Iterator[str]:
        md = self.md
        for part in self.report.parts:
            if part.place is not place:
                continue
            yield f"## {self.body.part_number(part, lang)}{md.text(part.heading, lang)}"
            yield from (md.text(value, lang) for value in part.intro)
            yield from (md.item(item, lang) for item in part.items)
            for number, section in enumerate(part.sections, 1):
                yield f"### {self._number(number, lang)}{md.text(section.title, lang)}"
                yield from self._section_blocks(section, lang)
            yield from (md.text(value, lang) for value in part.closing)

    # -- the parallel view: each Chinese block followed by its English one ------------------------

    def parallel(self, page: PurePosixPath) -> str:
        """The parallel twin's text from the salutation to the closing."""
        blocks = (block for pair in self._pairs(page) for block in pair)
        return "".join(f"\n{block}\n" for block in blocks)

    def _pairs(self, page: PurePosixPath) -> Iterator[tuple[str, str]]:
        report, md, zh, en = self.report, self.md, ZH, EN
        if report.salutation:
            yield md.text(report.salutation, zh), self._en(report.salutation)
        yield from self._text_pairs(report.opening)
        review = report.review
        yield self._part_pair(review)
        yield from self._text_pairs(review.intro)
        yield from self._item_pairs(review.items)
        for number, section in enumerate(review.sections, 1):
            yield self._heading_pair(
                "### ", self._number(number, zh), self._number(number, en), section.title
            )
            ref = self.body.around.follows(report, section)
            if ref:
                yield self.follows(ref, zh, None, page), self.follows(ref, en, None, page)
            yield from self._section_pairs(section)
        yield from self._text_pairs(review.closing)
        yield from self._part_pairs(PartPlace.AFTER_REVIEW)
        if report.tasks:
            tasks = report.tasks
            yield self._part_pair(tasks)
            yield from self._text_pairs(tasks.intro)
            yield from self._item_pairs(tasks.lead_items)
            for status in self.body.statuses:
                task, number = status.ref.task, status.ref.number
                yield self._heading_pair(
                    "### ", self._number(number, zh), self._number(number, en), task.title
                )
                if task.text:
                    yield md.text(task.text, zh), self._en(task.text)
                yield from self._item_pairs(task.items)
                if status.progress in _SHOWN:
                    yield (
                        f"*{told_markdown(md, status, zh, None, page)}*",
                        f"*{told_markdown(md, status, en, None, page)}*",
                    )
        yield from self._part_pairs(PartPlace.AFTER_TASKS)
        yield from self._text_pairs(report.closing)

    def _part_pair(self, part: Review | Tasks | Part) -> tuple[str, str]:
        zh, en = self.body.part_number(part, ZH), self.body.part_number(part, EN)
        return self._heading_pair("## ", zh, en, part.heading)

    def _heading_pair(
        self, level: str, zh_number: str, en_number: str, value: Text
    ) -> tuple[str, str]:
        return (
            f"{level}{zh_number}{self.md.text(value, ZH)}",
            f"{level}{en_number}{self._en(value)}",
        )

    def _text_pairs(self, values: Iterable[Text]) -> Iterator[tuple[str, str]]:
        return ((self.md.text(value, ZH), self._en(value)) for value in values)

    def _item_pairs(self, items: Iterable[Item]) -> Iterator[tuple[str, str]]:
        return ((self.md.item(item, ZH), self._en_item(item)) for item in items)

    def _section_pairs(self, section: Section) -> Iterator[tuple[str, str]]:
        yield from self._text_pairs(section.intro)
        yield from self._item_pairs(section.items)
        for n, sub in enumerate(section.subsections, 1):
            yield self._heading_pair(
                "#### ",
                self._number(n, ZH, sub=True),
                self._number(n, EN, sub=True),
                sub.title,
            )
            yield from self._text_pairs(sub.intro)
            yield from self._item_pairs(sub.items)

    def _part_pairs(self, place: PartPlace) -> Iterator[tuple[str, str]]:
        zh, en = ZH, EN
        for part in self.report.parts:
            if part.place is not place:
                continue
            yield self._part_pair(part)
            yield from self._text_pairs(part.intro)
            yield from self._item_pairs(part.items)
            for number, section in enumerate(part.sections, 1):
                yield self._heading_pair(
                    "### ", self._number(number, zh), self._number(number, en), section.title
                )
                yield from self._section_pairs(section)
            yield from self._text_pairs(part.closing)


def told_markdown(
    md: MarkdownText, status: TaskStatus, lang: str, link_lang: Lang | None, page: PurePosixPath
) -> str:
    """What became of a task, inline, in Markdown (see told)."""
    strings = md.strings
    if status.section is not None and status.progress == "reported":
        found = status.section
        target = urls.report(link_lang, found.report.series, status.due)
        return (
            f"{strings['status_reported'][lang] % status.due}{strings['colon'][lang]}"
            f"[{md.number(found.number, lang)}{md.cell(found.section.title, lang)}]"
            f"({urls.relative(page, target, found.section.id)})"
        )
    return strings["status_" + status.progress.replace("-", "_")][lang] % status.due
