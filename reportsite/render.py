"""Stage 4, render: a planned Page → bytes, through the Jinja templates in templates/.

Owns the Jinja environment and the filters templates use; formatting lives here, templates
hold only structure. Template mistakes come back as Problems naming the template and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path, PurePosixPath

import jinja2
import yaml
from markupsafe import Markup

from . import markup, urls
from .assemble import Document, Page
from .load import display_name
from .model import Figure, Item, Lang, Text, part_number
from .problems import ContentError, Location, Problem

_CHINESE_NUMERALS = "一二三四五六七八九十"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]#|<>"})


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
    return text.translate(_MARKDOWN_SPECIAL).replace("\n", " ")


def md_text(text: str) -> str:
    """Content text in a Markdown twin: it already is Markdown; only raw HTML is defused."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


class Compiled(jinja2.BytecodeCache):
    """Compiled templates kept from one build for the next: compiling them costs more than an
    incremental build renders. Jinja checks each against its template's source (and the
    Python version) before using it, so a changed template is compiled again."""

    def __init__(self, previous: Mapping[str, bytes]) -> None:
        self.previous = previous
        self.kept: dict[str, bytes] = {}
        """What this build compiled or used: the next build's."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.previous.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            if bucket.code is not None:
                self.kept[bucket.key] = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_SUFFIXES = (".html", ".md", ".xml", ".txt")


class Renderer:
    """Renders pages with one shared Jinja environment (templates compile once)."""

    def __init__(self, templates_dir: Path, compiled: Compiled | None = None) -> None:
        self.templates_dir = templates_dir
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Templates do not change during a build; re-checking their files on every
            # include costs a stat call per include per page.
            auto_reload=False,
            bytecode_cache=compiled,
        )
        self.env.globals.update(
            Lang=Lang,
            urls=urls,
            part_number=part_number,
            html_text=HtmlText(self),
            markdown_text=MarkdownText(self),
        )
        self.env.filters.update(
            url=_url,
            t=self._translate,
            text=_text,
            pending=_pending,
            block=_block,
            inline=_inline,
            figures=_figures,
            run_in=run_in,
            chinese_number=chinese_number,
            roman_number=roman_number,
            md_escape=md_escape,
            md_text=md_text,
            long_date=long_date,
        )

    @cached_property
    def strings(self) -> Mapping[str, Mapping[str, str]]:
        """UI labels per language, from templates/strings.yaml, so translators never touch code."""
        with open(self.templates_dir / "strings.yaml", encoding="utf-8") as f:
            data = yaml.safe_load(f)
        assert isinstance(data, dict)
        return data

    def prepare(self) -> None:
        """Compile every template now, before workers are forked, so they share the compiled
        code instead of each compiling it again. A template that does not compile is left for
        render() to report where a page uses it."""
        for path in sorted(self.templates_dir.iterdir()):
            if path.suffix in _TEMPLATE_SUFFIXES and path.is_file():
                try:
                    self.env.get_template(path.name)
                except (jinja2.TemplateError, ValueError, OSError):
                    # Not UTF-8, unreadable: equally render()'s to report, if a page uses it.
                    continue

    def render(self, item: Page | Document) -> bytes:
        if isinstance(item, Document):
            return item.body
        try:
            template = self.env.get_template(item.template)
            html = template.render(item.context, page_path=item.path, lang=item.lang)
        except jinja2.TemplateSyntaxError as error:
            raise self._template_problem(
                error.filename or item.template, error.lineno, error.message
            ) from error
        except jinja2.TemplateError as error:
            raise self._template_problem(item.template, 0, f"{error} ({item.path})") from error
        return html.encode("utf-8")

    def _template_problem(self, template: str, line: int, detail: object) -> ContentError:
        name = display_name(self.templates_dir / template) if "/" not in template else template
        return ContentError(
            [
                Problem(
                    location=Location(name, line, 1 if line else 0),
                    code="template",
                    args={"detail": str(detail)},
                )
            ]
        )

    @jinja2.pass_context
    def _translate(self, context: jinja2.runtime.Context, key: str, lang: str | None = None) -> str:
        return self.strings[key][lang or context["lang"]]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: PurePosixPath, fragment: str = "") -> str:
    return urls.relative(context["page_path"], target, fragment)


def _text(value: Text, lang: str) -> str:
    """The text in lang; the Chinese where the translation is pending (marked by `pending`)."""
    return value.get(Lang(lang)) or value.zh


def _pending(value: Text, lang: str) -> bool:
    return value.get(Lang(lang)) is None


def _block(value: str) -> Markup:
    return markup.block(value)


def _inline(value: str) -> Markup:
    return markup.inline(value)


def run_in(html: Markup, lead: Markup) -> Markup:
    """Put a run-in lead (bold lead phrase, pending marker) at the start of block HTML's first
    paragraph: <p><strong>政治自觉不断强化。</strong>坚决把…</p>. A block that does not open
    with a paragraph (a list) gets the lead as a paragraph of its own before it."""
    if html.startswith("<p>"):
        return Markup("<p>") + lead + Markup(html[3:])
    return Markup("<p>") + lead + Markup("</p>") + html


def _figures(html: Markup, figures: tuple[Figure, ...], lang: str) -> Markup:
    return markup.mark_figures(html, figures, quote=lang == Lang.ZH)


class HtmlText:
    """The leaf formatting of content texts as HTML, which every report page calls hundreds of
    times: a title in a language, a paragraph with its figures, a lead-phrase item, a heading
    number. Python rather than Jinja macros, whose call costs more than the work done;
    templates reach them through _macros.html under the same names."""

    def __init__(self, renderer: Renderer) -> None:
        self.strings = renderer.strings

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
        shown = value.get(Lang(lang))
        if shown is None:
            return (
                Markup('<span lang="zh-CN">')
                + markup.inline(value.zh)
                + Markup("</span> ")
                + self.mark
            )
        return markup.inline(shown)

    def block(self, value: Text, lang: str, figures: tuple[Figure, ...] = ()) -> Markup:
        """A paragraph (or list) of content text, quoted figures marked up."""
        shown = value.get(Lang(lang))
        if shown is None:
            html = markup.mark_figures(markup.block(value.zh), figures, quote=True)
            return (
                Markup('<div class="pending" lang="zh-CN">')
                + run_in(html, self.mark)
                + Markup("</div>")
            )
        return markup.mark_figures(markup.block(shown), figures, quote=lang == Lang.ZH)

    def item_paragraph(self, item: Item, lang: str) -> Markup:
        """A lead-phrase item: one paragraph, "<strong>政治自觉不断强化。</strong>坚决把…". If
        either half lacks its translation, the whole item stands in Chinese. An item without
        a lead is a plain paragraph."""
        if item.lead is None:
            return self.block(item.text, lang, item.figures)
        pending = item.lead.get(Lang(lang)) is None or item.text.get(Lang(lang)) is None
        shown = Lang.ZH if pending else Lang(lang)
        chinese = shown is Lang.ZH
        lead = (
            Markup('<strong class="lead">')
            + markup.inline(_text(item.lead, shown))
            + Markup("。</strong>" if chinese else ".</strong> ")
        )
        html = markup.mark_figures(
            markup.block(_text(item.text, shown)), item.figures, quote=chinese
        )
        html = run_in(html, lead)
        if pending:
            return (
                Markup('<div class="pending" lang="zh-CN">')
                + run_in(html, self.mark)
                + Markup("</div>")
            )
        return html

    def number(self, n: int, lang: str) -> Markup:
        """Heading numbers: 一、 in Chinese, I. in English."""
        return Markup(f"{chinese_number(n)}、" if lang == Lang.ZH else f"{roman_number(n)}. ")


class MarkdownText:
    """The Markdown counterparts of HtmlText, for the Markdown twins (no autoescape)."""

    def __init__(self, renderer: Renderer) -> None:
        self.strings = renderer.strings

    @cached_property
    def mark(self) -> str:
        pending = self.strings["pending"]
        return f"*({pending['en']} / {pending['zh']})*"

    def pending_mark(self) -> str:
        """The mark "*(Translation pending / 译文待补)*", before the Chinese that stands in."""
        return self.mark

    def text(self, value: Text, lang: str) -> str:
        shown = value.get(Lang(lang))
        if shown is None:
            return f"{self.mark} {md_text(value.zh)}"
        return md_text(shown)

    def item(self, item: Item, lang: str) -> str:
        """A lead-phrase item: "**政治自觉不断强化**。坚决把…" / "**Constantly …** We …".
        In CommonMark a closing ** right after 。 and before a Chinese character does not close.
        An item without a lead is a plain paragraph."""
        if item.lead is None:
            return self.text(item.text, lang)
        pending = item.lead.get(Lang(lang)) is None or item.text.get(Lang(lang)) is None
        shown = Lang.ZH if pending else Lang(lang)
        lead, text = md_text(_text(item.lead, shown)), md_text(_text(item.text, shown))
        joined = f"**{lead}**。{text}" if shown is Lang.ZH else f"**{lead}.** {text}"
        return f"{self.mark} {joined}" if pending else joined

    def cell(self, value: Text, lang: str) -> str:
        """A table cell: one line, pipes and other syntax escaped."""
        shown = value.get(Lang(lang))
        if shown is None:
            return f"{self.mark} {md_escape(value.zh)}"
        return md_escape(shown)

    def number(self, n: int, lang: str) -> str:
        return f"{chinese_number(n)}、" if lang == Lang.ZH else f"{roman_number(n)}. "
