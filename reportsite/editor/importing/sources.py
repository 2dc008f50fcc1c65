"""Read a source — Word file, PDF, saved web page, Markdown or plain text — into located lines.

The format is told by the content first and the file name second; Word files are read in
word.py (.docx), word97.py (.doc) and wordxml.py (Word's XML files), RTF in rtf.py, PDF in
pdf.py, OFD in ofd.py, OpenDocument text in opendocument.py, pages in page.py, plain text and
Markdown here. Text whose encoding is not UTF-8 is decoded as charset-normalizer detects it
(GB18030/GBK files from Chinese offices are detected, never assumed from the file name). Every
limit is checked before a parser sees the data, so a hostile file ends in a clear message, not
a hang.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeVar

from .lines import Line

MAX_BYTES: Final = 20 * 1024 * 1024
"""A report is tens of kilobytes as text and a few megabytes as a Word file with pictures."""
MAX_LINES: Final = 50_000
T = TypeVar("T")


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
    """docx, doc (Word 97–2003), wordml (Word 2003 XML), odt, rtf, pdf, ofd, html, md or
    txt."""
    lines: tuple[Line, ...]
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    """What the file says of itself: title (Word document title, the page's ArticleTitle or
    <title>), published and issuer (the page's PubDate and ContentSource tags)."""
    attachments: tuple[tuple[int, str, str], ...] = ()
    """The documents a page links as its attachments (附件) or shows in a frame: line, the
    link's text (else the file's name), its address. A site often publishes the report so, the
    page holding a line and the link."""
    damaged: tuple[int, ...] = ()
    """The lines of a text or a page where characters that cannot be read were left out: bytes
    that are no character of its encoding (a download or a copy damaged), or U+FFFD, which an
    earlier conversion left in their place."""

    @property
    def word(self) -> bool:
        """A word processor's file (Word's of any kind, an .odt, an RTF) or a fixed-layout one
        (PDF, OFD): a document, not a page, with no title line of a site's."""
        return self.format in ("docx", "doc", "wordml", "odt", "rtf", "pdf", "ofd")


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
    # A compound file is Word 97–2003's (a .doc renamed .docx as well).
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        from .word97 import read_word97

        return read_word97(data)
    if data.startswith(b"PK\x03\x04") and (suffix == ".odt" or _ODT in data[30:100]):
        from .opendocument import read_odt

        return read_odt(data)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        from .word import read_word

        return read_word(data)
    # Not a compound file, whatever its name: offices and sites save pages (as one file too,
    # MHTML) and RTF as .doc.
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        from .rtf import read_rtf

        return read_rtf(data)
    start = data[:4096].lower()
    if b"mime-version:" in start and b"multipart/related" in start:
        from .page import read_mhtml

        return read_mhtml(data)
    if b"%PDF-" in data[:1024]:
        from .pdf import read_pdf

        return read_pdf(data)
    text, encoding = decode(data)
    head = text[:4096].lower()
    if "schemas.microsoft.com/office/word/2003/wordml" in head:
        from .wordxml import read_wordml

        return read_wordml(data)
    if "schemas.microsoft.com/office/2006/xmlpackage" in head:
        from .wordxml import read_flat_opc

        return read_flat_opc(data)
    if suffix in (".html", ".htm") or re.search(
        r"<(!doctype html|html|body|head|p|div)[\s>]", head
    ):
        from .page import read_page

        return read_page(text, encoding)
    if suffix in (".md", ".markdown"):
        return Read("md", tuple(_markdown(text)), encoding, damaged=damaged_lines(text))
    return Read("txt", tuple(_plain(text)), encoding, damaged=damaged_lines(text))


def damaged_lines(text: str) -> tuple[int, ...]:
    """The lines of the text (from 1, counted as _plain counts them) that hold U+FFFD."""
    if "\ufffd" not in text:
        return ()
    return tuple(number for number, line in enumerate(_lines(text), 1) if "\ufffd" in line)


def _lines(text: str) -> list[str]:
    """The text's lines, whatever its line ends (CR LF, LF, or CR alone)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# -- text encodings ------------------------------------------------------------------------

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


_ODT: Final = b"mimetypeapplication/vnd.oasis.opendocument.text"
"""What an OpenDocument text holds after the zip header of its first member: the mimetype,
stored first and uncompressed, as the format requires."""
_GB: Final = ("gbk", "gb2312", "cp936", "hz")
"""Encodings of which GB18030 is the whole: a page that says gb2312 may hold GBK's characters."""


def decode(data: bytes) -> tuple[str, str]:
    """Text from bytes: UTF-8 (with or without BOM), else the encoding charset-normalizer
    detects; GBK and GB2312 are read as GB18030, which contains both."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_text(data.decode("utf-16")), "utf-16"
    try:
        return _check_text(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _nearly(data, "utf-8-sig")
    if damaged is not None:
        return _check_text(damaged), "utf-8"
    from charset_normalizer import from_bytes

    declared = _DECLARED.search(data[:4096])
    candidates = ["gb18030", "big5", "utf-16"]
    if declared:
        candidates.insert(0, declared.group(1).decode("ascii").lower())
    best = from_bytes(data[:200_000], cp_isolation=_known(candidates)).best()
    if best is None:
        best = from_bytes(data[:200_000]).best()
    if best is None:
        # A byte or two damaged in a page or text of a known encoding, which detection then
        # rules out: the first of the candidates it is nearly (not UTF-16, which any bytes
        # nearly are).
        for encoding in _known(candidates[:-1]):
            damaged = _nearly(data, encoding)
            if damaged is not None:
                return _check_text(damaged), encoding
        raise SourceError("import-not-text")
    encoding = codec(best.encoding) or best.encoding.lower()
    return _check_text(data.decode(encoding, errors="replace")), encoding


def _nearly(data: bytes, encoding: str) -> str | None:
    """The text, if the bytes are of this encoding but for a few (a download or a copy
    damaged, a line of another encoding in a page), those left out; None if they are not: text
    of another encoding is mostly bytes that are none. One such byte made a page refused as no
    text."""
    text = data.decode(encoding, errors="replace")
    damaged = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - damaged
    return text if damaged * 50 <= wide else None


def _known(names: list[str]) -> list[str]:
    return list(dict.fromkeys(filter(None, map(codec, names))))


def codec(name: str) -> str | None:
    """The codec that reads an encoding of this name (Python's name for it), None if Python
    knows none; GBK's and GB2312's is GB18030, which holds both."""
    import codecs

    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if found in _GB else found


_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _check_text(text: str) -> str:
    """Binary read as text is mostly control characters and replacement marks."""
    sample = text[:20_000]
    if sample and len(_BINARY.findall(sample)) > len(sample) // 20:
        raise SourceError("import-not-text")
    return text


# -- plain text and Markdown ---------------------------------------------------------------

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_DROPPED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd-\uffff\u200b\ufeff"
    r"\u202a-\u202e\u2066-\u2069\uf020-\uf0ff]"
)
"""Control characters (C0 and C1, but tab and line ends), replacement marks and non-characters,
the zero-width space and BOM a page's source often holds (&#8203;), and the marks that reverse
the order text is shown in. A report may not hold the first and the last (the build refuses
them, load._NOT_HELD), and made spaces the zero-width ones split Chinese words (加强 学习).
And the private-use codes a symbol font's glyphs are written as (F020–F0FF) where the reader
could not tell the character from the font (symbols.py), or no font was known (a page's, a
text's): nothing but that font shows them."""


def clean(text: str) -> str:
    """One line of text: control and invisible characters gone, runs of spaces one space, ends
    trimmed."""
    return _SPACE.sub(" ", _DROPPED.sub("", text)).strip()


def cleaned_places(text: str) -> tuple[str, list[int]]:
    """clean(text), and where in it each place of text (each character's, and its end's)
    went: a character left out, where the next one kept did. Bold spans, measured on a
    paragraph's text as its runs hold it, are so measured on its line."""
    line = clean(text)
    if line == text:  # most lines: nothing to leave out
        return line, list(range(len(text) + 1))
    kept: list[str] = []
    places: list[int] = []
    for character in text:
        places.append(len(kept))
        if _DROPPED.match(character):
            continue
        if _SPACE.match(character):
            if kept and kept[-1] == " ":
                continue
            character = " "
        kept.append(character)
    places.append(len(kept))
    start = 1 if kept[:1] == [" "] else 0
    return line, [min(max(place - start, 0), len(line)) for place in places]


def numbered_paragraphs(paragraphs: Iterable[T]) -> Iterator[tuple[int, T]]:
    """A document's paragraphs, each with its number from 1 (a line's, for the summary);
    refused past MAX_LINES."""
    for number, paragraph in enumerate(paragraphs, 1):
        if number > MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        yield number, paragraph


def _numbered(texts: Iterator[tuple[int, str]]) -> Iterator[Line]:
    for count, (number, text) in enumerate(texts):
        if count >= MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        cleaned = clean(text)
        if cleaned:
            yield Line(cleaned, number)


def _plain(text: str) -> Iterator[Line]:
    lines = _lines(text)
    return _numbered(enumerate(map(_cells, lines), 1))


def _cells(text: str) -> str:
    """A table row as a browser's copy gives it, cells between tabs, as a pipe table's row:
    an empty cell stays a cell (文号 with no value beside 有效性)."""
    if "\t" not in text.strip():
        return text
    return "| " + " | ".join(cell.strip() for cell in text.strip().split("\t")) + " |"


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
"""A link or an image, its text kept: a text without brackets, an address without parentheses.
Searched from each "[", a line of brackets that never close ("[[[…](](…") was once read to its
end from every one of them: minutes for a few hundred kilobytes."""
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
        text = out + body[position:]
        # Where each place of the text goes once its escapes' backslashes are gone, then once
        # the line is cleaned: the bold spans measured on the line.
        escapes = [0]
        for character in text:
            escapes.append(escapes[-1] + (character == "\\"))
        out, places = cleaned_places(text.replace("\\", ""))
        if out:
            level = len(heading.group(1)) if heading else 0
            own = tuple(
                (places[a - escapes[a]], places[b - escapes[b]])
                for a, b in spans
                if places[a - escapes[a]] < places[b - escapes[b]]
            )
            yield Line(out, line.number, own, heading=min(level, 2) if level > 1 else 0)
