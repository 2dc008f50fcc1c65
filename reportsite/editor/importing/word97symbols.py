"""The symbols of a Word 97–2003 file (.doc), which its text alone does not say: a symbol
inserted with Insert → Symbol is the character "(" in the text, the font and the character it
shows being in the run's properties (sprmCSymbol); a symbol typed in a symbol font (R in
Wingdings 2 for ☑) is the character typed, the font in the run's properties (sprmCRgFtc0,
its Latin text's font). Both were imported as they are in the text ("(", "R"). Read from the
runs' properties (word97properties.py) and the fonts' table (SttbfFfn), only as far as
symbols need; a run's properties given by its style are not looked at (a symbol is set by
hand, not by a style)."""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass
from typing import Final

from .symbols import in_font, symbol, symbol_font
from .word97properties import character_runs, sprms

_NONE: Final = "\ufffe"
_SYMBOL: Final = 0x6A09
"""sprmCSymbol: the font (an index into the fonts' table) and the character a symbol shows."""
_LATIN_FONT: Final = 0x4A4F
"""sprmCRgFtc0: the font of the run's ASCII text."""
_FONT_NAME: Final = 39
"""Where an FFN's name starts: after its flags, weight, charset, alternate name's place,
PANOSE and font signature."""


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of the WordDocument stream (from, to: byte offsets) and how its characters
    show: as the symbol `shown`, or typed in the symbol font `font`."""

    start: int
    end: int
    shown: str | None
    font: str


def symbol_runs(document: bytes, bins: bytes, names: list[str]) -> list[Run]:
    """The runs of the document whose characters are symbols, in order (the fonts' `names`
    by index); none if the tables cannot be read (a damaged table loses the symbols alone)."""
    found: list[Run] = []
    for start, end, properties in character_runs(document, bins):
        shown: str | None = None
        font = ""
        for sprm, operand in sprms(properties):
            if sprm == _SYMBOL and len(operand) == 4:
                index, character = struct.unpack("<HH", operand)
                shown = symbol(names[index] if index < len(names) else "", character)
            elif sprm == _LATIN_FONT and len(operand) == 2:
                index = struct.unpack("<H", operand)[0]
                font = names[index] if index < len(names) else ""
        if shown is not None or symbol_font(font):
            found.append(Run(start, end, shown, font))
    return sorted(found, key=lambda run: (run.start, run.end))


def shown(text: str, offset: int, width: int, runs: list[Run]) -> str:
    """The text of a piece that starts at byte `offset` of the stream, `width` bytes a
    character, with the symbols of the runs it overlaps as they show."""
    if not runs:
        return text
    end = offset + width * len(text)
    at = bisect.bisect_right([run.end for run in runs], offset)
    parts: list[str] = []
    done = 0
    for run in runs[at:]:
        if run.start >= end:
            break
        first = max(run.start - offset, 0) // width
        last = min((run.end - offset + width - 1) // width, len(text))
        if first < done or last <= first:  # runs that overlap or run backwards: a damaged file
            continue
        parts.append(text[done:first])
        stretch = text[first:last]
        # A character for a character, a glyph that none shows as a non-character that the
        # lines drop (sources.clean): the text's positions are the document's still.
        if run.shown is not None:
            parts.append((run.shown or _NONE) * len(stretch))
        else:
            parts.append("".join(in_font(run.font, c) or _NONE for c in stretch))
        done = last
    parts.append(text[done:])
    return "".join(parts)


def font_names(table: bytes) -> list[str]:
    """The fonts' names, by index ([MS-DOC] SttbfFfn: a count, then each FFN after its size)."""
    if len(table) < 4:
        return []
    count, extra = struct.unpack_from("<HH", table, 0)
    if count == 0xFFFF or extra:
        return []
    names: list[str] = []
    at = 4
    for _ in range(count):
        if at >= len(table):
            break
        size = table[at]
        name = table[at + 1 + _FONT_NAME : at + 1 + size]
        names.append(name.decode("utf-16-le", errors="replace").split("\0")[0])
        at += 1 + size
    return names
