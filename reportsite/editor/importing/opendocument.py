"""OpenDocument text (.odt) → located lines: LibreOffice's own format, and that of the office
suites built on it. The body of content.xml in reading order — headings and paragraphs, table
cells one after another, list items — a paragraph a line as in a .docx, a heading's outline
level marked as a .docx's heading styles are; its bold, fonts and centring read as a .docx's
(from its automatic and named styles), its symbols (symbols.py) and its lists' numbers
(opendocumentlists.py). Spans, links, spaces (text:s), tabs and soft line breaks are read as
shown; the text of text boxes and shapes after the paragraph they are anchored in (in place
when anchored to the page); notes, comments and the text tracked changes deleted are left out
(headers and footers are in another part). The package is checked as a zip before anything is
unpacked, and its XML parsed as officexml.py parses office files' XML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree

from ..packages import bomb
from .lines import Line
from .officexml import parse, within
from .opendocumentlists import ListNumbers
from .sources import Read, SourceError, numbered_paragraphs
from .styled import TextRun, styled_lines
from .symbols import in_font

_TEXT: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE: Final = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_HEADING: Final = f"{_TEXT}h"
_PARAGRAPHS: Final = frozenset((f"{_TEXT}p", _HEADING))
_DRAW: Final = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OUTSIDE: Final = frozenset((f"{_TEXT}note", f"{_TEXT}tracked-changes", f"{_OFFICE}annotation"))
"""What the body holds that is no text of the report: notes, what tracked changes deleted,
comments."""
_BREAKS: Final = {f"{_TEXT}line-break": "\n", f"{_TEXT}tab": "\t"}
_NUMBER: Final = f"{_TEXT}number"
"""A list item's number as its producer formatted it, which a paragraph may hold beside its
text: the number is counted from the list's style (opendocumentlists.py), this read only
where that gives none."""
_STYLE: Final = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO: Final = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_SVG: Final = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"


@dataclass(frozen=True, slots=True)
class _Format:
    """What a style says of its text (each None where it says nothing): bold, the font of its
    East Asian text (else of its Western text), the font of its Western text (a symbol font's
    glyphs are read as the characters they show), centred; and the style it is based on."""

    bold: bool | None = None
    font: str | None = None
    latin: str | None = None
    centred: bool | None = None
    parent: str = ""

    def over(self, outer: _Format) -> _Format:
        """This text formatting where it says anything, else the formatting it is inside."""
        return _Format(
            outer.bold if self.bold is None else self.bold,
            outer.font if self.font is None else self.font,
            outer.latin if self.latin is None else self.latin,
        )


_NONE: Final = _Format()


@dataclass(frozen=True, slots=True)
class _Styles:
    """A document's paragraph and text styles by name: the automatic ones (content.xml's, a
    paragraph's or a span's own formatting) and the named ones (styles.xml's)."""

    paragraphs: dict[str, _Format]
    text: dict[str, _Format]

    def paragraph(self, name: str) -> tuple[_Format, bool]:
        """A paragraph style's own formatting, and whether the style it is based on sets its
        text in bold (a .docx's reader takes a run's bold from its paragraph style so)."""
        own = self.paragraphs.get(name, _NONE)
        return own, bool(self.paragraphs.get(own.parent, _NONE).bold)


def read_odt(data: bytes) -> Read:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            found = bomb(package.infolist())
            content = b"" if found else package.read("content.xml")
            named = not found and "styles.xml" in package.NameToInfo
            shared = package.read("styles.xml") if named else b""
    except Exception as error:  # a damaged package: whatever zipfile and zlib raised
        raise SourceError("import-bad-odt", detail=str(error) or type(error).__name__) from error
    if found is not None:
        raise SourceError("import-zip-bomb", name=found)
    root = parse(content, "import-bad-odt")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise SourceError("import-bad-odt", detail="no office:text")
    roots = [root, *([parse(shared, "import-bad-odt")] if shared else [])]
    styles = _styles(roots)
    numbers = ListNumbers(roots)
    lines: list[Line] = []
    for number, (paragraph, level, boxed) in numbered_paragraphs(_paragraphs(body, False)):
        own, style_bold = styles.paragraph(paragraph.get(f"{_TEXT}style-name", ""))
        written = paragraph.find(_NUMBER)
        label = numbers.label(paragraph) or (written.text or "" if written is not None else "")
        runs = [TextRun(label)]
        runs += (
            TextRun(
                in_font(shown.latin or "", text),
                style_bold if shown.bold is None else shown.bold,
                shown.font or "",
            )
            for text, shown in _runs(paragraph, styles, own.over(_NONE))
        )
        lines += styled_lines(
            runs,
            number,
            style=f"heading {level}" if level else "",
            centred=bool(own.centred),
            boxed=boxed,
        )
    if not lines and next(body.iter(f"{_DRAW}image"), None) is not None:
        raise SourceError("import-scanned", kind="OpenDocument")  # a scan's pages as pictures
    return Read("odt", tuple(lines))


def _styles(roots: list[etree._Element]) -> _Styles:
    """The paragraph and text styles of content.xml and styles.xml, their fonts' names as
    their font faces give them ("黑体1", a face's name, is 黑体)."""
    faces = {
        face.get(f"{_STYLE}name", ""): (face.get(f"{_SVG}font-family") or "").strip("'\"")
        for root in roots
        for face in root.iter(f"{_STYLE}font-face")
    }
    found = _Styles({}, {})
    for root in roots:
        for style in root.iter(f"{_STYLE}style"):
            family = found.paragraphs if style.get(f"{_STYLE}family") == "paragraph" else found.text
            text = style.find(f"{_STYLE}text-properties")
            layout = style.find(f"{_STYLE}paragraph-properties")
            weight = font = latin = None
            if text is not None:
                weight = text.get(f"{_STYLE}font-weight-asian") or text.get(f"{_FO}font-weight")
                latin = text.get(f"{_STYLE}font-name")
                font = text.get(f"{_STYLE}font-name-asian") or latin
            align = layout.get(f"{_FO}text-align") if layout is not None else None
            family[style.get(f"{_STYLE}name", "")] = _Format(
                None if weight is None else weight == "bold" or weight[:1] in ("6", "7", "8", "9"),
                None if font is None else faces.get(font) or font,
                None if latin is None else faces.get(latin) or latin,
                None if align is None else align == "center",
                style.get(f"{_STYLE}parent-style-name", ""),
            )
    return found


def _paragraphs(
    container: etree._Element, boxed: bool
) -> Iterator[tuple[etree._Element, int, bool]]:
    """Each paragraph, its heading level (1 for a heading of the outline's first level, 2 for
    one below, as a Word file's heading styles are read; 0 for a paragraph) and whether it is
    in a text box or shape, and after it the paragraphs inside it: those of the text boxes and
    shapes anchored in it (by recursion, as deep as the parser lets elements nest)."""
    for paragraph in within(container, _PARAGRAPHS, lambda element: element.tag in _OUTSIDE):
        level = 0
        if paragraph.tag == _HEADING:
            level = 1 if paragraph.get(f"{_TEXT}outline-level", "1") in ("1", "") else 2
        yield paragraph, level, boxed
        yield from _paragraphs(paragraph, True)


def _runs(
    element: etree._Element, styles: _Styles, shown: _Format
) -> Iterator[tuple[str, _Format]]:
    """A paragraph's text as shown, in runs of one formatting (what its spans say, over what
    the element they are in says): its own and its spans' and links' (their
    tails too), a run of spaces for text:s, a break or a tab for theirs; not what _OUTSIDE
    holds, a frame's or a shape's (read after the paragraph), a list item's number as written
    (_NUMBER), nor an XML comment's. (Spans
    within spans are read by recursion: the parser allows no more than 256 levels.)"""
    yield element.text or "", shown
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag is None:
            pass
        elif tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c") or "1"
            yield " " * (min(int(count[:4]), 100) if count.isdecimal() else 1), shown
        elif tag in _BREAKS:
            yield _BREAKS[tag], shown
        elif (
            tag not in _OUTSIDE
            and tag not in _PARAGRAPHS
            and tag != _NUMBER
            and not tag.startswith(_DRAW)
        ):
            own = styles.text.get(child.get(f"{_TEXT}style-name", ""), _NONE)
            yield from _runs(child, styles, own.over(shown))
        yield child.tail or "", shown
