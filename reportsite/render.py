"""Stage 4, render: a planned Page → bytes, through the Jinja templates in templates/.

Owns the Jinja environment and the filters templates use; formatting lives here, templates
hold only structure. Template mistakes come back as Problems naming the template and line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from functools import cached_property, partial
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import jinja2
import yaml
from markupsafe import Markup

from . import markup, urls
from .assemble import Around, Document, Page, SeriesIndex, TaskStatus
from .body import ReportBody, told, told_markdown
from .charts import figure_track, figure_track_markdown
from .formatting import (
    HtmlText,
    MarkdownText,
    long_date,
    md_escape,
    text_in,
)
from .load import Loader, display_name
from .model import Lang, Report, Site, Text
from .plan import plan_table, plan_table_markdown
from .problems import ContentError, Location, Problem

T = TypeVar("T")


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


class _Environment(jinja2.Environment):
    """Jinja's environment with each template's globals a dict of its own, not a ChainMap over
    the environment's: Jinja turns them into a set or a dict for every context it makes (a
    page, each include) and compares them at every import, which over a ChainMap's Python
    methods cost 3 % of a cold build. The Renderer sets every global before the first template
    loads, as Jinja asks (make_globals: "avoid modifying any globals after a template is
    loaded"), so the copy never misses one."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


_TEMPLATE_SUFFIXES = (".html", ".md", ".xml", ".txt")

ListKey = tuple[str, str, int, int]
"""A list of a page (Entries): the page's path, the language ("" for both), the heading level,
and how many lists of the same page, language and level come before it."""
Kept = tuple[tuple[str, ...], tuple[str, ...]]
"""A list as made: what each of its items shows of the content, in order, and their lines. Of
a report's entry, what it shows is the digest of the report's outline; of a series in the
archive's list by reporting body (level 0), its id and years."""


class Entries:
    """The lists made for a unit's pages (of reports, each one's entry; the archive's list by
    reporting body, each series), and those the last build made for the same unit (known),
    taken again where they were made from the same things. The archive lists every report
    and every series in each language: at 10,000 reports, making its two pages took 1.6 s of
    the 3.5–4 s an edit of a report's title took, nearly all of it items as they were. The
    macros (_entry.html) see only what they are given: the page, the language, the level and
    what the item shows, besides what stamp stands for (the templates and the site as the
    pages see them). A list whose items show what they showed is taken whole; in another,
    each item is taken from the lists kept for the same page, language and level, by what it
    shows (after a report was retitled at 10,000 reports, the archive's two pages took 0.07 s,
    against 0.09 s taking every item one by one, and keeping their lists 0.002 s, against
    0.015 s)."""

    def __init__(
        self, stamp: str, known: Mapping[ListKey, Kept], digest: Callable[[Report], str]
    ) -> None:
        self.stamp, self.known, self.digest = stamp, known, digest
        self.made: dict[ListKey, Kept] = {}
        """The lists the unit's pages made or took, for the next build."""
        self._counted: dict[tuple[str, str, int], int] = {}
        self._items: dict[tuple[str, str, int], dict[str, str]] = {}

    def next_list(self, page: str, where: tuple[str, int]) -> ListKey:
        """The key of a page's next list in this language and at this level."""
        group = (page, *where)
        number = self._counted.get(group, 0)
        self._counted[group] = number + 1
        return (*group, number)

    def items(self, key: ListKey) -> dict[str, str]:
        """The line of each item of the lists kept for the page, language and level of the
        list of key, by what it shows (and of those made since)."""
        group = key[:3]
        found = self._items.get(group)
        if found is None:
            lists = [kept for other, kept in self.known.items() if other[:3] == group]
            shows = chain.from_iterable(shows for shows, _ in lists)
            lines = chain.from_iterable(lines for _, lines in lists)
            found = self._items[group] = dict(zip(shows, lines, strict=True))
        return found


class Renderer:
    """Renders pages with one shared Jinja environment (templates compile once)."""

    def __init__(self, templates_dir: Path, compiled: Compiled | None = None) -> None:
        self.templates_dir = templates_dir
        self.env = _Environment(
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
            # A site has a few dozen templates: kept in a dict rather than Jinja's LRU cache,
            # which takes a lock at every include (half the time of looking one up).
            cache_size=-1,
        )
        self.html_text = HtmlText(self.strings)
        self.markdown_text = MarkdownText(self.strings)
        self._body: ReportBody | None = None
        self.entries: Entries | None = None
        """The entries of lists of reports the unit being rendered keeps (see Entries)."""
        self.env.globals.update(
            Lang=Lang,
            urls=urls,
            html_text=self.html_text,
            markdown_text=self.markdown_text,
            report_body=self.report_body,
            told=self._told,
            told_markdown=self._told_markdown,
            figure_track=partial(figure_track, html=self.html_text),
            figure_track_markdown=partial(figure_track_markdown, md=self.markdown_text),
            plan_table=partial(plan_table, html=self.html_text),
            plan_table_markdown=partial(plan_table_markdown, md=self.markdown_text),
            listed=self._listed,
            listed_series=self._listed_series,
        )
        self.env.filters.update(
            url=_url,
            t=self._translate,
            text=text_in,
            pending=_pending,
            inline=_inline,
            plain=markup.plain,
            md_escape=md_escape,
            long_date=long_date,
        )

    @cached_property
    def strings(self) -> Mapping[str, Mapping[str, str]]:
        """UI labels per language, from templates/strings.yaml, so translators never touch code."""
        with open(self.templates_dir / "strings.yaml", encoding="utf-8") as f:
            data = yaml.load(f, Loader=Loader)
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

    def report_body(self, report: Report, around: Around) -> ReportBody:
        """The body of the report whose pages are being rendered: a unit renders a report's
        pages one after the other, so the last one made is kept for the next page."""
        body = self._body
        if body is None or body.report is not report or body.around is not around:
            body = self._body = ReportBody(report, around, self.html_text, self.markdown_text)
        return body

    @jinja2.pass_context
    def _told(
        self, context: jinja2.runtime.Context, status: TaskStatus, lang: str, link_lang: Lang | None
    ) -> Markup:
        return told(self.html_text, status, lang, link_lang, context["page_path"])

    @jinja2.pass_context
    def _told_markdown(
        self, context: jinja2.runtime.Context, status: TaskStatus, lang: str, link_lang: Lang | None
    ) -> str:
        return told_markdown(self.markdown_text, status, lang, link_lang, context["page_path"])

    def _listed(
        self,
        entry: Callable[..., str],
        reports: Iterable[Report],
        lang: Lang | None,
        level: int,
        site: Site,
        page_path: PurePosixPath,
    ) -> Markup:
        """The entries of a list of reports (_listing.html), each made by the entry macro
        (_entry.html) from the report's outline."""
        return self._lines(
            page_path,
            (lang or "", level),
            reports,
            lambda report: entry(report, lang, level, site, page_path),
            lambda entries, report: entries.digest(report),
        )

    @jinja2.pass_context
    def _listed_series(
        self,
        context: jinja2.runtime.Context,
        series_entry: Callable[..., str],
        index: Iterable[SeriesIndex],
        lang: Lang,
    ) -> Markup:
        """The series of the archive's list by reporting body, each made by the series_entry
        macro (_entry.html) from its id and years."""
        page_path = context["page_path"]
        return self._lines(
            page_path,
            (lang, 0),
            index,
            lambda entry: series_entry(entry, lang, page_path),
            lambda _, entry: " ".join([entry.id, *(str(report.year) for report in entry.reports)]),
        )

    def _lines(
        self,
        page_path: PurePosixPath,
        where: tuple[str, int],
        items: Iterable[T],
        make: Callable[[T], str],
        shown: Callable[[Entries, T], str],
    ) -> Markup:
        """Items of a list, a line each: made, or taken from those kept (entries) when made
        for the same page, language and level from the same things (shown). The loop is here,
        not in a template: the archive lists every report and every series in each language,
        and a template's loop and call cost several times what taking a kept item does."""
        entries = self.entries
        if entries is None:
            return Markup("".join(f"{make(item)}\n" for item in items))
        listed = list(items)
        shows = tuple(shown(entries, item) for item in listed)
        key = entries.next_list(page_path.as_posix(), where)
        kept = entries.known.get(key)
        if kept is None or kept[0] != shows:
            found = entries.items(key)
            lines = []
            for item, show in zip(listed, shows, strict=True):
                line = found.get(show)
                if line is None:
                    # Kept with the others: one this unit made already is the same item.
                    line = found[show] = str(make(item))
                lines.append(line)
            kept = (shows, tuple(lines))
        entries.made[key] = kept
        return Markup("\n".join(kept[1]) + "\n" if kept[1] else "")

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


def _pending(value: Text, lang: str) -> bool:
    return value.get(lang) is None


def _inline(value: str) -> Markup:
    return markup.inline(value)
