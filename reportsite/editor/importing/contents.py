"""A table of contents (目录) before a report's text — a Word file's TOC field, a PDF's page of
entries with leader dots and page numbers, a page's list of its headings — is no text of the
report: its entries are the headings below, which made parts and sections of them twice over
(一、2024年工作回顾 2 a part, its page number in its heading). Left out, and the editor told."""

from __future__ import annotations

import bisect
import re
from typing import Final

from .lines import Dropped, Line, Notes
from .structure import CN, PAREN

_HEADING: Final = re.compile(r"目录|目次|contents|tableofcontents", re.IGNORECASE)
"""The heading of a table of contents, its spaces taken out (目　录)."""
_LEADERS: Final = ".．·・•…⋯_"
_ENTRY: Final = re.compile(rf"(.*?[^\s{_LEADERS}])([\s{_LEADERS}]+)(\d{{1,4}})")
"""An entry and its page: its title, spaces or leader dots (a Word TOC's tab), the number."""
_SPACES: Final = re.compile(r"\s+")


def drop_contents(lines: list[Line], notes: Notes) -> list[Line]:
    """The lines without the tables of contents among them: the entries after a 目录 line, and
    runs of entries drawn with leader dots to their pages (a PDF's, whose heading may be a
    picture), most of whose titles begin lines below them. An entry may wrap before its page;
    after a 目录 line, an entry without a page is one if a heading below is the same."""
    contents = _Contents(lines)
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        headed = bool(_HEADING.fullmatch(contents.plain[index]))
        end = contents.end(index + 1 if headed else index, headed)
        if end is None:
            kept.append(lines[index])
            index += 1
            continue
        for line in lines[index:end]:
            notes.dropped.append(Dropped(line.number, line.text, "目录", "table of contents"))
        index = end
    return kept


class _Contents:
    """A document's lines, as its tables of contents are looked for in them."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.plain = [_plain(line.text) for line in lines]
        self.headings: dict[str, int] = {}
        """Each heading's text (marked so, as a page's <h2> or a heading style, or numbered as a
        part or a section: 一、 （一）) and the last place it stands."""
        for at, (line, text) in enumerate(zip(lines, self.plain, strict=True)):
            if line.heading > 0 or CN.match(text) or PAREN.match(text):
                self.headings[text] = at
        self.ordered = sorted((text, at) for at, text in enumerate(self.plain))
        """Each line's text and place, in the texts' order: the lines a title begins follow
        one another in it."""

    def end(self, start: int, headed: bool) -> int | None:
        """Where a table of contents that begins at `start` ends, if one does."""
        lines = self.lines
        titles: list[str] = []  # each entry's title with a page, its spaces taken out
        unpaged = 0
        at = start
        while at < len(lines):
            title = _paged(lines[at].text, headed)
            if title is None and at + 1 < len(lines):
                # An entry wrapped before its page (or in its leader dots), if the whole title
                # begins a line below.
                wrapped = _paged(self.plain[at] + lines[at + 1].text, headed)
                if wrapped is not None and self.begins(wrapped, at + 1):
                    title = wrapped
                    at += 1
            if title is not None:
                titles.append(title)
            elif headed and self.headings.get(self.plain[at], at) > at:
                # A page's menu may stand under a 目录 link, and lines of it (首页, the page's
                # title) stand below again: an entry without a page is a heading below.
                unpaged += 1
            else:
                break
            at += 1
        entries = len(titles) + unpaged
        if entries < 2:
            return None
        found = sum(self.begins(title, at - 1) for title in titles)
        return at if 2 * (found + unpaged) >= entries else None

    def begins(self, title: str, after: int) -> bool:
        """Whether the title begins a line after that place."""
        place = bisect.bisect_left(self.ordered, (title, -1))
        for text, at in self.ordered[place:]:
            if not text.startswith(title):
                return False
            if at > after:
                return True
        return False


def _paged(text: str, headed: bool) -> str | None:
    """The title of an entry with its page, its spaces taken out: after a 目录 line, set apart
    from its page by spaces or leader dots; else by leader dots."""
    entry = _entry(text)
    if entry is None or not (headed or _dotted(entry[2])):
        return None
    return _plain(entry[1])


def is_dotted_entry(text: str) -> bool:
    """Whether the text is an entry of a table of contents drawn with leader dots to its page
    (a PDF's line that ends at the margin, but no paragraph goes on after it)."""
    entry = _entry(text)
    return entry is not None and _dotted(entry[2])


def _entry(text: str) -> re.Match[str] | None:
    text = text.strip()
    # Most lines end otherwise: the pattern is not tried on them.
    return _ENTRY.fullmatch(text) if text[-1:].isdigit() else None


def _dotted(leader: str) -> bool:
    """Leader dots: two or more (…… is two)."""
    return sum(leader.count(mark) for mark in _LEADERS) >= 2


def _plain(text: str) -> str:
    return _SPACES.sub("", text)
