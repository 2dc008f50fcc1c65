"""The lines of a document laid out on pages (a PDF, an OFD file) → located lines: characters,
wherever a file draws them, made into lines by where they stand (not by the order they are
drawn in: a quotation mark drawn in another font may come last), the lines into paragraphs as a
reader sees them — a paragraph begins where a line is indented (a report's first line by two
characters), is centred, changes size or heading font, or follows a line that stops short, and
goes on over a page's end. A page's number and a header or footer every page repeats are left
out; a table drawn with borders is read cell by cell, row by row, and so is one ruled across
only (a 三线表) whose lines stand in columns. A paragraph set wholly in 黑体 or 楷体 is marked a
heading and bold kept for lead phrases, as in a Word file (styled.py); the paragraphs are
numbered as a Word file's are: the summary's line numbers count them."""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from .contents import is_dotted_entry
from .lines import Line
from .sources import SourceError, numbered_paragraphs
from .styled import TextRun, styled_lines

_MAX_PAGES: Final = 1_000
"""A report is tens of pages; a yearbook a few hundred."""
BOLD_WEIGHT: Final = 600
"""A face this heavy or heavier is bold (a font's weight, 400 regular, 700 bold)."""
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
_COLUMN: Final = 0.8
"""A gap between two characters beyond their line's usual one, in their size, that parts two
of a table's columns: a Word table's cells keep their texts two cell margins apart at least
(0.19 cm each, about an em of 五号)."""
_FONTS: Final = (
    (re.compile(r"simhei|heiti|黑体|fzhei", re.IGNORECASE), "黑体"),
    (re.compile(r"kaiti|楷体|fzkai", re.IGNORECASE), "楷体"),
    (re.compile(r"fangsong|仿宋|fzfs", re.IGNORECASE), "仿宋"),
    (re.compile(r"simsun|songti|宋体", re.IGNORECASE), "宋体"),
)
"""A font's name in a PDF (its PostScript name, as Word and WPS embed it: SimHei,
KaiTi_GB2312, FangSong_GB2312) → the name a Word file gives it, which styled.py reads."""
_BOLD_NAME: Final = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)


Rules = tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]
"""The thin lines a page draws, as a table's borders are: the horizontal ones (y, from x, to
x) and the vertical ones (x, from y, to y), in points, y upwards."""


@dataclass(frozen=True, slots=True)
class Char:
    """A character a page draws: where its advance begins and ends and its baseline (points,
    y upwards), its size, its font's name (as font_name gives it) and whether it is bold."""

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
class LaidLine:
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
    page: int = 0


def check_pages(count: int, kind: str) -> None:
    """Refuse a document (`kind`: PDF, OFD) of more pages than a yearbook, before they are
    read."""
    if count > _MAX_PAGES:
        raise SourceError("import-too-many-pages", kind=kind, pages=count, limit=_MAX_PAGES)


def font_name(name: str) -> tuple[str, bool]:
    """A font's name as a Word file would give it — its subset's tag (ABCDEF+) off, 黑体 and
    楷体 under any of their names — and whether the name says it is bold (KaiTi_GB2312,Bold)."""
    name = re.sub(r"^[A-Z]{6}\+", "", name)
    bold = bool(_BOLD_NAME.search(name))
    for pattern, known in _FONTS:
        if pattern.search(name):
            return known, bold
    return name, bold


def add_rule(rules: Rules, x0: float, y0: float, x1: float, y1: float) -> None:
    """Take a box a page draws (points, y upwards) into its rules if it is thin as a border."""
    across, down = rules
    width, height = abs(x1 - x0), abs(y1 - y0)
    if height <= _RULE and width >= 4 * _RULE:
        across.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif width <= _RULE and height >= 4 * _RULE:
        down.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


Outline = dict[int, list[tuple[str, int]]]
"""A document's bookmarks (its outline, which Word and LibreOffice make of its headings when
they save a PDF) by the page each goes to: their titles and their levels from 0."""
MAX_BOOKMARKS: Final = 10_000
"""A report's outline is its headings, tens of them: the rest of a crafted one is not read."""


def page_lines(chars: list[Char], rules: Rules, height: float, page: int = 0) -> list[LaidLine]:
    """A page's characters (in points, y upwards, the page `height` high) in lines."""
    cells = _cells(chars, rules) if chars else {}
    cells |= _open_tables(chars, cells, rules[0], height if page else None)
    lines = _page_lines(chars, cells, height)
    for line in lines:
        line.page = page
    return lines


def document_lines(lines: list[LaidLine], outline: Outline | None = None) -> tuple[Line, ...]:
    """The located lines of a document's pages' lines, in order; a paragraph a bookmark of
    its page names is a heading of the bookmark's level, as the Word file it was saved from
    has it."""
    found: list[Line] = []
    titles = {
        page: [(_SPACES.sub("", title), level) for title, level in bookmarks]
        for page, bookmarks in (outline or {}).items()
    }
    paragraphs = _paragraphs(_without_furniture(lines), titles)
    for number, (runs, centred, level) in numbered_paragraphs(paragraphs):
        found += styled_lines(runs, number, outline=level, centred=centred)
    return tuple(found)


def _cells(
    chars: list[Char],
    rules: Rules,
) -> dict[int, _Cell]:
    """The cell each character stands in (by its place in `chars`): the nearest rules that
    pass on its four sides; none for one outside a table."""
    across, down = rules
    if not across or not down:
        return {}
    found: dict[int, _Cell] = {}
    for index, char in enumerate(chars):
        x = (char.x0 + char.x1) / 2
        y = _middle(char)
        left = max((r[0] for r in down if r[0] < x and r[1] <= y <= r[2]), default=None)
        right = min((r[0] for r in down if r[0] > x and r[1] <= y <= r[2]), default=None)
        top = min((r[0] for r in across if r[0] > y and r[1] <= x <= r[2]), default=None)
        bottom = max((r[0] for r in across if r[0] < y and r[1] <= x <= r[2]), default=None)
        if None not in (left, right, top, bottom):
            found[index] = _Cell(left, right, top, bottom)  # type: ignore[arg-type]
    return found


_Rule = tuple[float, float, float]


def _open_tables(
    chars: list[Char], taken: dict[int, _Cell], across: list[_Rule], top: float | None
) -> dict[int, _Cell]:
    """The cell each character stands in (by its place in `chars`) of the tables ruled across
    only (a 三线表: a rule above, one under the header, one below, no borders down), of those not
    in `taken`. Between two rules one above the other stand a table's rows where a third of
    their lines or more, and two at least in the table, are set in columns; a line's pieces
    are its cells. A line with nothing in the first column, or not set in columns, goes on the
    row above (a cell's text wrapped). A table goes on over a page's end, where its rule below
    is drawn on the next page and its rule above on the page before: a rule's lines down to
    the page's foot, and up to the head of a page but the first (at `top`; None on the first),
    are taken as between rules, less the lines not set in columns at the page's foot and head
    (its number, a header)."""
    found: dict[int, _Cell] = {}
    # By height, so that a band's characters are found without looking at the others'.
    free = sorted(
        ((index, char) for index, char in enumerate(chars) if index not in taken),
        key=lambda placed: _middle(placed[1]),
    )
    heights = [_middle(char) for _, char in free]
    table: list[list[list[tuple[int, Char]]]] = []  # its lines, each in pieces
    bottom: float | None = None
    for upper, lower in _ruled_bands(across, top):
        if table and bottom != upper[0]:
            found |= _table_cells(table)
            table = []
        left, right = max(upper[1], lower[1]), min(upper[2], lower[2])
        inside = [
            (index, char)
            for index, char in free[
                bisect.bisect_right(heights, lower[0]) : bisect.bisect_left(heights, upper[0])
            ]
            if left - _RULE <= (char.x0 + char.x1) / 2 <= right + _RULE
        ]
        lines = [_pieces(line) for line in _baselines(inside)]
        while lower[0] == _FOOT and lines and len(lines[-1]) == 1:
            lines.pop()
        while upper[0] == top and lines and len(lines[0]) == 1:
            lines.pop(0)
        columned = sum(len(pieces) > 1 for pieces in lines)
        if columned and 3 * columned >= len(lines):
            table += lines
            bottom = lower[0]
        else:
            found |= _table_cells(table)
            table = []
    return found | _table_cells(table)


_FOOT: Final = 0.0
"""Where a page's foot is (y upwards)."""
_MAX_RULES: Final = 200
"""The most rules across (a row's drawn a cell at a time counted once) a page of tables has: it
holds some fifty lines. A page of more (a pattern of short strokes) is read without looking for
tables between them, which takes as many looks over the page as it has rules."""


def _middle(char: Char) -> float:
    """The height a character stands at, between rules: a third of its size above its
    baseline."""
    return char.y + char.size / 3


def _ruled_bands(across: list[_Rule], top: float | None) -> Iterator[tuple[_Rule, _Rule]]:
    """Each rule across (a row's border drawn a cell at a time made one), and the page's head
    (at `top`, unless None) as a rule as wide as the highest, with the nearest rule below it
    that spans most of the same width (not an underline), else the page's foot; top to
    bottom; none on a page of more than _MAX_RULES."""
    merged: list[_Rule] = []
    for y, x0, x1 in sorted(across, key=lambda rule: (round(rule[0]), rule[1])):
        if merged and abs(merged[-1][0] - y) <= 1 and x0 - merged[-1][2] <= _RULE:
            merged[-1] = (merged[-1][0], merged[-1][1], max(merged[-1][2], x1))
        else:
            merged.append((y, x0, x1))
    if len(merged) > _MAX_RULES:
        return
    merged.sort(key=lambda rule: -rule[0])
    if top is not None:
        merged.insert(0, (top, *(merged[0][1:] if merged else (-math.inf, math.inf))))
    for place, upper in enumerate(merged):
        lower = next(
            (
                lower
                for lower in merged[place + 1 :]
                if upper[0] - lower[0] > 1
                and min(upper[2], lower[2]) - max(upper[1], lower[1])
                >= 0.8 * max(upper[2] - upper[1], lower[2] - lower[1])
            ),
            (_FOOT, upper[1], upper[2]),
        )
        yield upper, lower


def _pieces(line: list[tuple[int, Char]]) -> list[list[tuple[int, Char]]]:
    """A line's characters parted where they stand a column's gap apart."""
    gaps = [b.x0 - a.x1 for (_, a), (_, b) in zip(line, line[1:], strict=False)]
    usual = max(statistics.median(gaps), 0.0) if gaps else 0.0
    pieces = [line[:1]]
    for (_, previous), (index, char), gap in zip(line, line[1:], gaps, strict=False):
        if gap - usual >= _COLUMN * min(char.size, previous.size):
            pieces.append([])
        pieces[-1].append((index, char))
    return pieces


def _table_cells(lines: list[list[list[tuple[int, Char]]]]) -> dict[int, _Cell]:
    """The cells of a table ruled across only, its lines top to bottom, in pieces: its columns
    where the pieces of its lines set in columns stand, a row begun by each of those lines
    that has a piece in the first column."""
    if sum(len(pieces) > 1 for pieces in lines) < 2:
        return {}
    spans: list[list[float]] = []
    for x0, x1 in sorted(
        (piece[0][1].x0, piece[-1][1].x1) for pieces in lines if len(pieces) > 1 for piece in pieces
    ):
        if spans and x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    found: dict[int, _Cell] = {}
    first: Char | None = None  # the row's first character
    for pieces in lines:
        columns = [_column(spans, piece) for piece in pieces]
        if first is None or (len(pieces) > 1 and columns[0] == 0):
            first = pieces[0][0][1]
        for piece, column in zip(pieces, columns, strict=True):
            cell = _Cell(spans[column][0], spans[column][1], first.y + first.size, first.y)
            found.update((index, cell) for index, _ in piece)
    return found


def _column(spans: list[list[float]], piece: list[tuple[int, Char]]) -> int:
    """The column a piece of a line stands in: the one it overlaps most, else the nearest."""
    x0, x1 = piece[0][1].x0, piece[-1][1].x1
    return max(
        range(len(spans)),
        key=lambda column: min(x1, spans[column][1]) - max(x0, spans[column][0]),
    )


def _baselines(chars: list[tuple[int, Char]]) -> list[list[tuple[int, Char]]]:
    """Characters (with their places) in lines — those whose baselines are within a third of
    their size of each other, left to right — top to bottom."""
    lines: list[list[tuple[int, Char]]] = []
    for placed in sorted(chars, key=lambda placed: (-placed[1].y, placed[1].x0)):
        char, first = placed[1], lines[-1][0][1] if lines else None
        if first is not None and abs(first.y - char.y) <= max(first.size, char.size) / 3:
            lines[-1].append(placed)
        else:
            lines.append([placed])
    for line in lines:
        line.sort(key=lambda placed: placed[1].x0)
    return lines


def _page_lines(chars: list[Char], cells: dict[int, _Cell], height: float) -> list[LaidLine]:
    """The page's characters in lines, top to bottom; a table's cells in rows, each cell's
    lines together, left to right."""
    groups: dict[_Cell | None, list[Char]] = {}
    for index, char in enumerate(chars):
        groups.setdefault(cells.get(index), []).append(char)
    made: list[LaidLine] = []
    for cell, members in groups.items():
        for placed in _baselines(list(enumerate(members))):
            line = [char for _, char in placed]
            runs, text = _runs(line)
            if not text.strip():
                continue
            y = line[0].y
            size = statistics.median(c.size for c in line)
            edge = cell is None and (y > height * (1 - _MARGIN) or y < height * _MARGIN)
            made.append(LaidLine(runs, text, line[0].x0, line[-1].x1, y, size, edge, cell))
    return sorted(made, key=_reading_order)


def _reading_order(line: LaidLine) -> tuple[float, float, float]:
    """Top to bottom; a cell's lines at its top, after the cells left of it in its row."""
    if line.cell is None:
        return (-line.y, 0.0, 0.0)
    return (-line.cell.top, line.cell.left, -line.y)


def _runs(chars: list[Char]) -> tuple[list[TextRun], str]:
    """A line's runs (characters of the same font and boldness), a space where two characters
    stand further apart than the line's others do (a justified line spreads them all) by a
    space's width — by more between Chinese and Latin text, which Word and LibreOffice set a
    little apart."""
    gaps = [b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False)]
    usual = statistics.median(gaps) if gaps else 0.0
    runs: list[TextRun] = []
    pieces: list[str] = []
    previous: Char | None = None
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


def _without_furniture(lines: list[LaidLine]) -> list[LaidLine]:
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


def _paragraphs(
    lines: list[LaidLine], outline: Outline
) -> Iterator[tuple[list[TextRun], bool, int | None]]:
    """Each paragraph's runs, whether it is centred, and its outline level if a bookmark names
    it. The body's margins are those most of its lines keep (the end of its full lines: a
    justified line ends at the margin); a cell's, its lines' left and the same room on its
    right. A bookmark's title begins a paragraph at the line of its page it begins with, and
    ends it where it ends (a heading of the body's look is no paragraph of its own else)."""
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
    titled: tuple[str, int] | None = None  # the bookmark the paragraph is the heading of
    heading = ""  # its text so far, without spaces
    level: int | None = None
    previous: LaidLine | None = None
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
        # An entry of a table of contents runs its leader dots to the margin, and is one line.
        full = (
            previous is not None
            and right - previous.x1 <= 0.5 * previous.size
            and not is_dotted_entry(previous.text)
        )
        indented = line.x0 - left > 0.8 * em and not is_centred
        if line.cell is not None:
            # A cell's text wraps where it must (a long number at a hyphen): its lines are one
            # paragraph but where one is indented.
            goes_on = alike and not indented
        else:
            # A centred paragraph's last line is centred under its full ones.
            goes_on = alike and full and not indented
        plain = _SPACES.sub("", line.text)
        if titled is not None:
            goes_on = _begins(titled[0], heading + plain)
            if not goes_on:
                titled = None
        # A line the layout would run on from the one before heads a paragraph only if it is
        # a bookmark's whole title: a title's first words could open a body line.
        bookmark = None
        if titled is None and line.cell is None:
            bookmark = _bookmark(outline, line, plain, whole=goes_on)
        if bookmark is not None:
            goes_on, titled, heading = False, bookmark, ""
        if not goes_on:
            if paragraph:
                yield paragraph, centred, level
            paragraph, centred = [], is_centred
            level = titled[1] if titled is not None else None
        elif is_centred:
            centred = True
        elif line.cell is None and previous is not None:
            if _latin_end(previous.text) and _latin_start(line.text):
                paragraph.append(TextRun(" ", False, None))
        if titled is not None:
            heading += plain
        paragraph += line.runs
        previous = line
    if paragraph:
        yield paragraph, centred, level


_SPACES: Final = re.compile(r"\s+")
_NUMBER: Final = re.compile(
    r"第?[一二三四五六七八九十\d]{1,3}[、.．)）]?|[（(][一二三四五六七八九十\d]{1,3}[）)]"
)
"""A heading's number (一、 （一） 1． 第一), which Word draws and may leave out of its bookmark."""


def _is_title(title: str, text: str) -> bool:
    """Whether the text (without spaces) is a bookmark's title (without spaces), or the title
    with the number Word draws before a heading and left out of it."""
    if text == title:
        return True
    return text.endswith(title) and bool(_NUMBER.fullmatch(text[: len(text) - len(title)]))


def _begins(title: str, text: str) -> bool:
    """Whether a bookmark's title begins with the text, or is all of it."""
    return title.startswith(text) or _is_title(title, text)


def _bookmark(outline: Outline, line: LaidLine, plain: str, whole: bool) -> tuple[str, int] | None:
    """The bookmark of the line's page whose title begins with the line's text (two
    characters at least), or is all of it (`whole`), if any: taken, so that it heads one
    paragraph."""
    titles = outline.get(line.page)
    if not titles or len(plain) < 2:
        return None
    for index, (title, level) in enumerate(titles):
        if _is_title(title, plain) or (not whole and title.startswith(plain)):
            del titles[index]
            return title, level
    return None


def _margin(values: list[float], right: bool) -> float:
    """The left or right margin: the furthest out of the places lines begin or end at more
    than once, to the point (a report's paragraphs are mostly short: more of its lines may
    begin indented than at the margin); the furthest of all where none is shared."""
    counts = Counter(round(value) for value in values)
    shared = [float(value) for value, count in counts.items() if count > 1] or values
    return (max if right else min)(shared, default=0.0)


def _fonts(line: LaidLine) -> set[str]:
    return {run.font or "" for run in line.runs if run.text.strip()}


def _heading_font(line: LaidLine) -> bool:
    return _fonts(line) in ({"黑体"}, {"楷体"})


def _latin_end(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9,;:]$", text))


def _latin_start(text: str) -> bool:
    return bool(re.match(r"[A-Za-z0-9]", text))
