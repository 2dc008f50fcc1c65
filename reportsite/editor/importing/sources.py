"""Read a source — Word file, saved web page, Markdown or plain text — into located lines.

The formats are read by libraries, not by hand: python-docx for Word (runs, styles, tables;
headers and footers are not in the body it gives), lxml for HTML, charset-normalizer for text
whose encoding is not UTF-8 (GB18030/GBK files from Chinese offices are detected, never
assumed from the file name). Every limit below is checked before a parser sees the data, so a
hostile file ends in a clear message, not a hang.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .lines import Line

MAX_BYTES: Final = 20 * 1024 * 1024
"""A report is tens of kilobytes as text and a few megabytes as a Word file with pictures."""
MAX_UNZIPPED: Final = 200 * 1024 * 1024
"""All members of a Word file together, unpacked: a zip bomb stops here."""
MAX_RATIO: Final = 200
"""Unpacked to packed size of one member: XML packs about 10:1; a bomb packs 1000:1."""
MAX_MEMBERS: Final = 5000
MAX_LINES: Final = 50_000


class SourceError(Exception):
    """The source cannot be read; code and args name a message in problems.MESSAGES."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(frozen=True, slots=True)
class Read:
    """A source read into lines, with what the format says about the document."""

    format: str
    """docx, html, md or txt."""
    lines: tuple[Line, ...]
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    """What the file says of itself: title (Word document title, the page's ArticleTitle or
    <title>), published and issuer (the page's PubDate and ContentSource tags)."""


def read_bytes(source: str) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for "-", never more than MAX_BYTES."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        name = path.name
        try:
            if not path.is_file():
                raise SourceError("import-missing" if not path.exists() else "import-not-file")
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise SourceError("import-too-large", size=size, limit=MAX_BYTES)
            with path.open("rb") as file:
                data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise SourceError("import-unreadable", detail=error.strerror or str(error)) from error
    if len(data) > MAX_BYTES:
        raise SourceError("import-too-large", size=len(data), limit=MAX_BYTES)
    return data, name


def read(data: bytes, name: str) -> Read:
    """Lines of the source, the format told by its content first and its name second."""
    source = _read(data, name)
    if not source.lines:
        raise SourceError("import-no-text")
    return source


def _read(data: bytes, name: str) -> Read:
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise SourceError("import-empty")
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _docx(data)
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError("import-old-word")
    text, encoding = decode(data)
    head = text[:4096].lower()
    if suffix in (".html", ".htm") or re.search(
        r"<(!doctype html|html|body|head|p|div)[\s>]", head
    ):
        return _html(text, encoding)
    if suffix in (".md", ".markdown"):
        return Read("md", tuple(_markdown(text)), encoding)
    return Read("txt", tuple(_plain(text)), encoding)


# -- text encodings ------------------------------------------------------------------------

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode(data: bytes) -> tuple[str, str]:
    """Text from bytes: UTF-8 (with or without BOM), else the encoding charset-normalizer
    detects; GBK and GB2312 are read as GB18030, which contains both."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(data.decode("utf-16")), "utf-16"
    try:
        return _check_text(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    declared = _DECLARED.search(data[:4096])
    candidates = ["gb18030", "big5", "utf-16"]
    if declared:
        candidates.insert(0, declared.group(1).decode("ascii").lower())
    best = from_bytes(data[:200_000], cp_isolation=_known(candidates)).best()
    if best is None:
        best = from_bytes(data[:200_000]).best()
    if best is None:
        raise SourceError("import-not-text")
    encoding = best.encoding.lower()
    if encoding in ("gbk", "gb2312", "cp936", "hz"):
        encoding = "gb18030"
    return _check_text(data.decode(encoding, errors="replace")), encoding


def _known(names: list[str]) -> list[str]:
    import codecs

    found = []
    for name in names:
        try:
            found.append(codecs.lookup(name).name)
        except LookupError:
            continue
    return list(dict.fromkeys(found))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _check_text(text: str) -> str:
    """Binary read as text is mostly control characters and replacement marks."""
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > len(sample) // 20:
        raise SourceError("import-not-text")
    return text


# -- plain text and Markdown ---------------------------------------------------------------

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def clean(text: str) -> str:
    """One line of text: control characters gone, runs of spaces one space, ends trimmed."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _numbered(texts: Iterator[tuple[int, str]]) -> Iterator[Line]:
    for count, (number, text) in enumerate(texts):
        if count >= MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        cleaned = clean(text)
        if cleaned:
            yield Line(cleaned, number)


def _plain(text: str) -> Iterator[Line]:
    return _numbered(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1))


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX = re.compile(r"^(?:>\s*)+|^\s*(?:[*+]|-(?!\s*[-—]))\s+")


def _markdown(text: str) -> Iterator[Line]:
    for line in _plain(text):
        heading = _MD_HEADING.match(line.text)
        body = heading.group(2) if heading else _MD_PREFIX.sub("", line.text)
        body = _MD_LINK.sub(r"\1", body)
        if re.fullmatch(r"[|:\-\s]+", body):
            continue  # the rule under a pipe table's header
        spans: list[tuple[int, int]] = []
        out = ""
        position = 0
        for match in _MD_BOLD.finditer(body):
            out += body[position : match.start()]
            inner = match.group(1) or match.group(2)
            spans.append((len(out), len(out) + len(inner)))
            out += inner
            position = match.end()
        out = clean(out + body[position:]).replace("\\", "")
        if out:
            level = len(heading.group(1)) if heading else 0
            yield Line(out, line.number, tuple(spans), heading=min(level, 2) if level > 1 else 0)


# -- HTML ------------------------------------------------------------------------------------

_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "select", "option", "button", "input", "textarea", "nav", "head", "map", "audio", "video",
)  # fmt: skip
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr td th table br section article ul ol dl dd dt header footer "
    "aside main blockquote pre hr center form caption figure figcaption address".split()
)
_BOLD_TAGS = frozenset(("strong", "b"))
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt)?\s*(?:;|$)",
    re.IGNORECASE,
)
"""Text hidden from the reader: watermarks and traps for copiers, never report text."""
_CENTRED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)


def _html(text: str, encoding: str) -> Read:
    import lxml.html
    from lxml import etree

    # The declaration was honoured when decoding; lxml refuses a str that still carries it.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text or "<p></p>")
    except (etree.ParserError, ValueError) as error:
        raise SourceError("import-bad-html", detail=str(error)) from error
    meta = _html_meta(root)
    etree.strip_elements(root, *_DROP, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for hidden in root.xpath("//*[@style or @hidden]"):
        if hidden.get("hidden") is not None or _HIDDEN.search(hidden.get("style", "")):
            hidden.drop_tree()
    return Read("html", tuple(_html_lines(root)), encoding, meta)


def _html_meta(root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        name = (element.get("name") or "").lower()
        content = clean(element.get("content") or "")
        if name == "articletitle" and content:
            meta["title"] = content
        elif name == "pubdate" and content:
            meta["published"] = content
        elif name == "contentsource" and content:
            meta["issuer"] = content
    if "title" not in meta:
        title = root.find(".//title")
        if title is not None and title.text_content().strip():
            # "<article> - <site>" or "<article>_<column>_<site>": the article comes first.
            meta["page_title"] = clean(re.split(r"\s*[-_|—–]\s*", title.text_content())[0])
    return meta


class _Collector:
    """Text of the page, one line per block element; bold spans, heading levels and centring
    tracked on the way. Walks events, not recursion, so nesting depth costs nothing."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.text = ""
        self.bold: list[tuple[int, int]] = []
        self.number = 1
        self.heading = 0
        self.centred = False
        self.bold_depth = 0
        self.bold_start = 0

    def add(self, text: str | None, number: int | None) -> None:
        if not text:
            return
        if not self.text.strip():
            self.number = number or self.number
        self.text += text

    def flush(self) -> None:
        if self.bold_depth:
            self._close_bold()
        raw = self.text
        cleaned = clean(raw)
        if cleaned:
            offset = len(raw) - len(raw.lstrip())
            spans = tuple(
                (max(a - offset, 0), min(b - offset, len(cleaned)))
                for a, b in self.bold
                if b - offset > 0 and raw[a:b].strip()
            )
            if len(self.lines) >= MAX_LINES:
                raise SourceError("import-too-many-lines", limit=MAX_LINES)
            self.lines.append(Line(cleaned, self.number, spans, self.heading, self.centred))
        self.text, self.bold, self.heading, self.centred = "", [], 0, False
        if self.bold_depth:
            self.bold_start = 0

    def _close_bold(self) -> None:
        if len(self.text) > self.bold_start:
            if self.bold and self.bold[-1][1] == self.bold_start:
                self.bold[-1] = (self.bold[-1][0], len(self.text))
            else:
                self.bold.append((self.bold_start, len(self.text)))

    def start_bold(self) -> None:
        if not self.bold_depth:
            self.bold_start = len(self.text)
        self.bold_depth += 1

    def end_bold(self) -> None:
        self.bold_depth -= 1
        if not self.bold_depth:
            self._close_bold()


def _html_lines(root: Any) -> Iterator[Line]:
    from lxml import etree

    body = root.find("body")
    collect = _Collector()
    for event, element in etree.iterwalk(body if body is not None else root, ("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        style = element.get("style", "")
        bold = tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(style))
        if event == "start":
            if tag in _BLOCK:
                collect.flush()
                if tag in ("h1", "h2", "h3", "h4"):
                    collect.heading = 1 if tag in ("h1", "h2") else 2
                if element.get("align", "").lower() == "center" or _CENTRED.search(style):
                    collect.centred = True
            if bold:
                collect.start_bold()
            collect.add(element.text, element.sourceline)
        else:
            if bold:
                collect.end_bold()
            if tag in _BLOCK:
                collect.flush()
            collect.add(element.tail, element.sourceline)
    collect.flush()
    yield from collect.lines


# -- Word ------------------------------------------------------------------------------------


def _docx(data: bytes) -> Read:
    _check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise SourceError("import-bad-docx", detail=str(error) or type(error).__name__) from error
    except Exception as error:  # lxml's XMLSyntaxError and the like: a broken package
        raise SourceError("import-bad-docx", detail=type(error).__name__) from error
    meta = {}
    title = clean(document.core_properties.title or "")
    if title:
        meta["title"] = title
    return Read("docx", tuple(_docx_lines(document)), "utf-8", meta)


def _check_zip(data: bytes) -> None:
    """Refuse what is not a Word package, and a zip bomb, before anything unpacks it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SourceError("import-not-docx") from error
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        raise SourceError("import-not-docx")
    if len(members) > MAX_MEMBERS:
        raise SourceError("import-zip-bomb", name=f"{len(members)} members")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > MAX_RATIO or total > MAX_UNZIPPED:
            raise SourceError("import-zip-bomb", name=member.filename)


def _docx_lines(document: Any) -> Iterator[Line]:
    number = 0
    for paragraph in _paragraphs(document):
        number += 1
        if number > MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        yield from _docx_paragraph(paragraph, number)


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every paragraph of the body in reading order: in tables (a merged cell once, tables in
    cells too) and in content controls, which python-docx's own iteration passes over. Walked
    with a stack, not recursion, so a file nested deep costs no stack."""
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


def _docx_paragraph(paragraph: Any, number: int) -> Iterator[Line]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    text = ""
    spans: list[tuple[int, int]] = []
    fonts: set[str] = set()
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    for run in _runs(paragraph):
        piece = run.text
        if not piece:
            continue
        bold = run.bold if run.bold is not None else style_bold
        if bold and piece.strip():
            if spans and spans[-1][1] == len(text):
                spans[-1] = (spans[-1][0], len(text) + len(piece))
            else:
                spans.append((len(text), len(text) + len(piece)))
        if piece.strip():
            fonts.add(_east_asian_font(run))
        text += piece
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _style_level(style)
    if not heading and len(fonts) == 1 and not spans:
        (font,) = fonts
        heading = 1 if "黑体" in font else 2 if "楷体" in font else 0
    centred = paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # A soft line break (w:br) ends a line as the reader sees it; the parts keep the paragraph.
    start = 0
    for piece in text.split("\n"):
        end = start + len(piece)
        cleaned = clean(piece)
        if cleaned:
            offset = start + len(piece) - len(piece.lstrip())
            own = tuple(
                (max(a - offset, 0), min(b - offset, len(cleaned)))
                for a, b in spans
                if a < end and b > start
            )
            yield Line(cleaned, number, own, heading, centred)
        start = end + 1


_RUNS: Final = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:customXml/w:r"
)


def _runs(paragraph: Any) -> list[Any]:
    """Every run the reader sees, in order: python-docx's own list leaves out the text of
    links, tracked insertions and content controls, which would lose sentences."""
    from docx.text.run import Run

    return [Run(r, paragraph) for r in paragraph._p.xpath(_RUNS)]


def _east_asian_font(run: Any) -> str:
    from docx.oxml.ns import qn

    r_pr = run._r.rPr
    fonts = r_pr.rFonts if r_pr is not None else None
    return (fonts.get(qn("w:eastAsia")) if fonts is not None else None) or run.font.name or ""


def _style_level(name: str) -> int:
    match = re.match(r"(?:heading|标题)\s*([1-9])", name, re.IGNORECASE)
    if not match:
        return 0
    return 1 if match.group(1) == "1" else 2
