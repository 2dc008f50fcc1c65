"""The one place that knows the output layout (DESIGN.md) and how pages link to each other.

Paths are PurePosixPath relative to the site root. Links are always relative and name
index.html explicitly, so the site works under any sub-path and from file://.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

from .model import Lang

BILINGUAL = "bilingual"
HOME = PurePosixPath("index.html")
NOT_FOUND = PurePosixPath("404.html")
STATIC = PurePosixPath("static")


def archive(lang: Lang) -> PurePosixPath:
    return PurePosixPath(lang, "index.html")


def series(lang: Lang, series_id: str) -> PurePosixPath:
    return PurePosixPath(lang, series_id, "index.html")


def report(
    lang: Lang | None, series_id: str, year: int, *, markdown: bool = False
) -> PurePosixPath:
    """A report page; lang None is the bilingual parallel view."""
    name = "index.md" if markdown else "index.html"
    return PurePosixPath(lang or BILINGUAL, series_id, str(year), name)


def data(series_id: str, year: int) -> PurePosixPath:
    return PurePosixPath("data", series_id, f"{year}.json")


def static(name: str) -> PurePosixPath:
    return STATIC / name


def relative(from_page: PurePosixPath, to: PurePosixPath, fragment: str = "") -> str:
    """The link from one page to another, e.g. ../../en/wayao-renda/2024/index.html#tasks."""
    link = posixpath.relpath(str(to), str(from_page.parent))
    return f"{link}#{fragment}" if fragment else link
