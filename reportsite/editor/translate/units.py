"""What goes out for translation: one unit a text, with its place, the glossary terms it
holds, and a translation from the archive's memory where the same text was translated before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ...cache import pickled
from ...convert import convert_source
from ...load import load_source
from ...model import Glossary, Lang, Report, Term, Text, walk_texts
from ...pipeline import on_every_core
from ...problems import Location, Problem
from ...progress import SILENT, Progress, stage
from ...validate import PLACEHOLDER, Checked, check_report, may_hold, terms_held
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

LOOKED_FOR_UP_TO = 200
"""Up to how many wanted texts a report file's bytes are looked over for each before the file
is read (validate.may_hold: 6 µs a text in a report of 46 KB); past that, reading the report
(1.6 ms) costs less. Every wanted text was looked for: exporting the pending texts of 10,000
reports, each with its own, 800,000 of them, in each file."""

_asked: frozenset[str] = frozenset()
"""The texts the memory is asked for, as its workers inherit them when they are forked: sent
with each task, they were pickled again for every eight reports (the same export ran for more
than a quarter of an hour without reaching its end)."""


def memory(
    reports: Mapping[tuple[str, int], Path],
    wanted: frozenset[str],
    languages: tuple[Lang, Lang],
    *,
    jobs: int | None = None,
    progress: Progress = SILENT,
) -> Memory:
    """The translation the archive holds of each wanted text (reports: each report file by
    its series and year, of those holding a translation), by the source text; the newest
    report's where the same text was translated differently. The reports are read on every
    core and give back only what is wanted: at 10,000 reports, holding every report whole in
    one process took 53 s and 1.2 GB."""
    global _asked
    found: dict[str, tuple[str, str]] = {}
    if not wanted:
        return found
    order = sorted(reports, key=lambda key: (-key[1], key[0]))
    tasks = [(reports[key], languages) for key in order]
    _asked = wanted
    try:
        with stage(progress, "翻译记忆", "translation memory", len(tasks)) as asked:
            # The workers are forked as the first report is asked for: after _asked is set.
            for (series, year), held in zip(
                order, on_every_core(_translated, tasks, jobs=jobs), strict=True
            ):
                for original, translated, path in held:
                    found.setdefault(original, (translated, f"{series}/{year} {path}"))
                asked.advance()
    finally:
        _asked = frozenset()
    return found


def _translated(task: tuple[Path, tuple[Lang, Lang]]) -> list[tuple[str, str, str]]:
    """In a worker: the texts of a report file translated whose source is asked for (source,
    translation, path); none if the file no longer converts (changed since validated)."""
    file, (source, target) = task
    if len(_asked) <= LOOKED_FOR_UP_TO:
        try:
            if not may_hold(file.read_bytes(), _asked):  # most files, when few are asked for
                return []
        except OSError:
            return []
    loaded = load_source(file)
    report = convert_source(loaded, Report)[0] if not isinstance(loaded, list) else None
    if not isinstance(report, Report):
        return []
    return [
        (original, translated, path)
        for path, text in walk_texts(report)
        if (translated := text.get(target)) is not None
        and (original := _source(text, source)) in _asked
    ]


@dataclass(frozen=True, slots=True)
class Found:
    """The units of one report as the command keeps them (spool.py), how many, the source texts
    of those without a translation (if asked for), and how many of the report's texts were
    held back because they still hold a placeholder."""

    file: str
    run: bytes
    """The units, pickled as a run of the spool: sent back as objects, they were unpickled in
    the command only to be pickled again (a quarter of its time in an export)."""
    count: int
    untranslated: tuple[str, ...]
    held: int


def report_units(
    file: Path,
    *,
    content_dir: Path,
    glossary: Glossary,
    languages: tuple[Lang, Lang],
    everything: bool,
    untranslated: bool,
) -> Found | tuple[Problem, ...]:
    """In a worker: the units of a report file (the pending ones unless everything), none yet
    from the translation memory (recalled), and, if untranslated, the source of each without a
    translation; the file's problems if it changed since it was validated. Only the units come
    back to the command, which held every report whole (110 MB of 1,000 reports)."""
    # Its warnings are not told (the content's check told them): no glossary to check against.
    checked = check_report(file, None)
    if not isinstance(checked, Checked):
        return checked
    source, target = languages
    found: list[Unit] = []
    held = 0
    name = relative(file, content_dir)
    held_by = terms_held(glossary)
    for path, text in walk_texts(checked.report):
        original = _source(text, source)
        if PLACEHOLDER in original:
            held += 1
            continue
        translated = text.get(target)
        if translated is not None and not everything:
            continue
        found.append(
            Unit(
                file=name,
                path=path,
                source=original,
                target=translated,
                memory=None,
                terms=tuple(glossary.terms[number] for number in held_by(original)),
                description=field_doc(Report, path),
            )
        )
    asked = tuple(unit.source for unit in found if unit.target is None) if untranslated else ()
    return Found(name, pickled(found), len(found), asked, held)


def recalled(unit: Unit, remembered: Memory) -> Unit:
    """The unit, pre-filled from the translation memory if it has no translation and the
    memory holds one of its source text."""
    hit = remembered.get(unit.source) if unit.target is None else None
    return unit if hit is None else dataclasses.replace(unit, target=hit[0], memory=hit[1])


def _source(text: Text, lang: Lang) -> str:
    value = text.get(lang)
    assert value is not None, "the language of record is required by the model"
    return value


def term_note(term: Term) -> str:
    also = f"（也可 / also: {', '.join(term.variants)}）" if term.variants else ""
    return f"{term.zh} → {term.en}{also}"
