"""Tables of figures inside a report's text (main indicators: 指标 | 2023年完成 | 同比增长): their
cells are read one per line from a Word file or a page, and are no paragraphs of the report.
They are left out of the body, and the editor is told where, to enter them by hand."""

from __future__ import annotations

import re
from typing import Final

from .lines import Dropped, Line, Notes
from .structure import ARABIC, CIRCLED, CN, PAREN, PAREN_ARABIC, SUB_ITEM

_CELL: Final = re.compile(r"[^。，；！？：:]{1,24}")
"""A cell of a table of figures: short, no sentence."""
_FIGURE: Final = re.compile(r"\d|[%％]")
_ROW: Final = re.compile(r"^\s*[|｜].*[|｜].*[|｜]\s*$")
"""A row of a pipe table (| 指标 | 2023年完成 |)."""
_SHORTEST: Final = 6
"""Cells in a run before it reads as a table: a report's headings never stand six in a row."""


def _cell(line: Line) -> bool:
    text = line.text.strip()
    # A numbered line is an item or a heading (1.新建村级幼儿园2所), whatever its length.
    numbered = (CN, PAREN, ARABIC, PAREN_ARABIC, SUB_ITEM, CIRCLED)
    return bool(_CELL.fullmatch(text)) and not any(mark.match(text) for mark in numbered)


def drop_tables(lines: list[Line], notes: Notes) -> list[Line]:
    """The body without its tables of figures: runs of six cells or more, a third of them
    figures, and rows of pipe tables (two or more)."""
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        end = index
        if _ROW.match(lines[index].text):
            while end < len(lines) and _ROW.match(lines[end].text):
                end += 1
            table = end - index >= 2
        else:
            while end < len(lines) and _cell(lines[end]):
                end += 1
            run = lines[index:end]
            table = len(run) >= _SHORTEST and 3 * sum(
                bool(_FIGURE.search(line.text)) for line in run
            ) >= len(run)
        if not table:
            kept.append(lines[index])
            index += 1
            continue
        notes.warnings.append(
            (
                lines[index].number,
                "表格已略去，请手工录入",
                "a table was left out: enter it by hand",
            )
        )
        for line in lines[index:end]:
            notes.dropped.append(Dropped(line.number, line.text, "表格", "table"))
        index = end
    return kept
