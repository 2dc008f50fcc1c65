"""Stage 3, assemble: a Corpus → the plan of every page the site will have, lazily.

Decides which pages exist, where they go (through urls.py) and what each one is given;
touches neither Jinja nor the disk. Pages are yielded one at a time so the render and write
stages can stream them; only the small per-series index is held for cross-links.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import urls
from .model import Corpus, Lang, Report, Series, Task
from .serialize import report_to_data


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """A page rendered from a template; context holds what that template may use."""

    path: PurePosixPath
    template: str
    lang: Lang | None
    """None for pages in both languages (home, 404, parallel view)."""
    context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A file whose bytes are made here, not by a template (the report JSON)."""

    path: PurePosixPath
    body: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternate:
    hreflang: str
    path: PurePosixPath


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowLink:
    """A review section of year N+1 that reports on a task of year N."""

    report: Report
    section_id: str
    section_index: int


@dataclass(frozen=True, slots=True)
class SeriesIndex:
    """Every report of one series, oldest first, and which later section follows which task."""

    id: str
    series: Series
    reports: tuple[Report, ...]
    followed_by: Mapping[tuple[int, str], FollowLink]
    """(year of the task, task id) → the section of the next year's report that follows it."""

    def neighbours(self, report: Report) -> tuple[Report | None, Report | None]:
        index = self.reports.index(report)
        previous = self.reports[index - 1] if index else None
        following = self.reports[index + 1] if index + 1 < len(self.reports) else None
        return previous, following

    def report_for(self, year: int) -> Report | None:
        return next((r for r in self.reports if r.year == year), None)

    def task_status(self, report: Report, task: Task) -> FollowLink | None | bool:
        """The section that followed the task; False if the next report exists and did not;
        None while the next report is not yet published."""
        link = self.followed_by.get((report.year, task.id))
        if link:
            return link
        return False if self.report_for(report.year + 1) else None


def index_series(corpus: Corpus) -> dict[str, SeriesIndex]:
    grouped: dict[str, list[Report]] = {}
    for report in corpus.reports:
        grouped.setdefault(report.series, []).append(report)
    result = {}
    for series_id, reports in sorted(grouped.items()):
        followed_by = {
            (report.year - 1, section.follows): FollowLink(
                report=report, section_id=section.id, section_index=index
            )
            for report in reports
            for index, section in enumerate(report.review.sections)
            if section.follows
        }
        result[series_id] = SeriesIndex(
            series_id, corpus.site.series[series_id], tuple(reports), followed_by
        )
    return result


def alternates(path_for: Mapping[Lang, PurePosixPath]) -> tuple[Alternate, ...]:
    pairs = [Alternate(hreflang=lang.html_lang, path=path) for lang, path in path_for.items()]
    return (*pairs, Alternate(hreflang="x-default", path=path_for[Lang.ZH]))


def assemble(corpus: Corpus) -> Iterator[Page | Document]:
    """Every page of the site, in a fixed order."""
    index = index_series(corpus)
    common = {"site": corpus.site, "index": index}
    newest = sorted(corpus.reports, key=lambda r: (-r.disclosure.published.toordinal(), r.series))
    yield Page(
        path=urls.HOME,
        template="home.html",
        lang=None,
        context={**common, "newest": newest},
    )
    yield Page(path=urls.NOT_FOUND, template="404.html", lang=None, context=common)
    for lang in corpus.site.languages:
        yield Page(
            path=urls.archive(lang),
            template="archive.html",
            lang=lang,
            context={
                **common,
                "newest": newest,
                "alternates": alternates({other: urls.archive(other) for other in Lang}),
            },
        )
        for series_id, entry in index.items():
            yield Page(
                path=urls.series(lang, series_id),
                template="series.html",
                lang=lang,
                context={
                    **common,
                    "entry": entry,
                    "alternates": alternates({o: urls.series(o, series_id) for o in Lang}),
                },
            )
    for report in corpus.reports:
        yield from _report_pages(report, index[report.series], common)


def _report_pages(
    report: Report, entry: SeriesIndex, common: Mapping[str, object]
) -> Iterator[Page | Document]:
    previous, following = entry.neighbours(report)
    context = {
        **common,
        "report": report,
        "entry": entry,
        "previous": previous,
        "following": following,
        "alternates": alternates(
            {lang: urls.report(lang, report.series, report.year) for lang in Lang}
        ),
    }
    languages: Sequence[Lang | None] = (*Lang, None)
    for lang in languages:
        for markdown in (False, True):
            yield Page(
                path=urls.report(lang, report.series, report.year, markdown=markdown),
                template=f"{'report' if lang else 'bilingual'}.{'md' if markdown else 'html'}",
                lang=lang,
                context=context,
            )
    body = json.dumps(report_to_data(report), ensure_ascii=False, indent=2, sort_keys=True)
    yield Document(path=urls.data(report.series, report.year), body=(body + "\n").encode())
