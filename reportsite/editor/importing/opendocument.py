"""OpenDocument text (.odt) → located lines: LibreOffice's own format, and that of the office
suites built on it. The body of content.xml in reading order — headings and paragraphs, table
cells one after another, list items — a paragraph a line as in a .docx, a heading's outline
level marked as a .docx's heading styles are. Only the text, and no list's numbers: spans,
links, spaces (text:s), tabs and soft line breaks; the text of text boxes and shapes after the
paragraph they are anchored in (in place when anchored to the page); notes, comments and the
text tracked changes deleted are left out (headers and footers are in another part). The package
is checked as a zip before anything is unpacked, and its XML parsed as officexml.py parses
office files' XML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from lxml import etree

from ..packages import bomb
from .officexml import parse, within
from .sources import Read, SourceError, paragraph_lines

_TEXT: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE: Final = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_HEADING: Final = f"{_TEXT}h"
_PARAGRAPHS: Final = frozenset((f"{_TEXT}p", _HEADING))
_DRAW: Final = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OUTSIDE: Final = frozenset((f"{_TEXT}note", f"{_TEXT}tracked-changes", f"{_OFFICE}annotation"))
"""What the body holds that is no text of the report: notes, what tracked changes deleted,
comments."""
_BREAKS: Final = {f"{_TEXT}line-break": "\n", f"{_TEXT}tab": "\t"}


def read_odt(data: bytes) -> Read:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            found = bomb(package.infolist())
            content = b"" if found else package.read("content.xml")
    except Exception as error:  # a damaged package: whatever zipfile and zlib raised
        raise SourceError("import-bad-odt", detail=str(error) or type(error).__name__) from error
    if found is not None:
        raise SourceError("import-zip-bomb", name=found)
    root = parse(content, "import-bad-odt")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise SourceError("import-bad-odt", detail="no office:text")
    paragraphs = list(_paragraphs(body))
    lines = tuple(
        replace(line, heading=paragraphs[line.number - 1][1])
        for line in paragraph_lines(text for text, _ in paragraphs)
    )
    if not lines and next(body.iter(f"{_DRAW}image"), None) is not None:
        raise SourceError("import-scanned", kind="OpenDocument")  # a scan's pages as pictures
    return Read("odt", lines)


def _paragraphs(container: etree._Element) -> Iterator[tuple[str, int]]:
    """Each paragraph's text and heading level (1 for a heading of the outline's first level,
    2 for one below, as a Word file's heading styles are read; 0 for a paragraph), and after it
    the paragraphs inside it: those of the text boxes and shapes anchored in it (by recursion,
    as deep as the parser lets elements nest)."""
    for paragraph in within(container, _PARAGRAPHS, lambda element: element.tag in _OUTSIDE):
        level = 0
        if paragraph.tag == _HEADING:
            level = 1 if paragraph.get(f"{_TEXT}outline-level", "1") in ("1", "") else 2
        yield _text(paragraph), level
        yield from _paragraphs(paragraph)


def _text(paragraph: etree._Element) -> str:
    """A paragraph's text as shown: its own and its spans' and links' (their tails too), a
    run of spaces for text:s, a break or a tab for theirs; not what _OUTSIDE holds, a frame's
    or a shape's (read after the paragraph), nor an XML comment's. (Spans within spans are
    read by recursion: the parser allows no more than 256 levels.)"""
    parts = [paragraph.text or ""]
    for child in paragraph:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag is None:
            pass
        elif tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c") or "1"
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag not in _OUTSIDE and tag not in _PARAGRAPHS and not tag.startswith(_DRAW):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
