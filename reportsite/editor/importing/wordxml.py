"""Word's XML files → located lines. Word saves a document as one XML file in two ways, and
systems that fill a Word template in (FreeMarker and the like, common in office software)
write both and name them .doc: read as text, their markup was imported as the report.

- Word 2003 XML (WordprocessingML 2003, `<w:wordDocument>`, "XML Document (2003)"): the body's
  paragraphs in reading order, table cells one after another, text boxes and WordArt after
  the paragraph they are anchored in, a paragraph a line as in a .docx, its list's number
  first; runs' text (w:t), soft breaks, tabs and symbols (symbols.py), and the bold, fonts,
  styles and centring a .docx's lines keep (styled.py); field codes, deleted text, comments,
  headers, footers and footnotes are left out.
- Flat OPC (`<pkg:package>`, "Word XML Document"): the parts of a .docx in one file, put back
  into a package and read as a .docx (word.py), bold, fonts and styles and all.

Parsed as officexml.py parses office files' XML."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree

from .lines import Line
from .numbering import WORDML, Numbering, inherited
from .officexml import parse, within
from .sources import Read, SourceError, clean, numbered_paragraphs
from .styled import TextRun, styled_lines
from .symbols import in_font, inserted

_W: Final = "{http://schemas.microsoft.com/office/word/2003/wordml}"
_AML: Final = "{http://schemas.microsoft.com/aml/2001/core}"
_PKG: Final = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
_CT: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS: Final = "application/vnd.openxmlformats-package.relationships+xml"
_TYPES: Final = "[Content_Types].xml"
_TEXT_BOX: Final = f"{_W}txbxContent"
_FLOATING: Final = frozenset((_TEXT_BOX, "{urn:schemas-microsoft-com:vml}textpath"))
_OUTSIDE: Final = frozenset(
    (_TEXT_BOX, *(f"{_W}{name}" for name in ("hdr", "ftr", "footnote", "endnote", "binData")))
)
"""What the body holds that is no text of the paragraph it is in: headers and footers (in
w:sectPr), notes, pictures' data, and text boxes (read after it)."""
_BREAKS: Final = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t"}
"""A soft line break (as w:br in a .docx: a line of its own, the paragraph's number kept), and
a tab, as they show in a paragraph's text."""
_PARAGRAPH: Final = frozenset((f"{_W}p",))
_SYMBOL: Final = f"{_W}sym"
_SHOWN: Final = frozenset((f"{_W}t", _SYMBOL, *_BREAKS))
_COMMENT: Final = "Word.Comment"
"""The type of an aml:annotation that is a comment (insertions and deletions are others)."""


def read_wordml(data: bytes) -> Read:
    root = parse(data, "import-bad-wordml")
    body = root.find(f"{_W}body")
    if body is None:
        raise SourceError("import-bad-wordml", detail="no w:body")
    lists = Numbering.of(root.find(f"{_W}lists"), root.find(f"{_W}styles"), WORDML)
    styles = _styles(root.find(f"{_W}styles"))
    lines: list[Line] = []
    for number, paragraph in numbered_paragraphs(_paragraphs(body, False)):
        if isinstance(paragraph, str):  # a WordArt's text
            lines += (Line(text, number) for text in map(clean, paragraph.split("\n")) if text)
        else:
            lines += _lines(*paragraph, number, styles, lists)
    return Read("wordml", tuple(lines))


@dataclass(frozen=True, slots=True)
class _Style:
    """What a style's properties say (None where they say nothing): bold, the font of East
    Asian text (else of Latin text), the font of Latin text, centred, the outline level; and
    its name."""

    bold: bool | None = None
    font: str | None = None
    latin: str | None = None
    centred: bool | None = None
    outline: int | None = None
    name: str = ""


_NONE: Final = _Style()


def _styles(styles: etree._Element | None) -> dict[str, _Style]:
    """The paragraph and character styles by their ids, each by its own properties (as the
    .docx reader takes a paragraph style's bold) but its outline level: its own, else that of
    the style it is based on, and so on (as Word, and the other Word formats' readers, have
    it: a template's 一级标题 based on heading 1)."""
    found: dict[str, _Style] = {}
    based: dict[str, str] = {}
    for style in styles.iterfind(f"{_W}style") if styles is not None else ():
        name, base = style.find(f"{_W}name"), style.find(f"{_W}basedOn")
        key = style.get(f"{_W}styleId", "")
        found[key] = _formatting(
            style.find(f"{_W}rPr"),
            style.find(f"{_W}pPr"),
            name.get(f"{_W}val", "") if name is not None else "",
        )
        if base is not None:
            based[key] = base.get(f"{_W}val", "")
    outlines = inherited({key: (style.outline, None) for key, style in found.items()}, based)
    return {
        key: dataclasses.replace(style, outline=outlines[key][0] if key in outlines else None)
        for key, style in found.items()
    }


def _formatting(
    run: etree._Element | None, paragraph: etree._Element | None, name: str = ""
) -> _Style:
    """What a run's properties (w:rPr) and a paragraph's (w:pPr) say."""
    bold = fonts = None
    if run is not None:
        bold = run.find(f"{_W}b")
        fonts = run.find(f"{_W}rFonts")
    align = paragraph.find(f"{_W}jc") if paragraph is not None else None
    level = paragraph.find(f"{_W}outlineLvl") if paragraph is not None else None
    outline = level.get(f"{_W}val", "") if level is not None else ""

    def font(*names: str) -> str | None:
        """The first of these w:rFonts attributes that names a font."""
        if fonts is None:
            return None
        return next((found for each in names if (found := fonts.get(f"{_W}{each}"))), None)

    return _Style(
        None if bold is None else bold.get(f"{_W}val", "on") not in ("off", "0", "false"),
        font("fareast", "ascii"),
        font("ascii", "h-ansi"),
        None if align is None else align.get(f"{_W}val") == "center",
        int(outline) if outline.isdecimal() and len(outline) < 3 else None,
        name,
    )


def _lines(
    paragraph: etree._Element, boxed: bool, number: int, styles: dict[str, _Style], lists: Numbering
) -> Iterator[Line]:
    """A paragraph's lines, as a .docx's are made (styled.py): a run's bold, font and symbols
    its own, else its character style's, else (bold) its paragraph style's; the paragraph's
    alignment and outline level its own, else its style's; its style's name; the number its
    list gives it."""
    properties = paragraph.find(f"{_W}pPr")
    named = properties.find(f"{_W}pStyle") if properties is not None else None
    style = styles.get(named.get(f"{_W}val", "") if named is not None else "", _NONE)
    own = _formatting(None, properties)
    runs = [TextRun(lists.label(paragraph))]
    for part in within(paragraph, _SHOWN, _passed):
        run = part.getparent()
        given = run.find(f"{_W}rPr") if run is not None else None
        direct = _formatting(given, None)
        character = given.find(f"{_W}rStyle") if given is not None else None
        kept = styles.get(character.get(f"{_W}val", "") if character is not None else "", _NONE)
        bold = next((b for b in (direct.bold, kept.bold, style.bold) if b is not None), False)
        latin = direct.latin if direct.latin is not None else kept.latin
        runs.append(
            TextRun(
                in_font(latin or "", _shown(part)),
                bold,
                (direct.font if direct.font is not None else kept.font) or "",
            )
        )
    centred = own.centred if own.centred is not None else style.centred
    return styled_lines(
        runs,
        number,
        style=style.name,
        outline=own.outline if own.outline is not None else style.outline,
        centred=bool(centred),
        boxed=boxed,
    )


def read_flat_opc(data: bytes) -> Read:
    """The parts of the package, each as its file in a .docx: an XML part's element, a binary
    part's bytes (base64); [Content_Types].xml made of their content types."""
    from .word import read_word

    out = io.BytesIO()
    types: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w") as package:
        for part in parse(data, "import-bad-wordml").iterfind(f"{_PKG}part"):
            name = (part.get(f"{_PKG}name") or "").lstrip("/")
            xml, binary = part.find(f"{_PKG}xmlData"), part.find(f"{_PKG}binaryData")
            if not name or name == _TYPES or name in package.NameToInfo:
                continue  # a name given twice: the first part of it, as a package has one
            if xml is not None and len(xml):
                content = etree.tostring(xml[0], xml_declaration=True, encoding="UTF-8")
            elif binary is not None:
                try:
                    content = base64.b64decode(binary.text or "")
                except binascii.Error as error:
                    raise SourceError("import-bad-wordml", detail=f"{name}: {error}") from error
            else:
                continue
            package.writestr(name, content)
            types.append((name, part.get(f"{_PKG}contentType") or "application/xml"))
        package.writestr(_TYPES, _content_types(types))
    return read_word(out.getvalue())


def _content_types(parts: list[tuple[str, str]]) -> bytes:
    root = etree.Element(f"{_CT}Types", nsmap={None: _CT[1:-1]})
    etree.SubElement(root, f"{_CT}Default", Extension="rels", ContentType=_RELS)
    etree.SubElement(root, f"{_CT}Default", Extension="xml", ContentType="application/xml")
    for name, content_type in parts:
        etree.SubElement(root, f"{_CT}Override", PartName=f"/{name}", ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _paragraphs(body: etree._Element, boxed: bool) -> Iterator[tuple[etree._Element, bool] | str]:
    """Each paragraph (a table cell's too), and whether it is in a text box: its runs' text
    (in links, fields and insertions alike) and breaks are read; deleted text (w:delText) and
    a field's code (w:instrText) are other elements. The text boxes and WordArt (its text)
    anchored in a paragraph follow it, as in a .docx (word.py); boxes inside boxes are as deep
    as the parser lets elements nest."""
    for paragraph in within(body, _PARAGRAPH, _passed):
        yield paragraph, boxed
        for shape in within(paragraph, _FLOATING, _passed):
            if shape.tag == _TEXT_BOX:
                yield from _paragraphs(shape, True)
            elif shape.get("string"):  # not the v:textpath of a WordArt's shape type
                yield shape.get("string") or ""


def _shown(part: etree._Element) -> str:
    """What a run's part shows: its text, a break or a tab, or a symbol (symbols.py)."""
    if part.tag == _SYMBOL:
        return inserted(part.get(f"{_W}font"), part.get(f"{_W}char"))
    return _BREAKS.get(str(part.tag)) or part.text or ""


def _passed(element: etree._Element) -> bool:
    """Whether an element is no text of the report: _OUTSIDE, or a comment."""
    if element.tag in _OUTSIDE:
        return True
    return element.tag == f"{_AML}annotation" and element.get(f"{_W}type") == _COMMENT
