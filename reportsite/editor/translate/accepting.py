"""The translations one report takes, and the report written with them, in a worker: each
returned text checked on its own, then the report written with them checked whole, as the
build will check it. Only the text was checked once: an English lead phrase ending in a full
stop, or a title typed with its number, was written in, and the content then failed to build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...load import Composed, Source, display_name, load_source, read_source
from ...model import Glossary, Lang, Text, walk_texts
from ...problems import Location, Problem, Severity
from ...validate import Checked, check_report, text_rules
from .units import Returned
from .writeback import translated


@dataclass(frozen=True, slots=True)
class Taken:
    """What a report takes: how many texts to write and the file's bytes with them, the
    problems of the units refused and how many were, and, if it is to be written into,
    the warnings its new translations bring and its translation coverage (texts translated
    before, and after, all texts). The command writes the file, not the worker: a worker
    ended by an interrupt would leave its temporary file."""

    written: int
    data: bytes | None
    problems: tuple[Problem, ...]
    refused: int
    warnings: tuple[Problem, ...] = ()
    coverage: tuple[int, int, int] | None = None

    def unwritten(self, problem: Problem) -> Taken:
        """What the report took, its file not written (problem says why): every text it
        would have taken refused, its coverage as it was."""
        problems, refused = (*self.problems, problem), self.refused + self.written
        if self.coverage is None:
            return Taken(0, None, problems, refused)
        before, _, total = self.coverage
        return Taken(0, None, problems, refused, coverage=(before, before, total))


def take(
    task: tuple[Path, list[Returned]], *, glossary: Glossary, languages: tuple[Lang, Lang]
) -> Taken:
    """Which of the returned units of one report file it takes, and the file with them."""
    file, returned = task
    # Read once, edited as read: changed since it was validated, it is checked as it is now.
    raw = read_source(file)
    if isinstance(raw, list):
        return Taken(0, None, tuple(raw), len(returned))
    # Parsed once for its check and for the edit. Its warnings are not told (only those its
    # new translations bring, found by the check of the file written with them): no glossary.
    parsed = load_source(file, data=raw)
    if isinstance(parsed, list):
        return Taken(0, None, tuple(parsed), len(returned))
    checked = check_report(file, None, text_places=True, data=parsed)
    if not isinstance(checked, Checked):
        return Taken(0, None, checked, len(returned))
    texts = dict(walk_texts(checked.report))
    problems: list[Problem] = []
    accepted: dict[str, str] = {}
    refused = 0
    for same in _by_text(returned):
        found = _accept(same, checked, texts, languages, accepted)
        refused += len(same) if found else 0
        problems += found
    if not accepted:
        return Taken(0, None, tuple(problems), refused)
    before, total = checked.translated_into(languages[1])
    writing = _Writing(file, raw, parsed, checked, glossary, languages)
    while accepted:
        data, composed = writing.with_texts(accepted)
        written = writing.check(data, composed)
        failing, found = writing.failing(accepted, written)
        if not failing:
            # Checked as the build will check it, the file needs no check again once written.
            assert isinstance(written, Checked)  # no error: it converted
            after, _ = written.translated_into(languages[1])
            warnings = tuple(
                w for w in written.problems if any(_within(w.path, path) for path in accepted)
            )
            coverage = (before, after, total)
            return Taken(len(accepted), data, tuple(problems), refused, warnings, coverage)
        problems += found
        refused += len(failing)
        accepted = {path: text for path, text in accepted.items() if path not in failing}
    return Taken(0, None, tuple(problems), refused, coverage=(before, before, total))


@dataclass(frozen=True, slots=True)
class _Writing:
    """A report file to write translations into: its bytes as read, parsed, and checked."""

    file: Path
    raw: bytes
    parsed: Source
    checked: Checked
    glossary: Glossary
    languages: tuple[Lang, Lang]

    def with_texts(self, accepted: Mapping[str, str]) -> tuple[bytes, Composed | None]:
        """The file's bytes with the accepted texts, and their text and tree where the edit
        composed them."""
        source, target = self.languages
        composed = (self.parsed.text, self.parsed.node)
        return translated(self.raw, accepted, source.value, target.value, composed)

    def check(self, data: bytes, composed: Composed | None) -> Checked | tuple[Problem, ...]:
        parsed = load_source(self.file, data=data, composed=composed)
        if isinstance(parsed, list):
            return tuple(parsed)
        return check_report(self.file, self.glossary, data=parsed)

    def failing(
        self, accepted: Mapping[str, str], written: Checked | tuple[Problem, ...]
    ) -> tuple[set[str], list[Problem]]:
        """The accepted texts that would make the report fail its check (written: the file
        with them, checked), and the problems they bring, shown where each text stands in the
        file as it is. A problem that belongs to no text (a character the file may not hold)
        is traced to the texts that bring it by trying halves of them; brought by none alone,
        it is brought by all together (the file grown past its limit)."""
        failing: set[str] = set()
        problems: list[Problem] = []
        unplaced: list[Problem] = []
        for problem in written.problems if isinstance(written, Checked) else written:
            if problem.severity is not Severity.ERROR:
                continue
            path = next((p for p in accepted if _within(problem.path, p)), None)
            if path is None:
                unplaced.append(problem)
                continue
            failing.add(path)
            problems.append(dataclasses.replace(problem, location=self.checked.at(problem.path)))
        if not unplaced:
            return failing, problems
        if len(accepted) > 1:
            paths = list(accepted)
            halves = (paths[: len(paths) // 2], paths[len(paths) // 2 :])
            parts = [{p: accepted[p] for p in half} for half in halves]
            found = [self.failing(part, self.check(*self.with_texts(part))) for part in parts]
            if any(bringing for bringing, _ in found):
                return {p for bringing, _ in found for p in bringing}, [
                    problem for _, brought in found for problem in brought
                ]
            location, where = Location(display_name(self.file)), ""
        else:
            (path,) = accepted
            where = f"{path}.{self.languages[1].value}"
            location = self.checked.at(where)
        return set(accepted), [
            dataclasses.replace(problem, location=location, path=where or problem.path)
            for problem in unplaced
        ]


def _by_text(returned: list[Returned]) -> Iterator[list[Returned]]:
    """The units, those of the same text together (a spreadsheet's row copied, a file merged
    from two translators' parts), in the order each text first comes."""
    same: dict[str, list[Returned]] = {}
    for unit in returned:
        same.setdefault(unit.path, []).append(unit)
    return iter(same.values())


def _accept(
    same: list[Returned],
    checked: Checked,
    texts: Mapping[str, Text],
    languages: tuple[Lang, Lang],
    accepted: dict[str, str],
) -> list[Problem]:
    """Problems that refuse the units of one text; none when they are accepted (recorded in
    `accepted`). Units of the same text that differ are refused: which is meant is not for
    the command to guess (the last of them was once taken, and nothing said)."""
    source, target = languages
    unit = same[0]
    text = texts.get(unit.path)
    args = {"unit": unit.id}
    if len({(u.source, _meant(u)) for u in same}) > 1:
        location = checked.at(unit.path)
        count = {**args, "count": len(same)}
        return [Problem(location=location, code="translate-differ", path=unit.path, args=count)]
    if text is None:
        location = checked.at(unit.path)
        return [
            Problem(location=location, code="translate-unknown-path", path=unit.path, args=args)
        ]
    if text.get(source) != unit.source:
        # At the source text itself; the path named is the text's, as the export named it.
        location = checked.at(f"{unit.path}.{source.value}")
        return [
            Problem(location=location, code="translate-source-changed", path=unit.path, args=args)
        ]
    value = _meant(unit)
    if text.get(target) == value:
        return []
    candidate = dataclasses.replace(text, **{target.value: value})
    errors = [
        p for p in text_rules(candidate, unit.path, checked.at) if p.severity is Severity.ERROR
    ]
    if not errors:
        accepted[unit.path] = value
    return errors


def _meant(unit: Returned) -> str:
    """The translation as meant: a space or line break a tool or a spreadsheet cell added
    around it is not, and a carriage return (Windows' line end, pasted in) is a line end, as
    in the report file, which YAML reads so."""
    target = unit.target.replace("\r\n", "\n").replace("\r", "\n")
    return target.strip() if unit.source == unit.source.strip() else target


def _within(path: str, text_path: str) -> bool:
    """Whether a problem's path is the text's or inside it (one of its languages)."""
    return path == text_path or path.startswith((f"{text_path}.", f"{text_path}["))
