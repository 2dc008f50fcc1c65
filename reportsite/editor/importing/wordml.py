"""Word 2003 XML files (WordprocessingML 2003, `<w:wordDocument>`) → located lines: the body's
paragraphs in reading order, table cells one after another, a paragraph a line as in a .docx.
Word saves such a file as "XML Document (2003)", and systems that fill a Word template in
(FreeMarker and the like, common in office software) write one and name it .doc: read as
text, its markup was imported as the report. Only the text, as of a .doc (word97.py): runs'
text (w:t), soft breaks and tabs; field codes, deleted text, comments, headers, footers,
footnotes and text boxes are left out. Parsed by lxml, which loads no DTD and no entity here
(a Word file declares none, and one that does is refused)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from lxml import etree

from .lines import Line
from .sources import MAX_LINES, Read, SourceError, clean

_W: Final = "{http://schemas.microsoft.com/office/word/2003/wordml}"
_AML: Final = "{http://schemas.microsoft.com/aml/2001/core}"
_OUTSIDE: Final = frozenset(
    f"{_W}{name}" for name in ("hdr", "ftr", "footnote", "endnote", "txbxContent", "binData")
)
"""What the body holds that is no text of the report: headers and footers (in w:sectPr),
notes, text boxes, and pictures' data."""
_COMMENT: Final = "Word.Comment"
"""The type of an aml:annotation that is a comment (insertions and deletions are others)."""


def read_wordml(data: bytes) -> Read:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SourceError("import-bad-wordml", detail=str(error)) from error
    if root.getroottree().docinfo.doctype:
        raise SourceError("import-bad-wordml", detail="DOCTYPE")
    body = root.find(f"{_W}body")
    if body is None:
        raise SourceError("import-bad-wordml", detail="no w:body")
    return Read("wordml", tuple(_lines(body)))


def _lines(body: etree._Element) -> Iterator[Line]:
    """A line for each paragraph (a table cell's too) that holds text, numbered as a .docx's
    paragraphs are; a soft line break splits it into lines of the same number."""
    for number, paragraph in enumerate(_within(body, f"{_W}p"), 1):
        if number > MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        text = "".join(
            "\n"
            if part.tag in (f"{_W}br", f"{_W}cr")
            else "\t"
            if part.tag == f"{_W}tab"
            else part.text or ""
            for part in _within(paragraph, f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab")
        )
        for piece in text.split("\n"):
            cleaned = clean(piece)
            if cleaned:
                yield Line(cleaned, number)


def _within(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """The elements of these tags inside element, in document order, not looked inside; what
    is no text of the report (_OUTSIDE, comments) passed over whole. Walked with a stack, so
    a file nested deep costs no stack. Within a paragraph, its runs' text (in links, fields and
    insertions alike) and breaks: deleted text (w:delText) and a field's code (w:instrText)
    are other elements."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            yield child
        elif child.tag not in _OUTSIDE and not _comment(child):
            stack.append(iter(child))


def _comment(element: etree._Element) -> bool:
    return element.tag == f"{_AML}annotation" and element.get(f"{_W}type") == _COMMENT
