"""Stage 3, assemble: a Corpus → the plan of every page the site will have, lazily.

Decides which pages exist, where they go (through urls.py) and what each one is given;
touches neither Jinja nor the disk. Pages are yielded one at a time so the render and write
stages can stream them; only the small per-series index is held for cross-links.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, partial
from pathlib import PurePosixPath
from typing import Generic, TypeVar

from . import discovery, urls
from .charts import Chart, bar_chart
from .model import (
    Corpus,
    Figure,
    Lang,
    Report,
    Section,
    Series,
    Site,
    Subsection,
    Task,
    format_number,
    sections_of,
)
from .outline import digest
from .serialize import report_json

HOME_NEWEST = 10
"""How many of the newest reports the home page lists."""

P = TypeVar("P")


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
class Alternate(Generic[P]):
    """A language version of a page: its path in the site, or its full URL (the sitemap's)."""

    hreflang: str
    path: P


class Progress(StrEnum):
    """What became of a task item, as the next year's report tells."""

    REPORTED = "reported"
    """A review section of the next year's report follows it."""
    NOT_REPORTED = "not-reported"
    """The next year's report is published and no section of it follows the task."""
    AWAITING = "awaiting"
    """The next year's report is not published yet."""
    MISSING = "missing"
    """The next year's report is not in the archive, though a later one is."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskRef:
    """A task item of a report, with its number (1 → 一、 / I.)."""

    report: Report
    number: int
    task: Task


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionRef:
    """A review section of a report, with its number."""

    report: Report
    number: int
    section: Section


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskStatus:
    """A task item and where, or whether, the next year's report reported on it."""

    ref: TaskRef
    progress: Progress
    section: SectionRef | None
    """The section that follows the task, when progress is REPORTED."""

    @property
    def due(self) -> int:
        """The year of the report that should report on the task."""
        return self.ref.report.year + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A figure as one report quotes it."""

    report: Report
    figure: Figure
    anchor: str
    """Id of the item that quotes it, the same on every HTML version of the report."""
    number: str
    """The value as the text writes it, without 余 or +."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureTrack:
    """One measure (figure key) of a series over the years, oldest first, and its chart."""

    key: str
    quotes: tuple[Quote, ...]
    chart: Chart

    @property
    def latest(self) -> Figure:
        """The newest quote: its label and unit name the measure."""
        return self.quotes[-1].figure


def item_anchor(section: Section | Subsection, number: int) -> str:
    """The id of a review item; `_` cannot occur in a slug, so it never meets a section id."""
    return f"{section.id}_{number}"


def quotes(report: Report) -> tuple[Quote, ...]:
    """Every figure the report quotes, in document order."""
    return tuple(
        Quote(
            report=report,
            figure=figure,
            anchor=item_anchor(section, number),
            number=format_number(figure.value),
        )
        for _, section in sections_of(report)
        for number, item in enumerate(section.items, 1)
        for figure in item.figures
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Named:
    """A series as the home page lists it (its template's `index`): its entry of site.yaml,
    not its reports. The page's key covers which series have reports and the newest of
    those, so this is all it is given of the others."""

    id: str
    series: Series


@dataclass(frozen=True, slots=True, kw_only=True)
class Around:
    """What a report's pages see of its series (their templates' `entry`): the series, and
    its reports of the years before and after, if any. Their unit's key covers the outlines
    of those (SeriesIndex.nearby), not of the whole series, so this is all they are given."""

    id: str
    series: Series
    previous: Report | None
    following: Report | None

    def follows(self, report: Report, section: Section) -> TaskRef | None:
        """The task of last year's report that this section reports on, if published."""
        previous = self.previous
        last_year = previous if previous and previous.year == report.year - 1 else None
        if not (section.follows and last_year and last_year.tasks):
            return None
        for number, task in enumerate(last_year.tasks.items, 1):
            if task.id == section.follows:
                return TaskRef(report=last_year, number=number, task=task)
        return None

    def task_statuses(self, report: Report) -> tuple[TaskStatus, ...]:
        """Each task item of the report, in order, with what became of it."""
        if not report.tasks:
            return ()
        following = self.following
        # The report of the next year, which should report on them.
        due = following if following and following.year == report.year + 1 else None
        followed: dict[str, SectionRef] = {}
        if due:
            for number, section in enumerate(due.review.sections, 1):
                if section.follows:
                    followed[section.follows] = SectionRef(
                        report=due, number=number, section=section
                    )
        statuses = []
        for number, task in enumerate(report.tasks.items, 1):
            found = followed.get(task.id)
            if found:
                progress = Progress.REPORTED
            elif due:
                progress = Progress.NOT_REPORTED
            elif following:
                progress = Progress.MISSING
            else:
                progress = Progress.AWAITING
            ref = TaskRef(report=report, number=number, task=task)
            statuses.append(TaskStatus(ref=ref, progress=progress, section=found))
        return tuple(statuses)


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesIndex:
    """Every report of one series, oldest first."""

    id: str
    series: Series
    reports: tuple[Report, ...]
    at: Mapping[int, int]
    """Year → the place of its report in reports."""

    def nearby(self, report: Report) -> tuple[Report, ...]:
        """The reports whose outlines a report's pages show (by year: the report may be the
        whole one while the index holds outlines): its own between its neighbours'. Its
        unit's key covers these alone, so a report retitled makes again its own pages and
        its neighbours', not every report's of its series."""
        at = self.at[report.year]
        return self.reports[max(at - 1, 0) : at + 2]

    def around(self, report: Report) -> Around:
        """What the report's pages see of the series."""
        at = self.at[report.year]
        return Around(
            id=self.id,
            series=self.series,
            previous=self.reports[at - 1] if at else None,
            following=self.reports[at + 1] if at + 1 < len(self.reports) else None,
        )

    def plan(self) -> tuple[TaskStatus, ...]:
        """Every task of every year, newest report first: the plan against its delivery."""
        return tuple(
            s
            for report in reversed(self.reports)
            for s in self.around(report).task_statuses(report)
        )

    def figure_tracks(self) -> tuple[FigureTrack, ...]:
        """The measures quoted in two or more years, in the newest report's order first."""
        by_key: dict[str, list[Quote]] = {}
        for report in reversed(self.reports):
            for quote in quotes(report):
                by_key.setdefault(quote.figure.key, []).append(quote)
        tracks = []
        for key, found in by_key.items():
            if len(found) < 2:
                continue
            oldest_first = tuple(reversed(found))
            chart = bar_chart(
                [q.figure.value for q in oldest_first], [q.number for q in oldest_first]
            )
            tracks.append(FigureTrack(key=key, quotes=oldest_first, chart=chart))
        return tuple(tracks)


def index_series(corpus: Corpus) -> dict[str, SeriesIndex]:
    grouped: dict[str, list[Report]] = {}
    for report in corpus.reports:
        grouped.setdefault(report.series, []).append(report)
    result = {}
    for series_id, reports in sorted(grouped.items()):
        result[series_id] = SeriesIndex(
            id=series_id,
            series=corpus.site.series[series_id],
            reports=tuple(reports),
            at={report.year: at for at, report in enumerate(reports)},
        )
    return result


def by_year(newest: Iterable[Report]) -> tuple[tuple[int, tuple[Report, ...]], ...]:
    """Reports given the most recently published first (by_date), grouped by the year under
    review, newest year first; within a year, in the order given."""
    grouped: dict[int, list[Report]] = {}
    for report in newest:
        grouped.setdefault(report.year, []).append(report)
    return tuple((year, tuple(grouped[year])) for year in sorted(grouped, reverse=True))


def newest_first(report: Report) -> tuple[int, str, int]:
    """Sort key: the most recently published first, then by series and newest year."""
    return -report.published.toordinal(), report.series, -report.year


def by_date(reports: Iterable[Report]) -> tuple[Report, ...]:
    """The reports, the most recently published first (newest_first)."""
    return tuple(sorted(reports, key=newest_first))


def alternates(path_for: Mapping[Lang, P]) -> tuple[Alternate[P], ...]:
    pairs = [Alternate(hreflang=lang.html_lang, path=path) for lang, path in path_for.items()]
    return (*pairs, Alternate(hreflang="x-default", path=path_for[Lang.ZH]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """Files made together from the same reports: one report's versions (HTML, Markdown, JSON),
    one series' pages, the pages that list the whole site, its feeds, or its sitemap. What a
    unit shows decides when an incremental build must make it again."""

    id: str
    reports: tuple[Report, ...]
    """The reports whose outlines its pages show."""
    whole: Report | None = None
    """The report whose full text its pages show."""
    series: str | None = None
    """The series whose entry of site.yaml its pages see (seen_site); None: all of it."""
    index: SeriesIndex | None = None
    """That series' index (a series' unit and its reports')."""
    shows: Callable[[Callable[[Report], str]], Iterable[str]] | None = None
    """What its pages show of its reports, where that is less than their outlines: given
    the digest of a report's outline, what its key covers instead of every one (the feeds:
    the outlines of the newest reports; the sitemap: each report's date)."""
    within: str | None = None
    """A unit whose key covers all that this one's pages are made from but its whole report
    (the site-wide unit's: the whole site and every outline, or what lists show of each; a
    series' unit's: its entry of the site and its outlines): while that one's key stays the
    same, and the whole report's file holds the same bytes, so does this one's, which is then
    not worked out. Where that key covers what lists show alone, this one's must have too
    (pipeline._Run._within_same). The home page's key sorts every report by date, the
    sitemap's reads each one's date (0.017 s together at 10,000 reports, after any edit);
    the report units' keys took about 0.1 s."""
    pages: Callable[[], Iterator[Page | Document]]


def assemble(corpus: Corpus, whole: Callable[[Report], Report] | None = None) -> Iterator[Unit]:
    """Every unit of the site, in a fixed order; nothing is made until a unit's pages are
    asked for. `whole` gives the full report for one of the corpus (which may hold outlines
    only, see outline.py)."""
    index = index_series(corpus)
    anchors = {"item_anchor": item_anchor}
    common = {**anchors, "site": corpus.site, "index": index}
    # Sorted once, when first asked for: after a report was retitled, the home page, the
    # archive by year, the feeds and their key each sorted every report (0.009 s at 10,000
    # reports). A paragraph edited makes none of them, and nothing is sorted.
    newest = cache(partial(by_date, corpus.reports))
    yield Unit(
        id="site", reports=corpus.reports, pages=partial(_site_pages, corpus, index, common, newest)
    )
    # The home page, the feeds and the sitemap show less of the reports than the archive
    # does: a report retitled outside the newest ten leaves the home page as it was (making
    # it, its thousand series listed, was 0.02 s of such an edit at 10,000 reports), one
    # outside the newest hundred the feeds, and one anywhere the sitemap (30,000 addresses).
    # The home page also names each series that has reports (Named): its key covers which.
    yield Unit(
        id="site/home",
        reports=corpus.reports,
        shows=lambda outline: [*map(outline, home_reports(newest())), *index],
        within="site",
        pages=partial(_home_page, common, index, newest),
    )
    yield Unit(
        id="site/feeds",
        reports=corpus.reports,
        shows=lambda outline: map(outline, discovery.feed_reports(newest())),
        within="site",
        pages=lambda: discovery.feeds(corpus.site, newest()),
    )
    yield Unit(
        id="site/sitemap",
        reports=corpus.reports,
        shows=lambda outline: discovery.dated(corpus.reports),
        within="site",
        pages=partial(discovery.sitemap_pages, corpus.site, index),
    )
    # A series' pages and its reports' see their own series alone: of site.yaml, its entry
    # (seen_site); of the index, its own series' (a report's pages, the reports around it:
    # Around). A unit's key covers what its pages see, so adding a series, or renaming one,
    # makes again only that series' pages and those that list every series — not each
    # report's of a large archive.
    own = {
        entry.id: {**anchors, "site": seen_site(corpus.site, entry.id)} for entry in index.values()
    }
    for entry in index.values():
        yield Unit(
            id=f"series/{entry.id}",
            reports=entry.reports,
            series=entry.id,
            index=entry,
            pages=partial(_series_pages, entry, own[entry.id], corpus.site.languages),
        )
    for report in corpus.reports:
        entry = index[report.series]
        yield Unit(
            id=report_unit(report),
            reports=entry.nearby(report),
            whole=report,
            series=entry.id,
            index=entry,
            within=f"series/{entry.id}",
            pages=partial(_report_pages, report, entry, own[entry.id], whole),
        )


def seen_site(site: Site, series: str) -> Site:
    """site.yaml as the pages of a series and its reports see it (Unit.series)."""
    return dataclasses.replace(site, series={series: site.series[series]})


def seen_digests(
    site: Site, series: Iterable[str], known: Mapping[str | None, str]
) -> dict[str | None, str]:
    """A digest of seen_site for each of these series, and of the whole site for None (the
    pages that list every series): the rest of site.yaml is digested once and each series'
    entry apart (each series' seen site digested whole took 36 ms of every build at 1,000
    series; this, about half that). known: digests of the very same site, taken as they are
    (the last build's, when site.yaml is unchanged: at 1,000 series, still 0.03 s)."""
    rest = ""
    digests: dict[str | None, str] = {None: known.get(None) or digest(site)}
    for name in series:
        seen = known.get(name)
        if seen is None:
            rest = rest or digest(dataclasses.replace(site, series={}))
            seen = digest((rest, name, site.series[name]))
        digests[name] = seen
    return digests


def report_unit(report: Report) -> str:
    """The id of the unit of a report's own files."""
    return f"report/{report.series}/{report.year}"


def pages(corpus: Corpus) -> Iterator[Page | Document]:
    """Every page of the site of a corpus of whole reports."""
    for unit in assemble(corpus):
        yield from unit.pages()


def _site_pages(
    corpus: Corpus,
    index: Mapping[str, SeriesIndex],
    common: Mapping[str, object],
    sorted_by_date: Callable[[], tuple[Report, ...]],
) -> Iterator[Page | Document]:
    newest = sorted_by_date()
    yield Page(path=urls.NOT_FOUND, template="404.html", lang=None, context=common)
    years = by_year(newest)
    for lang in corpus.site.languages:
        yield Page(
            path=urls.archive(lang),
            template="archive.html",
            lang=lang,
            context={
                **common,
                "years": years,
                "alternates": alternates({other: urls.archive(other) for other in Lang}),
            },
        )
    yield from discovery.search_pages(corpus.site, index)


def home_reports(newest: Sequence[Report]) -> Sequence[Report]:
    """The reports the home page lists, of all given the most recently published first
    (by_date): what its unit's key covers (assemble) is what its page shows."""
    return newest[:HOME_NEWEST]


def _home_page(
    common: Mapping[str, object],
    index: Mapping[str, SeriesIndex],
    sorted_by_date: Callable[[], tuple[Report, ...]],
) -> Iterator[Page]:
    newest = home_reports(sorted_by_date())
    named = {name: Named(id=name, series=entry.series) for name, entry in index.items()}
    context = {**common, "index": named, "newest": newest}
    yield Page(path=urls.HOME, template="home.html", lang=None, context=context)


def _series_pages(
    entry: SeriesIndex, common: Mapping[str, object], languages: Sequence[Lang]
) -> Iterator[Page]:
    context = {
        **common,
        "index": {entry.id: entry},
        "entry": entry,
        "plan": entry.plan(),
        "tracks": entry.figure_tracks(),
        "alternates": alternates({lang: urls.series(lang, entry.id) for lang in Lang}),
    }
    for lang in languages:
        for markdown in (False, True):
            yield Page(
                path=urls.series(lang, entry.id, markdown=markdown),
                template=f"series.{'md' if markdown else 'html'}",
                lang=lang,
                context=context,
            )


def _report_pages(
    report: Report,
    entry: SeriesIndex,
    common: Mapping[str, object],
    whole: Callable[[Report], Report] | None,
) -> Iterator[Page | Document]:
    around = entry.around(report)
    if whole is not None:
        report = whole(report)
    context = {
        **common,
        "report": report,
        "entry": around,
        "previous": around.previous,
        "following": around.following,
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
    yield Document(path=urls.data(report.series, report.year), body=report_json(report))
