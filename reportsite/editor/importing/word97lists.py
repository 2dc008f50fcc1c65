"""The numbers Word puts before the paragraphs of a Word 97–2003 file (.doc) itself, which its
text does not hold: the lists ([MS-DOC] PlfLst, each with its levels' LVL after it), their
instances (PlfLfo, with the levels they start again or define anew) and which paragraph is in
which (sprmPIlfo and sprmPIlvl in the paragraphs' properties, word97properties.py). Counted
by numbering.py, as a .docx's are; a paragraph's list is its own, or its style's (a
template's headings). A list in a text box is not read."""

from __future__ import annotations

import bisect
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .numbering import NFC_FORMATS, Level, Numbering, inherited
from .word97properties import Style, paragraph_runs, sprms

_LIST: Final = 0x460B
"""sprmPIlfo: the paragraph's list instance (from 1; 0, none)."""
_LEVEL: Final = 0x260A
"""sprmPIlvl: its level in the list (from 0)."""
_LSTF: Final = 28
_LFO: Final = 16
_LVLF: Final = 28
_SUFFIXES: Final = (" ", " ", "")
"""What follows the number (ixchFollow): a tab, a space, nothing."""


def numbering(table: bytes, lists_at: int, lists_size: int, instances: bytes) -> Numbering:
    """The document's lists (the table stream, where PlfLst is and its size: the levels follow
    it, outside that size) and their instances; none that cannot be read."""
    found = Numbering()
    try:
        count = struct.unpack_from("<H", table, lists_at)[0] if lists_size >= 2 else 0
        at = lists_at + lists_size
        for number in range(count):
            entry = lists_at + 2 + _LSTF * number
            list_id = struct.unpack_from("<i", table, entry)[0]
            simple = table[entry + 26] & 1
            levels: dict[int, Level] = {}
            for level in range(1 if simple else 9):
                levels[level], at = _level(table, at)
            found.lists[str(list_id)] = levels
        _instances(found, instances)
    except (struct.error, IndexError, UnicodeDecodeError):
        return Numbering()  # a damaged table: the numbers are lost, not the document
    return found


def _level(table: bytes, at: int) -> tuple[Level, int]:
    """The LVL at `at`, and where the next one starts."""
    start, nfc, flags = struct.unpack_from("<iBB", table, at)
    follow = table[at + 15]
    restart_limit = table[at + 26]
    properties = table[at + 24] + table[at + 25]
    at += _LVLF + properties
    (length,) = struct.unpack_from("<H", table, at)
    text = table[at + 2 : at + 2 + 2 * length].decode("utf-16-le")
    # In the number's text, the characters 0 to 8 stand for the numbers of levels 1 to 9.
    text = "".join(f"%{ord(c) + 1}" if ord(c) < 9 else c for c in text)
    level = Level(
        start=start,
        format=NFC_FORMATS[nfc] if nfc < len(NFC_FORMATS) else "none",
        text=text,
        restart=restart_limit if flags & 0x08 else None,  # fNoRestart: ilvlRestartLim says
        legal=bool(flags & 0x04),
        suffix=_SUFFIXES[follow] if follow < len(_SUFFIXES) else "",
    )
    return level, at + 2 + 2 * length


def _instances(found: Numbering, table: bytes) -> None:
    """The list instances (PlfLfo: LFOs, then each one's LFOData with its levels' overrides),
    by their number from 1."""
    if len(table) < 4:
        return
    (count,) = struct.unpack_from("<i", table, 0)
    at = 4 + _LFO * max(count, 0)
    for number in range(max(count, 0)):
        list_id, _, _, overrides = struct.unpack_from("<iiiB", table, 4 + _LFO * number)
        levels: dict[int, Level] = {}
        starts: dict[int, int] = {}
        at += 4  # the LFOData's cp
        for _ in range(overrides):
            start, bits = struct.unpack_from("<iI", table, at)
            at += 8
            level = bits & 0x0F
            if bits & 0x10:  # fStartAt
                starts[level] = start
            if bits & 0x20:  # fFormatting: the level defined anew
                levels[level], at = _level(table, at)
        found.instances[str(number + 1)] = (str(list_id), levels, starts)


@dataclass(frozen=True, slots=True)
class Numbered:
    """The runs of paragraphs' properties that name a list, in the stream's order."""

    starts: list[int]
    ends: list[int]
    lists: list[tuple[str, int]]

    def at(self, mark: int) -> tuple[str | None, int]:
        """The list instance and level of the paragraph whose mark is at byte `mark`."""
        index = bisect.bisect_right(self.starts, mark) - 1
        if index < 0 or mark >= self.ends[index]:
            return None, 0
        return self.lists[index]


def numbered(document: bytes, bins: bytes, styles: Mapping[int, Style]) -> Numbered:
    """The paragraphs' runs that name a list (sprmPIlfo, at sprmPIlvl's level), or whose style
    does (the style sheet, STSH: a template's headings) and they do not take it away."""
    given = _style_lists(styles)
    found: list[tuple[int, int, str, int]] = []
    for start, end, style, properties in paragraph_runs(document, bins):
        instance, level = given.get(style, (None, None))
        own, own_level = _list(properties)
        instance = own if own is not None else instance
        level = own_level if own_level is not None else level
        if instance:
            found.append((start, end, str(instance), level or 0))
    found.sort()
    return Numbered(
        [start for start, _, _, _ in found],
        [end for _, end, _, _ in found],
        [(instance, level) for _, _, instance, level in found],
    )


def _list(properties: bytes) -> tuple[int | None, int | None]:
    """The list instance and level a grpprl gives, each None where it gives none."""
    instance = level = None
    for sprm, operand in sprms(properties):
        if sprm == _LIST and len(operand) == 2:
            instance = struct.unpack("<H", operand)[0]
        elif sprm == _LEVEL and len(operand) == 1:
            level = operand[0]
    return instance, level


def _style_lists(styles: Mapping[int, Style]) -> dict[int, tuple[int, int]]:
    """Each paragraph style's list instance and level, its own or that of the style it is
    based on."""
    own = {index: _list(style.paragraphs) for index, style in styles.items()}
    based = {index: style.based for index, style in styles.items() if style.based is not None}
    return inherited(own, based)
