"""What goes out for translation: one unit a text, with its place, the glossary terms it
holds, and a translation from the archive's memory where the same text was translated before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...model import Glossary, Lang, Report, Term, Text, walk_texts
from ...problems import Location
from ...validate import PLACEHOLDER, Checked
from ..fields import field_doc


@dataclass(frozen=True, slots=True)
class Unit:
    """One text to translate."""

    file: str
    """The report file, relative to the content folder, e.g. reports/wayao-renda/2024.yaml."""
    path: str
    """The YAML path of the text in the file, e.g. review.sections[0].title."""
    source: str
    target: str | None
    memory: str | None
    """Where a target from the translation memory was found (series/year path), else None."""
    terms: tuple[Term, ...]
    description: str

    @property
    def id(self) -> str:
        return f"{self.file}#{self.path}"


@dataclass(frozen=True, slots=True)
class Returned:
    """A unit as it comes back from the translator."""

    file: str
    path: str
    source: str
    target: str
    where: Location
    """Where the unit stands in the returned file (a row of a sheet; the file for XLIFF)."""

    @property
    def id(self) -> str:
        return f"{self.file}#{self.path}"


def relative(file: Path, content_dir: Path) -> str:
    return file.relative_to(content_dir).as_posix()


Memory = Mapping[str, tuple[str, str]]


def memory(checked: Iterable[Checked], source: Lang, target: Lang) -> Memory:
    """Every translated text of the archive by its source text; the newest report's
    translation where the same text was translated differently."""
    found: dict[str, tuple[str, str]] = {}
    for item in sorted(checked, key=lambda c: (-c.report.year, c.report.series)):
        for path, text in walk_texts(item.report):
            translated = text.get(target)
            if translated is not None:
                origin = f"{item.report.series}/{item.report.year} {path}"
                found.setdefault(_source(text, source), (translated, origin))
    return found


def units(
    item: Checked,
    content_dir: Path,
    glossary: Glossary,
    remembered: Memory,
    languages: tuple[Lang, Lang],
    *,
    everything: bool,
) -> tuple[list[Unit], int]:
    """The units of one report (pending ones unless everything), and how many texts were held
    back because they still hold a placeholder."""
    source, target = languages
    found: list[Unit] = []
    held = 0
    file = relative(item.file, content_dir)
    for path, text in walk_texts(item.report):
        original = _source(text, source)
        if PLACEHOLDER in original:
            held += 1
            continue
        translated = text.get(target)
        if translated is not None and not everything:
            continue
        hit = remembered.get(original) if translated is None else None
        found.append(
            Unit(
                file=file,
                path=path,
                source=original,
                target=translated if hit is None else hit[0],
                memory=None if hit is None else hit[1],
                terms=tuple(t for t in glossary.terms if t.zh in original),
                description=field_doc(Report, path),
            )
        )
    return found, held


def _source(text: Text, lang: Lang) -> str:
    value = text.get(lang)
    assert value is not None, "the language of record is required by the model"
    return value


def term_note(term: Term) -> str:
    also = f"（也可 / also: {', '.join(term.variants)}）" if term.variants else ""
    return f"{term.zh} → {term.en}{also}"
