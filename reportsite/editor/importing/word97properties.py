"""The properties of a Word 97–2003 file's (.doc) runs of characters and of paragraphs, as its
formatted disk pages hold them ([MS-DOC] PlcBteChpx and ChpxFkp, PlcBtePapx and PapxFkp): the
bytes of the WordDocument stream each run covers, and its properties (a grpprl), read one sprm
at a time; and its styles' (the style sheet). Pages and properties that would lie outside the
stream are passed over: a damaged page loses what it says, not the document."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

_PAGE: Final = 512
_PARAGRAPH_ENTRY: Final = 13
"""The size of a paragraph run's entry in its page (BxPap: its properties' place, and room)."""


def character_runs(document: bytes, bins: bytes) -> Iterator[tuple[int, int, bytes]]:
    """Each run of characters' properties: the bytes of the stream it covers, its grpprl."""
    for page, runs, bounds in _pages(document, bins, 1):
        for index in range(runs):
            at = 2 * page[4 * (runs + 1) + index]
            if at:
                yield bounds[index], bounds[index + 1], page[at + 1 : at + 1 + page[at]]


def paragraph_runs(document: bytes, bins: bytes) -> Iterator[tuple[int, int, int, bytes]]:
    """Each run of paragraphs' properties (a paragraph's, read where its mark is): the bytes of
    the stream it covers, the paragraph's style (istd) and its grpprl."""
    for page, runs, bounds in _pages(document, bins, _PARAGRAPH_ENTRY):
        for index in range(runs):
            at = 2 * page[4 * (runs + 1) + _PARAGRAPH_ENTRY * index]
            if at == 0 or at >= _PAGE - 2:
                continue
            # Its size in words, less one byte; or, when that is 0, in words in the next byte.
            size, start = (2 * page[at] - 1, at + 1) if page[at] else (2 * page[at + 1], at + 2)
            (style,) = struct.unpack_from("<H", page, start)
            yield bounds[index], bounds[index + 1], style, page[start + 2 : start + size]


def sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """The properties of a grpprl: each sprm and its operand, sized as the sprm's spra says."""
    at = 0
    while at + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, at)
        at += 2
        spra = sprm >> 13
        if spra == 6:  # a variable operand, its size first
            if at >= len(grpprl):
                return
            size = grpprl[at] + 1
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        yield sprm, grpprl[at : at + size]
        at += size


def _pages(
    document: bytes, bins: bytes, entry: int
) -> Iterator[tuple[bytes, int, tuple[int, ...]]]:
    """Each page the bin table names (a PlcBte: offsets, then page numbers), with its count of
    runs and their bounds, if it holds as many runs as it says."""
    count = (len(bins) - 4) // 8
    if count < 1 or len(bins) != 4 + 8 * count:
        return
    for number in struct.unpack_from(f"<{count}I", bins, 4 * (count + 1)):
        first = (number & 0x3FFFFF) * _PAGE
        page = document[first : first + _PAGE]
        if len(page) < _PAGE:
            continue
        runs = page[_PAGE - 1]
        if 4 * (runs + 1) + entry * runs <= _PAGE - 1:
            yield page, runs, struct.unpack_from(f"<{runs + 1}I", page, 0)


@dataclass(frozen=True, slots=True)
class Style:
    """A paragraph or character style of the style sheet: its name, the style it is based on,
    and the properties it gives its paragraphs (a paragraph style's) and their characters
    (grpprls)."""

    name: str
    based: int | None
    paragraphs: bytes
    characters: bytes


_HEADINGS: Final = range(1, 10)
"""The built-in styles (sti) heading 1 to heading 9, whatever name the file gives them."""
_PARAGRAPH_STYLE, _CHARACTER_STYLE = 1, 2
"""A style's kind (stk)."""


def styles(sheet: bytes) -> dict[int, Style]:
    """The paragraph and character styles by their index (istd), as far as they can be read
    ([MS-DOC] STSH: after its header, each style's STD — its base, its name, then its UPXs: a
    paragraph style's paragraph properties after its istd, then its characters' properties;
    a character style's characters' properties alone)."""
    found: dict[int, Style] = {}
    try:
        (header,) = struct.unpack_from("<H", sheet, 0)
        count, base_size = struct.unpack_from("<HH", sheet, 2)
        at = 2 + header
        for index in range(count):
            (size,) = struct.unpack_from("<H", sheet, at)
            entry, at = at + 2, at + 2 + size
            if size < base_size or base_size < 10:
                continue
            sti, kind_and_base, upxs = struct.unpack_from("<HHH", sheet, entry)
            kind = kind_and_base & 0x0F
            if kind not in (_PARAGRAPH_STYLE, _CHARACTER_STYLE) or upxs & 0x0F < 1:
                continue  # a table's or a list's style, or none
            name_at = entry + base_size
            (length,) = struct.unpack_from("<H", sheet, name_at)
            name = sheet[name_at + 2 : name_at + 2 + 2 * length].decode("utf-16-le", "replace")
            if sti & 0x0FFF in _HEADINGS:
                name = f"heading {sti & 0x0FFF}"
            upx = name_at + 2 + 2 * (length + 1)  # the name, and its terminating null
            paragraphs = b""
            if kind == _PARAGRAPH_STYLE:
                (paragraph_size,) = struct.unpack_from("<H", sheet, upx)
                paragraphs = sheet[upx + 4 : upx + 2 + paragraph_size]  # after its istd
                upx += 2 + paragraph_size + paragraph_size % 2
            characters = b""
            if (kind == _CHARACTER_STYLE or upxs & 0x0F >= 2) and upx + 2 <= entry + size:
                (character_size,) = struct.unpack_from("<H", sheet, upx)
                characters = sheet[upx + 2 : upx + 2 + character_size]
            based = kind_and_base >> 4
            found[index] = Style(name, None if based == 0x0FFF else based, paragraphs, characters)
    except struct.error:
        pass  # the styles read so far stand
    return found
