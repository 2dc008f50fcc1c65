"""PDF files → located lines: each page's characters as PDFium places them (pypdfium2), made
into lines by where they stand (not by the order the file draws them in: a quotation mark
drawn in another font may come last), the lines into paragraphs as a reader sees them — a
paragraph begins where a line is indented (a report's first line by two characters), is
centred, changes size, or follows a line that stops short, and goes on over a page's end. A
page's number, a header or footer that every page repeats and turned text (a watermark) are
left out; a table drawn with borders is read cell by cell. Bold (a bold face,
or Word's bold of a face that has none, drawn by filling and stroking) is kept for lead
phrases, and a paragraph set wholly in 黑体 or 楷体 (SimHei, KaiTi_GB2312 as the file names
them) is marked a heading, as in a Word file (styled.py). The paragraphs are numbered as a Word
file's are: the summary's line numbers count them.

Government bodies publish many reports as PDF, saved from Word or WPS: it was refused, and
the editor had to copy its text out page by page. A PDF of scanned pages holds no text, and
one whose fonts do not say which characters they draw cannot be read: both are told of."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from .lines import Line
from .sources import MAX_LINES, Read, SourceError
from .styled import TextRun, styled_lines

MAX_PAGES: Final = 1_000
"""A report is tens of pages; a yearbook a few hundred."""
_PASSWORD: Final = 4
"""FPDF_ERR_PASSWORD: the file is encrypted with a password to open it."""
_ERRORS: Final = {3: "not in PDF's format", 5: "encrypted in a way PDFium does not read"}
"""What PDFium's other errors when it opens a file say (FPDF_ERR_FORMAT, FPDF_ERR_SECURITY)."""
_PAGE_NUMBER: Final = re.compile(
    r"[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
)
"""A page's number as reports set it: — 3 —, -3-, 3, 第3页 共12页, 3/12."""
_MARGIN: Final = 0.12
"""The part of a page's height, at its top and at its bottom, where headers and footers
stand (GB/T 9704's page number is 7 mm below the text; its top margin 37 mm)."""
_SPACE: Final = 0.15
"""A gap between two characters beyond their line's usual one, in their size, that is a space
a file does not draw: a space is a sixth to a third of its font's size (0.18 of a Song face,
0.32 of a Hei)."""
_AUTOSPACE: Final = 0.2
"""And more between Chinese and Latin text, where Word and LibreOffice leave a fifth of a
character (0.21–0.23) with no space typed."""
_CJK: Final = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_RULE: Final = 3.0
"""A table's border is a line this thin at most (in points), and four times as long at least."""
_TURNED: Final = 0.05
"""The sine of a character's angle beyond which it is turned, not set on a line (3 degrees)."""
_FILL_STROKE: Final = 2
"""The text render mode of Word's bold in a face with no bold of its own (宋体, 仿宋)."""
_BOLD_WEIGHT: Final = 600
_FONTS: Final = (
    (re.compile(r"simhei|heiti|黑体|fzhei", re.IGNORECASE), "黑体"),
    (re.compile(r"kaiti|楷体|fzkai", re.IGNORECASE), "楷体"),
    (re.compile(r"fangsong|仿宋|fzfs", re.IGNORECASE), "仿宋"),
    (re.compile(r"simsun|songti|宋体", re.IGNORECASE), "宋体"),
)
"""A font's name in a PDF (its PostScript name, as Word and WPS embed it: SimHei,
KaiTi_GB2312, FangSong_GB2312) → the name a Word file gives it, which styled.py reads."""
_BOLD_NAME: Final = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    font: str
    bold: bool


@dataclass(frozen=True, slots=True)
class _Cell:
    """A table's cell, as the rules drawn around it bound it."""

    left: float
    right: float
    top: float
    bottom: float


@dataclass(slots=True)
class _Line:
    """A line of a page (of a table's cell, `cell`): its runs, where it stands."""

    runs: list[TextRun]
    text: str
    x0: float
    x1: float
    y: float
    size: float
    edge: bool
    """It stands in the page's top or bottom margin, where headers and footers are."""
    cell: _Cell | None = None


def read_pdf(data: bytes) -> Read:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == _PASSWORD:
            raise SourceError("import-pdf-password") from error
        detail = _ERRORS.get(code or 0, "PDFium cannot open it")
        raise SourceError("import-bad-pdf", detail=detail) from error
    damaged = 0
    pages = len(document)
    try:
        if pages > MAX_PAGES:
            raise SourceError("import-pdf-pages", pages=pages, limit=MAX_PAGES)
        lines: list[_Line] = []
        for number in range(pages):
            try:
                page = document[number]
            except pdfium.PdfiumError:
                damaged += 1  # a page the file cannot give: the others are read
                continue
            try:
                chars = _chars(page, number)
                height = page.get_height()
                cells = _cells(chars, _rules(page)) if chars else {}
                lines += _page_lines(chars, cells, height)
            finally:
                page.close()
    finally:
        document.close()
    if damaged and damaged == pages:
        raise SourceError("import-bad-pdf", detail="no page can be read")
    if not lines:
        raise SourceError("import-scanned", kind="PDF")
    paragraphs = _paragraphs(_without_furniture(lines))
    read: list[Line] = []
    for number, (runs, centred) in enumerate(paragraphs, 1):
        if number > MAX_LINES:
            raise SourceError("import-too-many-lines", limit=MAX_LINES)
        read += styled_lines(runs, number, centred=centred)
    return Read("pdf", tuple(read))


def _chars(page: Any, number: int) -> list[_Char]:
    """The characters the page draws but spaces, each with its box, size, font and boldness;
    refused if most have no Unicode the file says."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        text = page.get_textpage()
    except pdfium.PdfiumError:
        return []  # a page whose text PDFium cannot lay out: read as one that has none
    handle = text.raw
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    found: list[_Char] = []
    unmapped = 0
    fonts: dict[bytes, tuple[str, bool]] = {}
    try:
        for index in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, index)
            # Spaces are read from where the characters stand (_runs), whether the file draws
            # them (Word) or not (LibreOffice, and the spaces PDFium makes up).
            if not 0x20 < code < 0x110000 or chr(code).isspace():
                continue
            if raw.FPDFText_HasUnicodeMapError(handle, index) == 1:
                unmapped += 1
                continue
            # Text turned (a watermark across the page, a stamp) is no line's.
            if abs(math.sin(raw.FPDFText_GetCharAngle(handle, index))) > _TURNED:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box)):
                continue
            raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
            raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
            named = fonts.get(name.value)
            if named is None:
                named = fonts[name.value] = _font(name.value)
            font, bold_face = named
            obj = raw.FPDFText_GetTextObject(handle, index)
            bold = (
                bold_face
                or raw.FPDFText_GetFontWeight(handle, index) >= _BOLD_WEIGHT
                or bool(obj)
                and raw.FPDFTextObj_GetTextRenderMode(obj) == _FILL_STROKE
            )
            size = raw.FPDFText_GetFontSize(handle, index)
            found.append(_Char(chr(code), box.left, box.right, y.value, size, font, bold))
    finally:
        text.close()
    if unmapped > len(found):
        raise SourceError("import-pdf-unmapped", page=number + 1)
    return found


def _font(name: bytes) -> tuple[str, bool]:
    """A font's name as a Word file would give it — its subset's tag (ABCDEF+) off, 黑体 and
    楷体 under any of their names, a name of GBK's bytes read as such — and whether the name
    says it is bold (KaiTi_GB2312,Bold)."""
    text = name.decode("utf-8", errors="replace")
    if any(byte >= 0x80 for byte in name):
        try:
            text = name.decode("gb18030")
        except UnicodeDecodeError:
            pass
    text = re.sub(r"^[A-Z]{6}\+", "", text)
    bold = bool(_BOLD_NAME.search(text))
    for pattern, known in _FONTS:
        if pattern.search(text):
            return known, bold
    return text, bold


def _rules(page: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The thin lines the page draws, as a table's borders are: the horizontal ones (y, from
    x, to x) and the vertical ones (x, from y, to y)."""
    import ctypes

    import pypdfium2.raw as raw

    across: list[tuple[float, float, float]] = []
    down: list[tuple[float, float, float]] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if height <= _RULE and width >= 4 * _RULE:
            across.append(((top.value + bottom.value) / 2, left.value, right.value))
        elif width <= _RULE and height >= 4 * _RULE:
            down.append(((left.value + right.value) / 2, bottom.value, top.value))
    return across, down


def _cells(
    chars: list[_Char],
    rules: tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]],
) -> dict[int, _Cell]:
    """The cell each character stands in (by its place in `chars`): the nearest rules that
    pass on its four sides; none for one outside a table."""
    across, down = rules
    if not across or not down:
        return {}
    found: dict[int, _Cell] = {}
    for index, char in enumerate(chars):
        x = (char.x0 + char.x1) / 2
        y = char.y + char.size / 3
        left = max((r[0] for r in down if r[0] < x and r[1] <= y <= r[2]), default=None)
        right = min((r[0] for r in down if r[0] > x and r[1] <= y <= r[2]), default=None)
        top = min((r[0] for r in across if r[0] > y and r[1] <= x <= r[2]), default=None)
        bottom = max((r[0] for r in across if r[0] < y and r[1] <= x <= r[2]), default=None)
        if None not in (left, right, top, bottom):
            found[index] = _Cell(left, right, top, bottom)  # type: ignore[arg-type]
    return found


def _page_lines(chars: list[_Char], cells: dict[int, _Cell], height: float) -> list[_Line]:
    """The page's characters in lines — those whose baselines are within a third of their
    size of each other, left to right — top to bottom; a table's cells in rows, each cell's
    lines together, left to right."""
    groups: dict[_Cell | None, list[_Char]] = {}
    for index, char in enumerate(chars):
        groups.setdefault(cells.get(index), []).append(char)
    made: list[_Line] = []
    for cell, members in groups.items():
        lines: list[list[_Char]] = []
        for char in sorted(members, key=lambda c: (-c.y, c.x0)):
            if lines and abs(lines[-1][0].y - char.y) <= max(lines[-1][0].size, char.size) / 3:
                lines[-1].append(char)
            else:
                lines.append([char])
        for line in lines:
            line.sort(key=lambda c: c.x0)
            runs, text = _runs(line)
            if not text.strip():
                continue
            y = line[0].y
            size = statistics.median(c.size for c in line)
            edge = cell is None and (y > height * (1 - _MARGIN) or y < height * _MARGIN)
            made.append(_Line(runs, text, line[0].x0, line[-1].x1, y, size, edge, cell))
    return sorted(made, key=_reading_order)


def _reading_order(line: _Line) -> tuple[float, float, float]:
    """Top to bottom; a cell's lines at its top, after the cells left of it in its row."""
    if line.cell is None:
        return (-line.y, 0.0, 0.0)
    return (-line.cell.top, line.cell.left, -line.y)


def _runs(chars: list[_Char]) -> tuple[list[TextRun], str]:
    """A line's runs (characters of the same font and boldness), a space where two characters
    stand further apart than the line's others do (a justified line spreads them all) by a
    space's width — by more between Chinese and Latin text, which Word and LibreOffice set a
    little apart."""
    gaps = [b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False)]
    usual = statistics.median(gaps) if gaps else 0.0
    runs: list[TextRun] = []
    pieces: list[str] = []
    previous: _Char | None = None
    for char, gap in zip(chars, [0.0, *gaps], strict=True):
        if previous is not None:
            apart = _SPACE + (
                _AUTOSPACE if bool(_CJK.match(char.text)) != bool(_CJK.match(previous.text)) else 0
            )
            if gap - max(usual, 0.0) >= apart * min(char.size, previous.size):
                pieces.append(" ")
        if previous is not None and (char.font, char.bold) != (previous.font, previous.bold):
            runs.append(TextRun("".join(pieces), previous.bold, previous.font))
            pieces = []
        pieces.append(char.text)
        previous = char
    if previous is not None:
        runs.append(TextRun("".join(pieces), previous.bold, previous.font))
    return runs, "".join(run.text for run in runs)


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines less a page's number, and the headers and footers that stand in the same
    place with the same words (their numbers aside) on more than one page."""
    key = {id(line): (round(line.y), re.sub(r"\d+", "#", line.text.strip())) for line in lines}
    repeated = Counter(key[id(line)] for line in lines if line.edge)
    return [
        line
        for line in lines
        if not (
            line.edge and (_PAGE_NUMBER.fullmatch(line.text.strip()) or repeated[key[id(line)]] > 1)
        )
    ]


def _paragraphs(lines: list[_Line]) -> Iterator[tuple[list[TextRun], bool]]:
    """Each paragraph's runs, and whether it is centred. The body's margins are those most of
    its lines keep (the end of its full lines: a justified line ends at the margin); a cell's,
    its lines' left and the same room on its right."""
    if not lines:
        return
    body = [line for line in lines if line.cell is None] or lines
    margins: dict[_Cell | None, tuple[float, float]] = {
        None: (
            _margin([line.x0 for line in body], right=False),
            _margin([line.x1 for line in body], right=True),
        )
    }
    for line in lines:
        if line.cell is not None:
            left = min(line.x0, margins.get(line.cell, (line.x0, 0.0))[0])
            margins[line.cell] = (left, line.cell.right - (left - line.cell.left))
    paragraph: list[TextRun] = []
    centred = False
    previous: _Line | None = None
    for line in lines:
        left, right = margins[line.cell]
        em = line.size or 1.0
        is_centred = (
            line.x0 - left > 2 * em
            and right - line.x1 > 2 * em
            and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 0.6 * em
        )
        alike = previous is not None and (
            line.cell == previous.cell
            and abs(line.size - previous.size) <= 0.15 * previous.size
            and not (
                _fonts(line) != _fonts(previous)
                and (_heading_font(line) or _heading_font(previous))
            )
        )
        full = previous is not None and right - previous.x1 <= 0.5 * previous.size
        indented = line.x0 - left > 0.8 * em and not is_centred
        if line.cell is not None:
            # A cell's text wraps where it must (a long number at a hyphen): its lines are one
            # paragraph but where one is indented.
            goes_on = alike and not indented
        else:
            # A centred paragraph's last line is centred under its full ones.
            goes_on = alike and full and not indented
        if not goes_on:
            if paragraph:
                yield paragraph, centred
            paragraph, centred = [], is_centred
        elif is_centred:
            centred = True
        elif line.cell is None and previous is not None:
            if _latin_end(previous.text) and _latin_start(line.text):
                paragraph.append(TextRun(" ", False, None))
        paragraph += line.runs
        previous = line
    if paragraph:
        yield paragraph, centred


def _margin(values: list[float], right: bool) -> float:
    """The left or right margin: the furthest out of the places lines begin or end at more
    than once, to the point (a report's paragraphs are mostly short: more of its lines may
    begin indented than at the margin); the furthest of all where none is shared."""
    counts = Counter(round(value) for value in values)
    shared = [float(value) for value, count in counts.items() if count > 1] or values
    return (max if right else min)(shared, default=0.0)


def _fonts(line: _Line) -> set[str]:
    return {run.font or "" for run in line.runs if run.text.strip()}


def _heading_font(line: _Line) -> bool:
    return _fonts(line) in ({"黑体"}, {"楷体"})


def _latin_end(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9,;:]$", text))


def _latin_start(text: str) -> bool:
    return bool(re.match(r"[A-Za-z0-9]", text))
