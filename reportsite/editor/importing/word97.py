"""Word 97–2003 files (.doc) → located lines: the text of the main document, read through its
piece table ([MS-DOC] 2.4.1, Retrieving Text), a paragraph a line as in a .docx, a table's
cells one after another, and the text boxes anchored in a paragraph after it (as in a .docx);
the symbols its runs' properties say (word97symbols.py), the numbers of its lists
(word97lists.py), and the bold, fonts, styles and centring a .docx's lines keep
(word97formatting.py). A WordArt's text, kept in its drawing, is read after the paragraph it
is anchored in (word97art.py). Headers, footers and footnotes are not read. The file is an OLE
compound file, opened with olefile.

Government sites still publish many reports as .doc, and past years' most of all: refused,
each had to be opened in Word or WPS and saved as .docx first."""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Final

from .lines import Line
from .sources import Read, SourceError, numbered_paragraphs
from .styled import TextRun, styled_lines
from .word97art import wordart
from .word97formatting import Formatting
from .word97lists import numbered, numbering
from .word97properties import Style, styles
from .word97symbols import Run, font_names, shown, symbol_runs

_IDENT: Final = 0xA5EC
"""FibBase.wIdent: the file is a Word binary file."""
_WORD97: Final = 0x00C1
"""FibBase.nFib of Word 97, the first whose text is found through a piece table (Word 6 and
95 files are older and read otherwise)."""
_ENCRYPTED: Final = 0x0100
_TABLE_1: Final = 0x0200
"""FibBase flags: fEncrypted, and fWhichTblStm (the table stream is 1Table, else 0Table)."""
_STYLES, _RUNS, _PARAGRAPHS, _FONTS, _CLX, _SHAPES, _DRAWINGS, _TEXT_BOXES, _LISTS, _INSTANCES = (
    1, 12, 13, 15, 33, 40, 50, 56, 73, 74
)  # fmt: skip
"""The indexes among FibRgFcLcb97's pairs of fcStshf (the style sheet), fcPlcfBteChpx and
fcPlcfBtePapx (the runs' and the paragraphs' properties), fcSttbfFfn (the fonts), fcClx (the
piece table), fcPlcSpaMom (where the main document's shapes are anchored), fcDggInfo (the
drawings), fcPlcftxbxTxt (their text boxes' text), fcPlfLst and fcPlfLfo (the lists and their
instances)."""
_MAIN, _UNDEFINED, _BOX_TEXT = 3, 6, 9
"""The indexes among FibRgLw97's counts of ccpText (the main document's characters) and
ccpTxbx (its text boxes'); the stories between (footnotes, headers, comments, endnotes) are
the counts between but one, which is undefined."""
_SPA, _FTXBXS = 26, 22
"""The sizes of an FSPA (a shape's anchor, its shape id first) and of an FTXBXS (a text box:
its shape id at 14, whether it is no text box but a spare one at 8)."""

_PARAGRAPH_END: Final = re.compile("[\r\x07\x0c]")
"""A paragraph's end, a table cell's or row's end, a page or section break."""
_MARK: Final = re.compile("[\r\x07]")
"""A paragraph's end, or a table cell's: where the paragraph's properties are read."""
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_PICTURE, _DRAWN = "\x01", "\x08"
"""The characters that stand for a picture in the text and for a drawing anchored there: a
file of them and no text is a scan's pages put into Word."""
_KEPT: Final = str.maketrans({"\x0b": "\n", "\x1e": "-", "\x1f": None})
"""A line break within a paragraph (a soft break, as w:br in a .docx); a non-breaking hyphen,
and an optional one, which is no character of the text."""


def read_word97(data: bytes) -> Read:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as package:
            # A .docx with a password is such a compound file too ([MS-OFFCRYPTO]): the
            # package encrypted, and how; it was told of as no Word file.
            if package.exists("EncryptedPackage") and package.exists("EncryptionInfo"):
                raise SourceError("import-doc-password")
            if not package.exists("WordDocument"):
                raise SourceError("import-not-doc")
            document = package.openstream("WordDocument").read()
            flags = _fib_base(document)
            table = "1Table" if flags & _TABLE_1 else "0Table"
            if not package.exists(table):
                raise SourceError("import-bad-doc", detail=f"no {table} stream")
            text = _text(document, package.openstream(table).read())
    except SourceError:
        raise
    except Exception as error:  # olefile on a damaged compound file: whatever it raised
        raise SourceError("import-bad-doc", detail=str(error) or type(error).__name__) from error
    lines = tuple(_lines(text))
    body = "".join(text.text[start:end] for start, end, _ in text.stretches)
    if not lines and (_PICTURE in body or _DRAWN in body):
        raise SourceError("import-scanned", kind="Word")
    return Read("doc", lines)


def _fib_base(document: bytes) -> int:
    """FibBase's flags, once it says this is a Word 97–2003 file whose text can be read."""
    if len(document) < 32:
        raise SourceError("import-bad-doc", detail="no file information block")
    ident, version = struct.unpack_from("<HH", document, 0)
    flags: int = struct.unpack_from("<H", document, 0x0A)[0]
    if ident != _IDENT:
        raise SourceError("import-not-doc")
    if version < _WORD97:
        raise SourceError("import-old-word")
    if flags & _ENCRYPTED:
        raise SourceError("import-doc-password")
    return flags


@dataclass(frozen=True, slots=True)
class _Text:
    """A document's text as Word keeps it (paragraph, cell and field marks): the main
    document's, then the stories after it as far as the text boxes' end, then each WordArt's
    text; each character's place in the WordDocument stream, where its properties are read
    (none for a WordArt's); whether it shows (a field's code does not); the stretches read in
    order (from, to, whether a box's): the main document's, and after the paragraph each text
    box or WordArt is anchored in, its own; the number a list gives the paragraph that starts
    at a character; and the formatting."""

    text: str
    places: list[int]
    shown: bytearray
    stretches: list[tuple[int, int, bool]]
    labels: dict[int, str]
    formatting: Formatting


def _text(document: bytes, table: bytes) -> _Text:
    """The document's text, read through its piece table and its properties."""
    try:
        at = 32
        (csw,) = struct.unpack_from("<H", document, at)
        at += 2 + 2 * csw
        (cslw,) = struct.unpack_from("<H", document, at)
        if cslw <= _BOX_TEXT:
            raise SourceError("import-bad-doc", detail="no count of the text")
        counts = struct.unpack_from(f"<{_BOX_TEXT + 1}i", document, at + 2)
        at += 2 + 4 * cslw
        (pairs,) = struct.unpack_from("<H", document, at)
        if pairs <= _INSTANCES:  # Word 97 and later write 93 pairs at least
            raise SourceError("import-bad-doc", detail="file information block cut short")
        places = struct.unpack_from(f"<{2 * (_INSTANCES + 1)}I", document, at + 2)
    except struct.error:
        raise SourceError("import-bad-doc", detail="file information block cut short") from None
    stories = [counts[n] for n in range(_MAIN, _BOX_TEXT + 1) if n != _UNDEFINED]
    main, boxes, before = stories[0], stories[-1], sum(stories[:-1])
    if main < 0:
        raise SourceError("import-bad-doc", detail="a main document of a negative length")
    if min(stories) < 0:
        boxes = before = 0  # the stories' counts damaged: the main document is read alone
    clx = _part(table, places, _CLX)
    if clx is None:
        raise SourceError("import-bad-doc", detail="piece table out of the file")
    fonts = font_names(_part(table, places, _FONTS) or b"")
    characters = _part(table, places, _RUNS) or b""
    text, where = _stories(document, clx, before + boxes, symbol_runs(document, characters, fonts))
    main = min(main, len(text))
    if len(text) < before + boxes:
        boxes = 0  # a file whose pieces end with the main document (older writers' files)
    shapes = _boxes(_part(table, places, _TEXT_BOXES) or b"", text, before, before + boxes)
    # A WordArt's text, which is in no story, is read after the text as a box's is: no
    # place in the stream, so no formatting.
    for shape, art in wordart(_part(table, places, _DRAWINGS) or b"").items():
        if shape not in shapes:
            shapes[shape] = (len(text), len(text) + len(art))
            text += art
            where += [-1] * len(art)
    shown = bytearray(len(text))
    for first, last in [(0, main), *shapes.values()]:
        _show(text, first, last, shown)
    marks = [(m.start(), where[m.start()]) for m in _MARK.finditer(text, 0, main)]
    given = styles(_part(table, places, _STYLES) or b"")
    return _Text(
        text,
        where,
        shown,
        _stretches(
            main, _anchored(text, main, shapes, _anchors(_part(table, places, _SHAPES) or b""))
        ),
        _numbers(document, table, places, marks, given),
        Formatting(document, characters, _part(table, places, _PARAGRAPHS) or b"", given, fonts),
    )


def _numbers(
    document: bytes,
    table: bytes,
    places: tuple[int, ...],
    marks: list[tuple[int, int]],
    given: Mapping[int, Style],
) -> dict[int, str]:
    """The number each paragraph's list gives it, by the paragraph's first character (the
    marks: each paragraph's mark, its character and its place in the stream; `given`: the
    style sheet's styles)."""
    lists_at, lists_size = places[2 * _LISTS], places[2 * _LISTS + 1]
    if lists_at + lists_size > len(table):
        return {}
    lists = numbering(table, lists_at, lists_size, _part(table, places, _INSTANCES) or b"")
    paragraphs = numbered(document, _part(table, places, _PARAGRAPHS) or b"", given)
    return {
        start: label
        for start, mark in _starts(marks)
        if (label := lists.shown(*paragraphs.at(mark)))
    }


def _part(table: bytes, places: tuple[int, ...], index: int) -> bytes | None:
    """The bytes of the table stream at FibRgFcLcb97's pair `index` (its fc and lcb); None if
    they would lie beyond it (a text box's table so is left unread, as if there were none)."""
    at, size = places[2 * index], places[2 * index + 1]
    return table[at : at + size] if at + size <= len(table) else None


def _boxes(plc: bytes, text: str, first: int, last: int) -> dict[int, tuple[int, int]]:
    """Each text box's stretch of the text (from, to) by its shape id ([MS-DOC] PlcftxbxTxt:
    ranges of the text box story, text[first:last]); the last entry, and any marked reusable,
    are spare structures, not text boxes."""
    count = (len(plc) - 4) // (4 + _FTXBXS)
    if count < 1 or len(plc) != 4 + (4 + _FTXBXS) * count:
        return {}
    positions = struct.unpack_from(f"<{count + 1}i", plc, 0)
    found = {}
    for number in range(count - 1):
        entry = 4 * (count + 1) + _FTXBXS * number
        (reusable,) = struct.unpack_from("<H", plc, entry + 8)
        (shape,) = struct.unpack_from("<i", plc, entry + 14)
        start = min(first + max(positions[number], 0), last)
        end = min(first + max(positions[number + 1], 0), last)
        if not reusable and text[start:end].strip("\r\x07"):
            found[shape] = (start, end)
    return found


def _anchors(plc: bytes) -> list[tuple[int, int]]:
    """Each shape's anchor in the main document, and its shape id ([MS-DOC] PlcfSpa)."""
    count = (len(plc) - 4) // (4 + _SPA)
    if count < 1 or len(plc) != 4 + (4 + _SPA) * count:
        return []
    positions = struct.unpack_from(f"<{count}i", plc, 0)
    shapes = (struct.unpack_from("<i", plc, 4 * (count + 1) + _SPA * n)[0] for n in range(count))
    return sorted(zip(positions, shapes, strict=True))


def _anchored(
    text: str, main: int, boxes: dict[int, tuple[int, int]], anchors: list[tuple[int, int]]
) -> list[tuple[int, tuple[int, int]]]:
    """Where each text box is read in the main document (text[:main]): after the end of the
    paragraph (or cell) its shape is anchored in; a box once, if two shapes name it."""
    found = []
    for position, shape in anchors:
        stretch = boxes.pop(shape, None)
        if stretch is None or not 0 <= position < main:
            continue
        end = _PARAGRAPH_END.search(text, position, main)
        found.append((end.end() if end else main, stretch))
    return found


def _stretches(main: int, boxes: list[tuple[int, tuple[int, int]]]) -> list[tuple[int, int, bool]]:
    """The stretches of the text in reading order: the main document's (to `main`), broken
    where a text box is read."""
    found: list[tuple[int, int, bool]] = []
    done = 0
    for position, (first, last) in sorted(boxes, key=lambda box: box[0]):
        found += [(done, position, False), (first, last, True)]
        done = position
    return [*found, (done, main, False)]


def _starts(marks: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Each paragraph's first character, and its mark's place in the stream (where its
    properties are read), from the marks' characters and places."""
    start = 0
    for position, mark in marks:
        yield start, mark
        start = position + 1


def _stories(document: bytes, clx: bytes, length: int, runs: list[Run]) -> tuple[str, list[int]]:
    """The text of the document's stories up to CP `length`, piece by piece (as far as the
    pieces go), its symbols (runs) as they show; and each character's place in the stream."""
    text: list[str] = []
    places: list[int] = []
    for start, end, offset, compressed in _pieces(clx):
        if start >= length:
            break
        count = min(end, length) - start
        # Each character of the text takes a byte of the stream at least: pieces that would
        # read more (the same bytes again and again) are a crafted table, not a document.
        if len(places) + count > len(document):
            raise SourceError("import-bad-doc", detail="pieces longer than the file")
        width = 1 if compressed else 2
        chunk = document[offset : offset + width * count]
        if len(chunk) < width * count:
            raise SourceError("import-bad-doc", detail="text out of the file")
        decoded = chunk.decode("cp1252" if compressed else "utf-16-le", errors="replace")
        places += range(offset, offset + width * count, width)
        text.append(shown(decoded, offset, width, runs))
    return "".join(text), places


def _pieces(clx: bytes) -> Iterator[tuple[int, int, int, bool]]:
    """Each piece of text ([MS-DOC] Clx, Pcdt, PlcPcd): its first and end character
    positions, its offset in the WordDocument stream, and whether it is one byte a character
    (cp1252) or two (UTF-16)."""
    at = 0
    try:
        while clx[at] == 0x01:  # a Prc (formatting of pieces changed in a fast save): passed
            (size,) = struct.unpack_from("<h", clx, at + 1)
            at += 3 + max(size, 0)
        if clx[at] != 0x02:
            raise SourceError("import-bad-doc", detail="no piece table")
        (size,) = struct.unpack_from("<I", clx, at + 1)
        plc = clx[at + 5 : at + 5 + size]
    except (IndexError, struct.error):
        raise SourceError("import-bad-doc", detail="piece table cut short") from None
    count = (len(plc) - 4) // 12
    if count < 1 or len(plc) != 4 + 12 * count:
        raise SourceError("import-bad-doc", detail="piece table of no piece")
    positions = struct.unpack_from(f"<{count + 1}I", plc, 0)
    for number in range(count):
        start, end = positions[number], positions[number + 1]
        if end < start:
            raise SourceError("import-bad-doc", detail="pieces out of order")
        (where,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * number + 2)
        compressed = bool(where & 0x40000000)
        offset = where & 0x3FFFFFFF
        yield start, end, offset // 2 if compressed else offset, compressed


def _lines(found: _Text) -> Iterator[Line]:
    """A line for each paragraph (and table cell) that holds text, numbered as a .docx's
    paragraphs are, its number first and its runs' formatting kept; a soft line break splits
    it into lines of the same number."""
    text, places, formatting = found.text, found.places, found.formatting
    for number, (first, last, end, boxed) in numbered_paragraphs(_paragraphs(found)):
        mark = _MARK.search(text, last, end)
        paragraph = formatting.paragraph(places[mark.start()] if mark else None)
        if found.shown.find(0, first, last) < 0:  # no field's code: all of it shows
            runs = formatting.runs(text[first:last], places[first:last], paragraph.bold)
        else:
            kept = [index for index in range(first, last) if found.shown[index]]
            runs = formatting.runs(
                "".join(text[index] for index in kept),
                [places[index] for index in kept],
                paragraph.bold,
            )
        yield from styled_lines(
            [
                TextRun(found.labels.get(first, "")),
                *(replace(run, text=run.text.translate(_KEPT)) for run in runs),
            ],
            number,
            style=paragraph.style,
            outline=paragraph.outline,
            centred=paragraph.centred,
            boxed=boxed,
        )


def _paragraphs(found: _Text) -> Iterator[tuple[int, int, int, bool]]:
    """The paragraphs of each stretch of the text in reading order (from, to: their end's
    character, a paragraph mark, a cell's or a page break that shows; the stretch's end; and
    whether it is a box's), and what follows a stretch's last, if anything."""
    for start, end, boxed in found.stretches:
        first = start
        for match in _PARAGRAPH_END.finditer(found.text, start, end):
            if found.shown[match.start()]:
                yield first, match.start(), end, boxed
                first = match.end()
        if first < end:
            yield first, end, end, boxed


def _show(text: str, start: int, end: int, shown: bytearray) -> None:
    """Marks in `shown` the characters of text[start:end] that Word shows: of each field (a
    page number, a date, a link), its result, not its code; fields may nest."""
    if _FIELD_BEGIN not in text[start:end]:
        shown[start:end] = b"\x01" * (end - start)
        return
    # For each field open: whether its code is over (its result, if any, is being read).
    fields: list[bool] = []
    for index in range(start, end):
        character = text[index]
        if character == _FIELD_BEGIN:
            fields.append(False)
        elif character == _FIELD_SEPARATOR and fields:
            fields[-1] = True
        elif character == _FIELD_END and fields:
            fields.pop()
        elif all(fields):
            shown[index] = 1
