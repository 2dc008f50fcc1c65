"""The value every stage of the import passes on: a line of the source, with where it was."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the source as the reader sees it."""

    text: str
    number: int
    """Its line in the source (for a Word file: its paragraph number), for the summary."""
    bold: tuple[tuple[int, int], ...] = ()
    """Character spans the source set in bold (Word runs, <strong>, **…**): lead phrases."""
    heading: int = 0
    """1 or 2 where the format marks a heading (a Word heading style or 黑体/楷体 font, <h2>,
    a Markdown #); 0 otherwise."""
    centred: bool = False

    def with_text(self, text: str, start: int = 0) -> Line:
        """The same line holding text that begins at `start` of the old text."""
        spans = tuple(
            (max(a - start, 0), min(b - start, len(text)))
            for a, b in self.bold
            if b - start > 0 and a - start < len(text)
        )
        return replace(self, text=text, bold=spans)


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something left out of the YAML, and why, for the summary."""

    line: int
    text: str
    why_zh: str
    why_en: str


@dataclass(slots=True)
class Notes:
    """What the stages tell the editor: dropped lines and warnings, in source order."""

    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, 中文, English)."""
    punctuation: int = 0
    """Half-width punctuation marks made full-width."""
