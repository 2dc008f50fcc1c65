"""Word files (.docx) → located lines, through python-docx: paragraphs in reading order (tables,
nested tables, content controls, text boxes, parts of other formats held in the file), each
with the number Word shows before it (numbering.py) and its symbols (symbols.py), bold runs
(their own, or their character style's) kept for lead phrases, outline levels, heading styles
and 黑体/楷体 fonts marked as headings; headers and footers (page numbers) are not part of the
body. The package is checked as a zip before python-docx opens it, so a file that is no Word
file, or a zip bomb, is refused before anything is unpacked; a Strict one, or one with a
relationship to a part it lacks, is put right first (_repaired)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import replace
from typing import Any, Final

from lxml import etree

from ...problems import MESSAGES
from ..packages import too_large
from .lines import Line
from .numbering import Numbering
from .officexml import parse, within
from .sources import MAX_LINES, Read, SourceError, clean
from .sources import read as read_source
from .styled import TextRun, styled_lines
from .symbols import in_font, inserted

MAX_UNZIPPED: Final = 200 * 1024 * 1024
"""All members of a Word file together, unpacked (python-docx holds the document whole)."""


_OTHER_MAIN_PARTS: Final = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
"""The main part of a template (.dotx), of a document with macros (.docm, which a red-header
template's macros make) and of a template with macros (.dotm): a document's but for its name,
which python-docx does not know (they were refused as damaged). Their macros are not read."""


def read_word(data: bytes) -> Read:
    """The lines of a Word package; an OFD package, also a zip, is read as such (ofd.py)."""
    members = _members(data)
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        if _OFD not in names:
            raise SourceError("import-not-docx")
        from .ofd import read_ofd

        return read_ofd(data, members, MAX_UNZIPPED)
    found = too_large(members, MAX_UNZIPPED)
    if found is not None:
        raise SourceError("import-zip-bomb", name=found)
    data = _repaired(data, members)
    from docx.opc.exceptions import PackageNotFoundError
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart

    for content_type in _OTHER_MAIN_PARTS:
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    try:
        main = Package.open(io.BytesIO(data)).main_document_part
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise SourceError("import-bad-docx", detail=str(error) or type(error).__name__) from error
    except Exception as error:  # lxml's XMLSyntaxError and the like: a broken package
        raise SourceError("import-bad-docx", detail=type(error).__name__) from error
    if not isinstance(main, DocumentPart):  # a package whose main part is no document's
        raise SourceError("import-not-docx")
    document = main.document
    try:
        lines = tuple(_docx_lines(document))
    except SourceError:
        raise
    except Exception as error:  # python-docx reads a part as it is asked for: the same
        raise SourceError("import-bad-docx", detail=type(error).__name__) from error
    if not lines and next(document.element.body.iter(*_PICTURES), None) is not None:
        raise SourceError("import-scanned", kind="Word")
    # The document properties (core title, author) are left unread: offices reuse files, so
    # they hold a template's or a draft's name (政府工作报告（定稿）), never the title of record.
    return Read("docx", lines, "utf-8", {})


_OFD: Final = "OFD.xml"
"""The entry file of an OFD package (GB/T 33190, the fixed-layout format Chinese government
bodies publish documents in, as others do PDF), which is a zip too."""


_STRICT: Final = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/(\w+)")
"""A namespace (or a relationship's type) of ISO/IEC 29500 Strict, which Word saves as "Strict
Open XML Document" (and, once a field is updated, in place of the ordinary .docx): the same
elements as a .docx's in other namespaces, which python-docx does not know (such a file was
refused as damaged). Each is its Transitional namespace with the year taken out:
http://schemas.openxmlformats.org/wordprocessingml/2006/main is …/ooxml/wordprocessingml/main."""
_RELATIONSHIP: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _repaired(data: bytes, members: list[zipfile.ZipInfo]) -> bytes:
    """The package as python-docx can open it, as Word opens it: a Strict package's parts in
    Transitional namespaces; a relationship to a part the package does not hold (Target="NULL"
    left by add-ins, an internal link's "#_top" not marked external) left out, where
    python-docx raised on it ("There is no item named 'word/NULL' in the archive") and the
    file was refused as damaged. Any other package as it is, and one that cannot be
    unpacked, for python-docx to tell of as damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            strict = bool(_STRICT.search(package.read("_rels/.rels")))
            names = set(package.namelist())
            changed: dict[str, bytes] = {}
            for member in members:
                if not member.filename.endswith(".rels"):
                    continue
                part = _transitional(package.read(member)) if strict else package.read(member)
                kept = _held(part, member.filename, names)
                if kept is not None or strict:
                    changed[member.filename] = part if kept is None else kept
            if not changed:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as repaired:
                for member in members:
                    part = changed.get(member.filename) or package.read(member)
                    if strict and member.filename.endswith(".xml"):
                        part = _transitional(part)
                    repaired.writestr(member, part)
    except Exception:  # whatever zipfile, zlib and lxml raise on a damaged member
        return data
    return out.getvalue()


def _transitional(part: bytes) -> bytes:
    return _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", part)


def _held(rels: bytes, name: str, names: set[str]) -> bytes | None:
    """A relationships part with the relationships to parts the package lacks left out; None
    if it has none such."""
    root = parse(rels, "import-bad-docx")
    folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels: from word/
    dangling = [
        relationship
        for relationship in root.iter(_RELATIONSHIP)
        if relationship.get("TargetMode") != "External"
        and _target(folder, relationship.get("Target") or "") not in names
    ]
    if not dangling:
        return None
    for relationship in dangling:
        root.remove(relationship)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _target(folder: str, target: str) -> str:
    """The part a relationship's target names, as a member of the zip."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    """The members of a zip, listed before anything unpacks them; not a zip: no Word file."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as error:  # whatever zipfile raises (NotImplementedError for a version)
        raise SourceError("import-not-docx") from error


def _docx_lines(document: Any) -> Iterator[Line]:
    number = 0
    styles: dict[str | None, tuple[bool, str, int | None]] = {}
    characters: dict[str, tuple[bool | None, str]] = {}
    numbering = _numbering(document)
    for paragraph in _paragraphs(document):
        number += 1
        if number > MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        if isinstance(paragraph, str):
            yield from (Line(text, number) for text in map(clean, paragraph.split("\n")) if text)
        elif isinstance(paragraph, tuple):  # a chunk's lines, numbered as paragraphs on
            for count, line in enumerate(paragraph):
                number += bool(count)
                if number > MAX_LINES:
                    raise SourceError("import-too-many-lines", limit=MAX_LINES)
                yield replace(line, number=number)
        else:
            label = numbering.label(paragraph._p)
            yield from _docx_paragraph(paragraph, number, styles, characters, label)


def _style(
    paragraph: Any, known: dict[str | None, tuple[bool, str, int | None]]
) -> tuple[bool, str, int | None]:
    """Whether the paragraph's style is bold, its name and its outline level (its own, else
    the style's it is based on, and so on), looked up once a style: to find a paragraph's
    style, python-docx goes over every style of the document (nine tenths of reading a Word
    file of 8,000 table cells)."""
    key = paragraph._p.style
    if key not in known:
        style = paragraph.style
        outline = None
        at, seen = style, set()
        while at is not None and outline is None and at.style_id not in seen:
            seen.add(at.style_id)
            outline = _outline(at.element.pPr)
            at = at.base_style
        known[key] = (
            (bool(style.font.bold), style.name or "", outline)
            if style is not None
            else (False, "", None)
        )
    return known[key]


def _outline(properties: Any) -> int | None:
    """The outline level paragraph properties (a w:pPr, or None) give, if any."""
    from docx.oxml.ns import qn

    level = properties.find(qn("w:outlineLvl")) if properties is not None else None
    value = level.get(qn("w:val")) if level is not None else None
    return int(value) if value is not None and value.isdecimal() and len(value) < 3 else None


def _character_style(
    run: Any, known: dict[str, tuple[bool | None, str]]
) -> tuple[bool | None, str]:
    """Whether the run's character style (w:rStyle: Strong, a 要点 style) sets it in bold (None:
    it says nothing) and the font it sets its Chinese text in, looked up once a style."""
    key = run._r.style
    if key is None:
        return None, ""
    if key not in known:
        from docx.oxml.ns import qn

        # A style the file names but does not hold is its default character style's, which
        # a file may lack too.
        style = run.style
        properties = style.element.rPr if style is not None else None
        fonts = properties.rFonts if properties is not None else None
        font = ""
        if fonts is not None:
            font = fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii")) or ""
        known[key] = (style.font.bold if style is not None else None, font)
    return known[key]


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every paragraph of the body in reading order: in tables (a merged cell once, tables in
    cells too), in content controls and in text boxes, which python-docx's own iteration
    passes over; a text box's paragraphs and a WordArt's text (a str) follow the paragraph
    they are anchored in. Walked with a stack, not recursion, so a file nested deep costs no
    stack."""
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    seen: set[Any] = set()  # the cell elements themselves: an id() could be reused
    stack: list[tuple[Iterator[Any], Any]] = [(document.element.body.iterchildren(), document)]
    while stack:
        children, parent = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
        elif isinstance(child, _Cell):
            stack.append((child._tc.iterchildren(), child))
        elif child.tag == qn("w:p"):
            yield Paragraph(child, parent)
            stack.append((iter(_floating(child)), parent))
        elif child.tag == _TEXT_BOX:
            stack.append((child.iterchildren(), parent))
        elif child.tag == _WORDART:
            yield child.get("string") or ""
        elif child.tag == qn("w:tbl"):
            cells = []
            for row in Table(child, parent).rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell is listed once per grid column
                        seen.add(cell._tc)
                        cells.append(cell)
            stack.append((iter(cells), parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                stack.append((content.iterchildren(), parent))
        elif child.tag == qn("w:altChunk"):
            yield _chunk(document, child)


_IN_CHUNK: ContextVar[bool] = ContextVar("in_chunk", default=False)


def _chunk(document: Any, element: Any) -> tuple[Line, ...]:
    """The lines of a part of another format the document holds in its place (w:altChunk),
    which Word converts when it opens the file: an office system's "export to Word" is often
    the page's HTML or MHTML put so in an otherwise empty .docx (html-docx-js and the like),
    and a merge of documents a .docx in a .docx. Read as the source it is; a chunk inside a
    chunk is not followed, so a file cannot make the reading go on and on."""
    from docx.oxml.ns import qn

    part = document.part.related_parts.get(element.get(qn("r:id")))
    if part is None or _IN_CHUNK.get():
        return ()
    token = _IN_CHUNK.set(True)
    try:
        return read_source(part.blob, str(part.partname)).lines
    except SourceError as error:
        if error.code in ("import-empty", "import-no-text"):
            return ()
        detail = MESSAGES[error.code].en.format(**error.args_)
        raise SourceError("import-chunk", name=part.partname.filename, detail=detail) from error
    finally:
        _IN_CHUNK.reset(token)


_PICTURES: Final = (
    "{http://schemas.openxmlformats.org/drawingml/2006/main}blip",
    "{urn:schemas-microsoft-com:vml}imagedata",
)
"""A picture in a Word file (DrawingML's, or VML's of Word 97–2003): a file of pictures and no
text is a scan's pages put into Word."""
_TEXT_BOX: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"
_WORDART: Final = "{urn:schemas-microsoft-com:vml}textpath"
"""The text of a WordArt of Word 97–2003 (kept so in a .docx made from a .doc, or in
compatibility mode): the 发文机关标志 of many a red-header template is one."""
_FLOATING: Final = frozenset((_TEXT_BOX, _WORDART))
_FALLBACK: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _floating(paragraph: Any) -> list[Any]:
    """The text boxes and WordArt anchored in the paragraph, in document order, not looked
    inside. Word writes a shape twice — as DrawingML and, in mc:Fallback, as VML for older
    readers — and it is read once."""
    if next(paragraph.iter(_TEXT_BOX, _WORDART), None) is None:  # most paragraphs, found fast
        return []
    return [
        shape
        for shape in within(paragraph, _FLOATING, lambda element: element.tag == _FALLBACK)
        # not the v:textpath of a WordArt's shape type, which every WordArt of it shares
        if shape.tag == _TEXT_BOX or shape.get("string")
    ]


def _numbering(document: Any) -> Numbering:
    """The document's lists; none if its numbering or styles part cannot be read, which
    loses the numbers alone, not the document."""
    try:
        return Numbering.of(document.part.numbering_part.element, document.styles.element)
    except Exception:  # python-docx parses a part when it is first asked for: lxml's errors
        return Numbering()


def _docx_paragraph(
    paragraph: Any,
    number: int,
    styles: dict[str | None, tuple[bool, str, int | None]],
    characters: dict[str, tuple[bool | None, str]],
    label: str,
) -> Iterator[Line]:
    """The paragraph's lines, the number Word shows before it (`label`) first: a run's bold
    its own, else its character style's, else its paragraph style's; its font its own, else
    its character style's."""
    style_bold, style, style_outline = _style(paragraph, styles)
    outline = _outline(paragraph._p.pPr)
    runs = [TextRun(label)]
    for run in _runs(paragraph):
        piece = in_font(_latin_font(run._r), _run_text(run._r))
        if piece:
            character_bold, character_font = _character_style(run, characters)
            bold = next(b for b in (run.bold, character_bold, style_bold) if b is not None)
            runs.append(TextRun(piece, bool(bold), _east_asian_font(run) or character_font))
    boxed = next(paragraph._p.iterancestors(_TEXT_BOX), None) is not None
    return styled_lines(
        runs,
        number,
        style=style,
        outline=style_outline if outline is None else outline,
        centred=_centred(paragraph),
        boxed=boxed,
    )


def _centred(paragraph: Any) -> bool:
    """Whether the paragraph's own alignment is centred, read as written: python-docx's
    alignment raises on the values of ISO 29500 (start, end) that LibreOffice writes as
    "Office Open XML Text", and such a file was refused as damaged."""
    from docx.oxml.ns import qn

    p_pr = paragraph._p.pPr
    jc = p_pr.find(qn("w:jc")) if p_pr is not None else None
    return jc is not None and jc.get(qn("w:val")) == "center"


_RUNS: Final = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:moveTo/w:r | ./w:smartTag/w:r"
    " | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r | ./w:customXml/w:r"
)


def _runs(paragraph: Any) -> list[Any]:
    """Every run the reader sees, in order, as if every tracked change were accepted:
    python-docx's own list leaves out the text of links, tracked insertions, text moved
    (w:moveTo; where it was, w:moveFrom, is left out as a deletion is) and content controls,
    which would lose sentences."""
    from docx.text.run import Run

    return [Run(r, paragraph) for r in paragraph._p.xpath(_RUNS)]


_SHOWN: Final = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab | w:sym"
"""What a run shows, as python-docx's Run.text reads it, and a symbol (w:sym)."""


def _run_text(run: Any) -> str:
    """A run's text (a w:r element) as Word shows it: python-docx's Run.text leaves out a
    symbol inserted as a font's glyph (a ☑ of Wingdings 2, a ≥ of Symbol)."""
    from docx.oxml.ns import qn

    tag = qn("w:sym")
    if run.find(tag) is None:
        return str(run.text)
    return "".join(
        inserted(part.get(qn("w:font")), part.get(qn("w:char"))) if part.tag == tag else str(part)
        for part in run.xpath(_SHOWN)
    )


def _latin_font(run: Any) -> str:
    """The font a run's Latin text is set in (w:ascii, else w:hAnsi), as the run says; ""
    if it says none."""
    from docx.oxml.ns import qn

    fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        return ""
    return str(fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or "")


def _east_asian_font(run: Any) -> str:
    from docx.oxml.ns import qn

    r_pr = run._r.rPr
    fonts = r_pr.rFonts if r_pr is not None else None
    return (fonts.get(qn("w:eastAsia")) if fonts is not None else None) or run.font.name or ""
