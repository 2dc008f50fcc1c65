"""The numbers an OpenDocument text's lists put before their paragraphs, which are no text of
the paragraphs: a report whose 一、 parts and （一） sections LibreOffice numbers itself (or a
.docx's multilevel list, as LibreOffice saves it) was imported without them, so its headings
went unrecognised. A paragraph is numbered where it is the first of a list item (text:list-item,
not a text:list-header); its level is how deep its list is nested; its number's form is the
top list's style's level (text:list-style: a prefix, the format, a suffix, how many levels it
shows, what follows it; LibreOffice's own num-list-format where it writes one), counted as
numbering.py counts a Word file's, a list going on from the one it continues
(text:continue-numbering: the last list of its style; text:continue-list: the one named) and
starting again otherwise. A heading outside any list is numbered by the outline's style
(text:outline-style), if it has numbers. Bullets show none."""

from __future__ import annotations

from typing import Final

from lxml import etree

from .numbering import Level, Numbering

_TEXT: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE: Final = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_LOEXT: Final = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
_LIST, _ITEM, _HEADING = f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}h"
_PARAGRAPHS: Final = frozenset((f"{_TEXT}p", _HEADING))
_FORMATS: Final = {
    "1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
    "I": "upperRoman", "一": "chineseCounting", "壹, 贰": "chineseLegalSimplified",
    "壹, 貳": "ideographLegalTraditional", "甲": "ideographTraditional",
    "子": "ideographZodiac", "①": "decimalEnclosedCircle", "１": "decimalFullWidth",
    "01": "decimalZero",
}  # fmt: skip
"""A level's style:num-format (LibreOffice writes a series's first numbers, "一, 二, 三, ...")
by how it starts → the format numbering.py writes."""
_FOLLOWED: Final = {"listtab": " ", "space": " ", "nothing": ""}
_OUTLINE: Final = "\0outline"
"""The outline's numbering, among the lists' (no list style is so named)."""


class ListNumbers:
    """A document's list styles, and how far each list has counted."""

    def __init__(self, roots: list[etree._Element]) -> None:
        self._styles: dict[str, dict[int, Level]] = {}
        for root in roots:
            for style in root.iter(f"{_TEXT}list-style", f"{_TEXT}outline-style"):
                outline = style.tag == f"{_TEXT}outline-style"
                name = _OUTLINE if outline else style.get(f"{_STYLE}name", "")
                self._styles[name] = {
                    _number(level.get(f"{_TEXT}level")) - 1: _level(level) for level in style
                }
        self._counting = Numbering()
        self._chains: dict[etree._Element, str] = {}
        self._named: dict[str, str] = {}
        self._last: dict[str, str] = {}

    def label(self, paragraph: etree._Element) -> str:
        """The number the paragraph shows, with what follows it; "" if none. Counts it: call
        once for each paragraph, in document order."""
        item = paragraph.getparent()
        if item is None or item.tag != _ITEM:
            if paragraph.tag == _HEADING and _OUTLINE in self._styles:
                level = _number(paragraph.get(f"{_TEXT}outline-level"))
                return self._shown(_OUTLINE, _OUTLINE, level - 1)
            return ""
        if next((child for child in item if child.tag in _PARAGRAPHS), None) is not paragraph:
            return ""  # a list item's later paragraphs: its number is before its first
        top = item.getparent()
        if top is None:
            return ""
        depth = 0  # how many lists the item's list is nested in
        while (above := top.getparent()) is not None and above.tag == _ITEM:
            parent = above.getparent()
            if parent is None or parent.tag != _LIST:
                break
            top, depth = parent, depth + 1
        style = top.get(f"{_TEXT}style-name", "")
        chain = self._chain(top, style)
        start = item.get(f"{_TEXT}start-value")
        if start is not None and depth < 9:
            self._counting.counts.setdefault(chain, [None] * 9)[depth] = _number(start) - 1
        return self._shown(chain, style, depth)

    def _chain(self, top: etree._Element, style: str) -> str:
        """The counting the top list goes on with, or starts."""
        if top not in self._chains:
            named = top.get(f"{_TEXT}continue-list", "")
            if named in self._named:
                chain = self._named[named]
            elif top.get(f"{_TEXT}continue-numbering") == "true" and style in self._last:
                chain = self._last[style]
            else:
                chain = str(len(self._chains))
            self._chains[top] = chain
            own = top.get("{http://www.w3.org/XML/1998/namespace}id")
            if own:
                self._named[own] = chain
            self._last[style] = chain
        return self._chains[top]

    def _shown(self, chain: str, style: str, level: int) -> str:
        if chain not in self._counting.instances:
            self._counting.lists[chain] = self._styles.get(style, {})
            self._counting.instances[chain] = (chain, {}, {})
        return self._counting.shown(chain, level)


def _level(level: etree._Element) -> Level:
    """A list style's level as numbering.py's: a bullet's or a picture's, none."""
    if (
        level.tag != f"{_TEXT}list-level-style-number"
        and level.tag != f"{_TEXT}outline-level-style"
    ):
        return Level(format="bullet")
    number = _number(level.get(f"{_TEXT}level"))
    written = level.get(f"{_LOEXT}num-list-format")
    if written is not None:
        text = written
        for at in range(1, 10):  # LibreOffice's %1% is numbering.py's %1
            text = text.replace(f"%{at}%", f"%{at}")
    else:
        count = min(_number(level.get(f"{_TEXT}display-levels")), number)
        numbers = ".".join(f"%{at}" for at in range(number - count + 1, number + 1))
        text = level.get(f"{_STYLE}num-prefix", "") + numbers + level.get(f"{_STYLE}num-suffix", "")
    written_format = level.get(f"{_STYLE}num-format", "")
    kind = next(
        (name for start, name in _FORMATS.items() if written_format.startswith(start)),
        "decimal" if written_format else "none",
    )
    alignment = level.find(f"{_STYLE}list-level-properties/{_STYLE}list-level-label-alignment")
    followed = alignment.get(f"{_TEXT}label-followed-by", "") if alignment is not None else ""
    return Level(
        start=_number(level.get(f"{_TEXT}start-value")),
        format=kind,
        text=text,
        suffix=_FOLLOWED.get(followed, " "),
    )


def _number(text: str | None) -> int:
    """A level's, a start's or a count's number as ODF writes it (from 1); 1 if it is none."""
    return int(text) if text and text.isdecimal() and len(text) < 10 and int(text) > 0 else 1
