"""The one place that knows the output layout (DESIGN.md) and how pages link to each other.

Paths are PurePosixPath relative to the site root. Links are always relative and name
index.html explicitly, so the site works under any sub-path and from file://.
"""

from __future__ import annotations

import urllib.parse
from functools import lru_cache
from pathlib import PurePosixPath

from .model import Lang, Site

BILINGUAL = "bilingual"
HOME = PurePosixPath("index.html")
NOT_FOUND = PurePosixPath("404.html")
STATIC = PurePosixPath("static")
PAGEFIND = PurePosixPath("pagefind")
SITEMAP = PurePosixPath("sitemap.xml")
ROBOTS = PurePosixPath("robots.txt")
RESERVED = frozenset({"search", BILINGUAL, "data", STATIC.name, PAGEFIND.name})
"""Names the site uses for folders of its own; no series may take one."""


# The page paths below are asked for again and again (every link names one): each is made
# once. A worker makes a series' pages at a time (pipeline), so the caches need hold only
# the paths that series' pages link to besides the site's own: kept for every report, they
# took 27 MB of each worker in a cold build of 4,000 reports.


@lru_cache(maxsize=4096)
def archive(lang: Lang) -> PurePosixPath:
    return PurePosixPath(lang, "index.html")


@lru_cache(maxsize=4096)
def series(lang: Lang, series_id: str, *, markdown: bool = False) -> PurePosixPath:
    return PurePosixPath(lang, series_id, "index.md" if markdown else "index.html")


@lru_cache(maxsize=4096)
def report(
    lang: Lang | None, series_id: str, year: int, *, markdown: bool = False
) -> PurePosixPath:
    """A report page; lang None is the bilingual parallel view."""
    return PurePosixPath(*_report_parts(lang, series_id, year, markdown))


def _report_parts(
    lang: Lang | None, series_id: str, year: int, markdown: bool = False
) -> tuple[str, ...]:
    return (lang or BILINGUAL, series_id, str(year), "index.md" if markdown else "index.html")


def report_link(from_page: PurePosixPath, lang: Lang | None, series_id: str, year: int) -> str:
    """The link from a page to a report's HTML page, as relative(from_page, report(…)) gives
    it, made without path objects: the archive links every report of the site, more than the
    caches above hold (at 10,000 reports, making paths again was a fifth of its time)."""
    return _link(_folder(from_page), _report_parts(lang, series_id, year))


@lru_cache(maxsize=4096)
def data(series_id: str, year: int) -> PurePosixPath:
    return PurePosixPath("data", series_id, f"{year}.json")


@lru_cache(maxsize=256)
def static(name: str) -> PurePosixPath:
    return STATIC / name


def relative(from_page: PurePosixPath, to: PurePosixPath, fragment: str = "") -> str:
    """The link from one page to another, e.g. ../../en/wayao-renda/2024/index.html#tasks."""
    link = _relative(_folder(from_page), to.parts)
    return f"{link}#{fragment}" if fragment else link


@lru_cache(maxsize=256)
def _folder(page: PurePosixPath) -> tuple[str, ...]:
    # A page makes hundreds of links, and each .parent is a new path object to take apart.
    return page.parent.parts


def _link(folder: tuple[str, ...], target: tuple[str, ...]) -> str:
    # Both paths are relative to the site root and name files, never folders.
    common = 0
    while common < min(len(folder), len(target) - 1) and folder[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + list(target[common:]))


_relative = lru_cache(maxsize=4096)(_link)
"""Every page links to the same few dozen places; posixpath.relpath per link was a tenth of
the build."""


@lru_cache(maxsize=16)
def search(lang: Lang) -> PurePosixPath:
    return PurePosixPath(lang, "search", "index.html")


@lru_cache(maxsize=16)
def feed(lang: Lang) -> PurePosixPath:
    return PurePosixPath(lang, "feed.xml")


def sitemap_part(number: int) -> PurePosixPath:
    """One file of a sitemap too large for one (sitemap.xml is then their index)."""
    return PurePosixPath(f"sitemap-{number}.xml")


def absolute(site: Site, path: PurePosixPath) -> str:
    """The full URL of a file, for feeds and sitemaps, which cannot use relative links."""
    return _root(site.domain, site.base_path) + path.as_posix()


def report_url(site: Site, lang: Lang | None, series_id: str, year: int) -> str:
    """A report page's full URL, as absolute(site, report(…)) gives it, made without path
    objects: the sitemap names every report page of the site, more than report's cache holds
    (at 10,000 reports, making their 40,000 paths took 0.13 s of every sitemap)."""
    return _root(site.domain, site.base_path) + "/".join(_report_parts(lang, series_id, year))


@lru_cache(maxsize=16)
def _root(domain: str, base_path: str) -> str:
    return f"https://{domain}{urllib.parse.quote(base_path)}"
