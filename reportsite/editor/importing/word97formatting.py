"""The formatting of a Word 97–2003 file's (.doc) text that the import reads in a .docx: which runs
are bold and the font their Chinese text is set in, and each paragraph's style and whether it is
centred — so that lead phrases in bold and headings by style or by 黑体/楷体 are known as in a .docx
(styled.py). Read as the .docx reader reads them (word.py): a run's own bold, else its character
style's, else its paragraph style's; its own font, else its character style's; the paragraph's
own alignment, and its outline level, its own or its style's. From the runs' and paragraphs'
properties (word97properties.py), the style sheet and the fonts' table; a .doc was read as text
alone."""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from .numbering import inherited
from .styled import TextRun
from .word97properties import Style, character_runs, paragraph_runs, sprms

_BOLD: Final = 0x0835
"""sprmCFBold: 0 or 1, or 0x80 (as the style has it) or 0x81 (the other way)."""
_FONTS: Final = (0x4A50, 0x4A4F)
"""sprmCRgFtc1 and sprmCRgFtc0: the font of a run's East Asian text, and of its ASCII text
(the one a .docx's reader falls back on)."""
_CHARACTER_STYLE: Final = 0x4A30
"""sprmCIstd: the run's character style (its bold and fonts where the run has none)."""
_OUTLINE: Final = 0x2640
"""sprmPOutLvl: the paragraph's outline level (from 0; 9 is body text)."""
_ALIGNMENT: Final = (0x2403, 0x2461)
"""sprmPJc80 and sprmPJc: the paragraph's alignment, 1 centred."""


@dataclass(frozen=True, slots=True)
class _Run:
    bold: int | None
    font: str


_PLAIN: Final = _Run(None, "")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """What a paragraph's properties say: its style's name, whether it is centred, whether its
    style sets its text in bold, and its outline level (None: neither it nor its styles give
    one)."""

    style: str = ""
    centred: bool = False
    bold: bool = False
    outline: int | None = None


class Formatting:
    """The runs' and paragraphs' properties of a document, looked up by a character's place
    in the WordDocument stream (a paragraph's by its mark's)."""

    def __init__(
        self,
        document: bytes,
        characters: bytes,
        paragraphs: bytes,
        given: Mapping[int, Style],
        fonts: Sequence[str],
    ) -> None:
        # Runs of the same properties are many (every paragraph's runs in a long document):
        # each set of properties is read once.
        known: dict[bytes, _Run] = {}
        runs = []
        for start, end, properties in character_runs(document, characters):
            if properties not in known:
                known[properties] = _run(properties, fonts, given)
            runs.append((start, end, known[properties]))
        runs.sort(key=_bounds)
        self._starts = [start for start, _, _ in runs]
        self._runs = [(end, run) for _, end, run in runs]
        # What each paragraph style gives its paragraphs, worked out once a style.
        outlines = inherited(
            {index: (_outline(style.paragraphs), None) for index, style in given.items()},
            {index: style.based for index, style in given.items() if style.based is not None},
        )
        defaults = {
            index: Paragraph(
                style.name,
                bold=_run(style.characters, fonts).bold == 1,
                outline=outlines[index][0] if index in outlines else None,
            )
            for index, style in given.items()
        }
        found = sorted(
            (
                (start, end, _paragraph(properties, defaults.get(style, Paragraph())))
                for start, end, style, properties in paragraph_runs(document, paragraphs)
            ),
            key=_bounds,
        )
        self._paragraph_starts = [start for start, _, _ in found]
        self._paragraphs = [(end, paragraph) for _, end, paragraph in found]

    def paragraph(self, mark: int | None) -> Paragraph:
        """The properties of the paragraph whose mark is at byte `mark` (None: it has none)."""
        index = bisect.bisect_right(self._paragraph_starts, mark) - 1 if mark is not None else -1
        if index < 0 or mark is None or mark >= self._paragraphs[index][0]:
            return Paragraph()
        return self._paragraphs[index][1]

    def runs(self, text: str, places: Sequence[int], bold: bool) -> Iterator[TextRun]:
        """The text (each character's place in the stream given) as runs of one formatting,
        in a paragraph whose style is bold or not."""
        start = 0
        current = _PLAIN
        low = high = 0  # the stretch of the stream the current run's properties cover
        for index, place in enumerate(places):
            if low <= place < high:
                continue
            run, low, high = self._at(place)
            if run is not current and index:
                yield _text_run(text[start:index], current, bold)
                start = index
            current = run
        if start < len(text):
            yield _text_run(text[start:], current, bold)

    def _at(self, place: int) -> tuple[_Run, int, int]:
        """The properties of the run of characters at byte `place`, and the bytes they cover
        (a place no run covers has none)."""
        index = bisect.bisect_right(self._starts, place) - 1
        if index >= 0 and place < self._runs[index][0]:
            return self._runs[index][1], self._starts[index], self._runs[index][0]
        return _PLAIN, place, place + 1


def _bounds(run: tuple[int, int, object]) -> tuple[int, int]:
    return run[0], run[1]


def _text_run(text: str, run: _Run, style_bold: bool) -> TextRun:
    if run.bold is None or run.bold == 0x80:
        bold = style_bold
    elif run.bold == 0x81:
        bold = not style_bold
    else:
        bold = bool(run.bold)
    return TextRun(text, bold, run.font)


def _run(properties: bytes, fonts: Sequence[str], given: Mapping[int, Style] | None = None) -> _Run:
    """What a run's properties say; where they say nothing, what its character style's say
    (`given`: the style sheet's styles; none for a style's own properties)."""
    bold: int | None = None
    named: dict[int, str] = {}
    style = _PLAIN
    for sprm, operand in sprms(properties):
        if sprm == _BOLD and len(operand) == 1:
            bold = operand[0]
        elif sprm in _FONTS and len(operand) == 2:
            (index,) = struct.unpack("<H", operand)
            named[sprm] = fonts[index] if index < len(fonts) else ""
        elif sprm == _CHARACTER_STYLE and len(operand) == 2 and given is not None:
            character = given.get(struct.unpack("<H", operand)[0])
            style = _run(character.characters, fonts) if character is not None else _PLAIN
    font = next((named[sprm] for sprm in _FONTS if named.get(sprm)), "")
    return _Run(style.bold if bold is None else bold, font or style.font)


def _paragraph(properties: bytes, style: Paragraph) -> Paragraph:
    """What a paragraph's properties say, over what its style gives: its alignment its own;
    its outline level its own, else its style's."""
    centred = False
    outline = None
    for sprm, operand in sprms(properties):
        if sprm in _ALIGNMENT and len(operand) == 1:
            centred = operand[0] == 1
        elif sprm == _OUTLINE and len(operand) == 1:
            outline = operand[0]
    return replace(style, centred=centred, outline=style.outline if outline is None else outline)


def _outline(properties: bytes) -> int | None:
    """The outline level paragraph properties give, if any."""
    return next(
        (operand[0] for sprm, operand in sprms(properties) if sprm == _OUTLINE and operand), None
    )
