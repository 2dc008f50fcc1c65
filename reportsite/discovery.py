"""How people and machines find the reports: the search page of each language, an Atom feed per
language, the sitemap with the language alternates of every page, and robots.txt.

Planned like every other page (assemble yields them). Feeds and sitemaps cannot use relative
links; their absolute URLs come from site.domain and site.base_path through urls.absolute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from . import assemble, urls
from .model import Lang, Report, Site

FEED_ENTRIES = 100
"""The newest reports a feed carries: readers poll it for what is new; the archive has the rest."""

SITEMAP_URLS = 50_000
"""The sitemap protocol's limit per file; a larger site gets sitemap.xml as an index of parts."""

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""Publication dates are dates in China; a feed needs a moment, so midnight there."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    report: Report
    id: str
    url: str
    published: str


@dataclass(frozen=True, slots=True)
class SitemapURL:
    """One page in the sitemap, with its language versions (none for single-version pages)."""

    url: str
    lastmod: dt.date
    alternates: tuple[tuple[str, str], ...] = ()


def search_pages(site: Site, index: Mapping[str, assemble.SeriesIndex]) -> Iterator[assemble.Page]:
    """The search page of each language."""
    common = {"site": site, "index": index}
    for lang in site.languages:
        yield assemble.Page(
            path=urls.search(lang),
            template="search.html",
            lang=lang,
            context={
                **common,
                "alternates": assemble.alternates({o: urls.search(o) for o in Lang}),
            },
        )


def feed_reports(newest: Sequence[Report]) -> Sequence[Report]:
    """The reports a feed carries, of all given the most recently published first
    (assemble.by_date)."""
    return newest[:FEED_ENTRIES]


def feeds(site: Site, newest: Sequence[Report]) -> Iterator[assemble.Page]:
    """The feed of each language, of the reports given the most recently published first."""
    carried = feed_reports(newest)
    for lang in site.languages:
        yield feed(site, lang, carried)


def dated(reports: Iterable[Report]) -> Iterator[str]:
    """What the sitemap shows of the reports, besides what the site says: each one's series,
    year and date of publication, in the corpus's order (the sitemap's follows from it)."""
    for report in reports:
        yield f"{report.series} {report.year} {report.published.isoformat()}"


def sitemap_pages(site: Site, index: Mapping[str, assemble.SeriesIndex]) -> Iterator[assemble.Page]:
    """The sitemap (or its parts and their index) and robots.txt, which names it."""
    yield from sitemap(site, list(locations(site, index)))
    yield assemble.Page(
        path=urls.ROBOTS,
        template="robots.txt",
        lang=None,
        context={"sitemap": urls.absolute(site, urls.SITEMAP)},
    )


def moment(date: dt.date) -> str:
    """An RFC 3339 date-time, as Atom requires: 2025-08-29T00:00:00+08:00."""
    return dt.datetime.combine(date, dt.time(), CHINA_TIME).isoformat()


def entry_id(site: Site, report: Report, lang: Lang) -> str:
    """A tag URI (RFC 4151) of the site's domain and what identifies the report, not of the
    path it is served under or the date it was published: it survives both being changed."""
    return f"tag:{site.domain},{report.year}:{report.series}/{report.year}/{lang}"


def feed(site: Site, lang: Lang, reports: Sequence[Report]) -> assemble.Page:
    entries = [
        FeedEntry(
            report=report,
            id=entry_id(site, report, lang),
            url=urls.absolute(site, urls.report(lang, report.series, report.year)),
            published=moment(report.published),
        )
        for report in reports
    ]
    return assemble.Page(
        path=urls.feed(lang),
        template="feed.xml",
        lang=lang,
        context={
            "site": site,
            "entries": entries,
            "self_url": urls.absolute(site, urls.feed(lang)),
            "archive_url": urls.absolute(site, urls.archive(lang)),
            "updated": entries[0].published,
        },
    )


def locations(site: Site, index: Mapping[str, assemble.SeriesIndex]) -> Iterator[SitemapURL]:
    """Every page a search engine should know: home, archives, series, reports (each language
    and the parallel view). Search pages (noindex) and the not-found page are left out."""
    changed = {
        series_id: max(report.published for report in entry.reports)
        for series_id, entry in index.items()
    }
    latest = max(changed.values())
    yield SitemapURL(urls.absolute(site, urls.HOME), latest)
    yield from _versions({lang: urls.absolute(site, urls.archive(lang)) for lang in Lang}, latest)
    for series_id in index:
        found = {lang: urls.absolute(site, urls.series(lang, series_id)) for lang in Lang}
        yield from _versions(found, changed[series_id])
    for entry in index.values():
        for report in entry.reports:
            series_id, year = report.series, report.year
            published = report.published
            found = {lang: urls.report_url(site, lang, series_id, year) for lang in Lang}
            yield from _versions(found, published)
            yield SitemapURL(urls.report_url(site, None, series_id, year), published)


def _versions(found: Mapping[Lang, str], lastmod: dt.date) -> Iterator[SitemapURL]:
    """A page in each language (by its full URL), each listing all of them (itself included)
    as alternates."""
    alternates = tuple((a.hreflang, a.path) for a in assemble.alternates(found))
    for url in found.values():
        yield SitemapURL(url, lastmod, alternates)


def sitemap(site: Site, found: Sequence[SitemapURL]) -> Iterator[assemble.Page]:
    parts = [found[i : i + SITEMAP_URLS] for i in range(0, len(found), SITEMAP_URLS)]
    if len(parts) == 1:
        yield assemble.Page(
            path=urls.SITEMAP, template="sitemap.xml", lang=None, context={"locations": found}
        )
        return
    for number, part in enumerate(parts, 1):
        yield assemble.Page(
            path=urls.sitemap_part(number),
            template="sitemap.xml",
            lang=None,
            context={"locations": part},
        )
    yield assemble.Page(
        path=urls.SITEMAP,
        template="sitemap-index.xml",
        lang=None,
        context={
            "parts": [
                (urls.absolute(site, urls.sitemap_part(n)), max(x.lastmod for x in part))
                for n, part in enumerate(parts, 1)
            ]
        },
    )
