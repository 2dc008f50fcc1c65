"""A word processor's paragraph, as runs of text with their formatting, → its lines: the runs set
in bold kept as spans (lead phrases, measured on the cleaned line), and the paragraph marked a
heading by its outline level, else its style (标题 1, Heading 2), else, in a body of one font,
by a paragraph set wholly in 黑体 (a part) or 楷体 (a section), as GB/T 9704 sets them. Shared
by the readers that see formatting: every Word format's, RTF's, an .odt's, and a PDF's or an
OFD's lines (layout.py, a bookmark standing for an outline level)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .lines import Line
from .sources import cleaned_places


@dataclass(frozen=True, slots=True)
class TextRun:
    text: str
    bold: bool = False
    font: str | None = None
    """The font its Chinese text is set in; None for what the paragraph's list puts before it
    (its number), which no font of the text says anything of."""


def styled_lines(
    runs: Iterable[TextRun],
    number: int,
    *,
    style: str = "",
    outline: int | None = None,
    centred: bool = False,
    boxed: bool = False,
) -> Iterator[Line]:
    """The paragraph's lines: a soft line break ("\\n") ends a line as the reader sees it, the
    parts keeping the paragraph's number. Its outline level (Word's 大纲级别, from 0; 9 is body
    text), where the paragraph or its style gives one, says whether it is a heading, as Word's
    navigation pane lists it: offices set it on a template's title lines without any heading
    style; else its style's name does. A paragraph in a text box (`boxed`) is no heading,
    whatever its font: Word's navigation pane leaves boxes out of the outline too, and a box's
    caption in 黑体 (专栏1 …) is no part of the report."""
    parts: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    fonts: set[str] = set()
    for run in runs:
        if not run.text:
            continue
        end = length + len(run.text)
        if run.bold and run.text.strip():
            if spans and spans[-1][1] == length:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((length, end))
        if run.font is not None and run.text.strip():
            fonts.add(run.font)
        parts.append(run.text)
        length = end
    text = "".join(parts)
    if boxed:
        heading = 0
    elif outline is not None:
        heading = 1 if outline == 0 else 2 if 0 < outline < 9 else 0
    else:
        heading = style_level(style)
    if not heading and not boxed and len(fonts) == 1 and not spans:
        (font,) = fonts
        heading = 1 if "黑体" in font else 2 if "楷体" in font else 0
    start = 0
    for piece in text.split("\n"):
        end = start + len(piece)
        cleaned, places = cleaned_places(piece)
        if cleaned:
            own = tuple(
                (places[max(a - start, 0)], places[min(b, end) - start])
                for a, b in spans
                if a < end and b > start
            )
            yield Line(cleaned, number, tuple((a, b) for a, b in own if a < b), heading, centred)
        start = end + 1


def style_level(name: str) -> int:
    """1 for a first-level heading style (标题 1, Heading 1), 2 for any lower one, else 0."""
    match = re.match(r"(?:heading|标题)\s*([1-9])", name, re.IGNORECASE)
    if not match:
        return 0
    return 1 if match.group(1) == "1" else 2
